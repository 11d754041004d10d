package org.kcyj.proposal;

import java.time.Clock;
import java.time.Instant;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Registers a submission: status, counter and the application form PDF, in the submitter's transaction. */
@Component("registerSubmission")
class RegisterSubmission implements JavaDelegate {
    private final ProposalRepository proposals;
    private final CallService calls;
    private final DocumentService documents;
    private final Clock clock;
    private final String issuer;

    RegisterSubmission(ProposalRepository proposals, CallService calls, DocumentService documents, Clock clock,
                       @Value("${kcyj.issuer}") String issuer) {
        this.proposals = proposals;
        this.calls = calls;
        this.documents = documents;
        this.clock = clock;
        this.issuer = issuer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long id = ProposalProcess.proposalId(execution);
        proposals.markSubmitted(id, Instant.now(clock));
        Proposal proposal = proposals.byId(id);
        documents.issue(new DocumentRequest(proposal.number(), DocumentTypes.SBS, issuer, proposal.applicant(),
                ApplicationFormDocument.of(proposal, calls.get(proposal.callId())),
                "SBS:" + proposal.number() + ":" + proposal.submissionCount()));
    }
}

/** The boundary timer fired before submission: the draft lapses. */
@Component("markLapsed")
class MarkLapsed implements JavaDelegate {
    private final ProposalRepository proposals;
    private final AuditLog audit;
    private final Clock clock;

    MarkLapsed(ProposalRepository proposals, AuditLog audit, Clock clock) {
        this.proposals = proposals;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long id = ProposalProcess.proposalId(execution);
        ProposalStatus before = proposals.changeStatus(id, ProposalStatus.LAPSED, Instant.now(clock));
        audit.record("system", "PROPOSAL_LAPSED", execution.getProcessBusinessKey(), before.name(),
                ProposalStatus.LAPSED.name(), null);
    }
}
