package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the other stages (review, award, funded project) and the overview read and change of proposals: one or
 * many by id, by number, a call's proposals, the status, the decisions recorded on a proposal, its deadline
 * extensions, and the lock one reviewer replacement at a time takes. The stages own their own tables; the
 * proposal and its decisions stay here. No access checks here: the calling stage checks who asks.
 */
@Service
public class ProposalRecords {

    /** A decision recorded on a proposal at one stage (funding proposal, approval, task book, milestone...). */
    public record Decision(String stage, String outcome, String comment, BigDecimal amount, String decidedBy,
                           Instant decidedAt) {
    }

    /** A deadline extension a manager granted one applicant, with the reason they gave. */
    public record Extension(Instant until, String reason, String grantedBy, Instant grantedAt) {
    }

    private final ProposalRepository proposals;
    private final JdbcClient jdbc;
    private final Clock clock;

    ProposalRecords(ProposalRepository proposals, JdbcClient jdbc, Clock clock) {
        this.proposals = proposals;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Proposal get(long proposalId) {
        return proposals.byId(proposalId);
    }

    public Optional<Proposal> find(long proposalId) {
        return proposals.byIds(List.of(proposalId)).stream().findFirst();
    }

    public Optional<Proposal> byNumber(String number) {
        return proposals.byNumber(number);
    }

    /** The proposals with these ids, by id, read at once (unknown ids are left out). */
    public Map<Long, Proposal> byIds(Collection<Long> proposalIds) {
        return proposals.byIds(proposalIds).stream().collect(Collectors.toMap(Proposal::id, p -> p));
    }

    /** Every proposal of the call, by number. */
    public List<Proposal> ofCall(long callId) {
        return proposals.ofCall(callId);
    }

    /** The call's proposals with this status, by number. */
    public List<Proposal> ofCall(long callId, ProposalStatus status) {
        return proposals.ofCall(callId).stream().filter(p -> p.status() == status).toList();
    }

    /** The call's submitted proposals that were not withdrawn, by number: whose applicants and PIs may not review. */
    public List<Proposal> submittedInCall(long callId) {
        return proposals.ofCall(callId).stream()
                .filter(p -> p.submissionCount() > 0 && p.status() != ProposalStatus.WITHDRAWN).toList();
    }

    /**
     * Locks the proposal's row until the caller's transaction ends: acts on one proposal's review (drawing a
     * replacement) happen one after the other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(long proposalId) {
        proposals.lock(proposalId);
    }

    /** The written review is complete: the proposal moves to REVIEWED; returns the status it had. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ProposalStatus markReviewed(long proposalId) {
        return changeStatus(proposalId, ProposalStatus.REVIEWED);
    }

    /** Moves the proposal to a new status now; returns the one it had. */
    public ProposalStatus changeStatus(long proposalId, ProposalStatus status) {
        return proposals.changeStatus(proposalId, status, Instant.now(clock));
    }

    public List<Decision> decisions(long proposalId) {
        return proposals.decisions(proposalId).stream().map(ProposalRecords::decision).toList();
    }

    /** The latest decision of the stage on the proposal, if any. */
    public Optional<Decision> lastDecision(long proposalId, String stage) {
        return proposals.lastDecision(proposalId, stage).map(ProposalRecords::decision);
    }

    /** The amount of the latest decision of the stage on each of the proposals that has one. */
    public Map<Long, BigDecimal> lastAmounts(Collection<Long> proposalIds, String stage) {
        Map<Long, BigDecimal> amounts = new HashMap<>();
        if (proposalIds.isEmpty()) {
            return amounts;
        }
        jdbc.sql("""
                        select d.proposal_id, d.amount from app.stage_decision d
                        where d.proposal_id in (:ids) and d.stage = :stage
                          and d.id = (select max(l.id) from app.stage_decision l where l.proposal_id = d.proposal_id and l.stage = :stage)""")
                .param("ids", proposalIds).param("stage", stage)
                .query((rs, i) -> Map.entry(rs.getLong(1), Optional.ofNullable(rs.getBigDecimal(2))))
                .list()
                .forEach(e -> e.getValue().ifPresent(amount -> amounts.put(e.getKey(), amount)));
        return amounts;
    }

    /**
     * The total of the amounts a stage last decided for the call's other proposals that are in one of the
     * statuses and whose latest decision of that stage has the outcome (e.g. what the call has committed).
     */
    public BigDecimal committedAmount(long callId, long exceptProposalId, String stage, String outcome,
                                      Set<ProposalStatus> statuses) {
        return jdbc.sql("""
                        select coalesce(sum(d.amount), 0) from app.stage_decision d join app.proposal p on p.id = d.proposal_id
                        where p.call_id = :call and p.id <> :except and d.stage = :stage and d.outcome = :outcome
                          and p.status in (:statuses)
                          and d.id = (select max(l.id) from app.stage_decision l where l.proposal_id = p.id and l.stage = :stage)""")
                .param("call", callId).param("except", exceptProposalId).param("stage", stage)
                .param("outcome", outcome)
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(BigDecimal.class).single();
    }

    /** The proposal's deadline extensions, oldest first. */
    public List<Extension> extensions(long proposalId) {
        return proposals.extensions(proposalId).stream()
                .map(e -> new Extension(e.until(), e.reason(), e.grantedBy(), e.grantedAt())).toList();
    }

    private static Decision decision(ProposalRepository.Decision d) {
        return new Decision(d.stage(), d.outcome(), d.comment(), d.amount(), d.decidedBy(), d.decidedAt());
    }
}
