package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records a decision on a proposal or project with its reasons, moves its status, and audits both. */
@Component
public class StageDecisions {
    private final ProposalRepository proposals;
    private final AuditLog audit;
    private final Clock clock;

    StageDecisions(ProposalRepository proposals, AuditLog audit, Clock clock) {
        this.proposals = proposals;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UserAccount actor, Proposal proposal, String stage, String outcome, String comment,
                       BigDecimal amount, ProposalStatus next) {
        Instant now = Instant.now(clock);
        proposals.recordDecision(proposal.id(), stage, outcome, comment, amount, actor.username(), now);
        ProposalStatus before = proposals.changeStatus(proposal.id(), next, now);
        audit.record(actor.username(), stage + "_" + outcome, proposal.number(), before.name(), next.name(), comment);
    }

    /** A negative decision must say why. */
    public static void requireReasonUnless(boolean positive, String comment) {
        if (!positive && (comment == null || comment.isBlank())) {
            throw DomainException.invalid("comment", "validation.reason-required");
        }
    }
}
