package org.kcyj.proposal;

import java.time.Clock;
import java.time.Instant;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Thin delegates of the proposal process: read the proposal id, call the stage's services. */
@Configuration
class ProposalDelegates {

    /**
     * Registers a submission in the submitter's transaction: status and counter, the version as
     * submitted (content and its SHA-256), the application form (申报书) and the receipt (回执).
     */
    @Bean
    JavaDelegate registerSubmission(ProposalRepository proposals, ProposalService service, ProposalDrafts forms,
                                    CallService calls, DocumentService documents, Clock clock,
                                    @Value("${kcyj.issuer}") String issuer) {
        return execution -> {
            long id = ProposalProcess.proposalId(execution);
            Instant now = Instant.now(clock);
            ProposalStatus before = proposals.byId(id).status();
            proposals.markSubmitted(id, now);
            if (before == ProposalStatus.CORRECTION) {
                proposals.changeStatus(id, ProposalStatus.ENDORSED, now);
            }
            Proposal p = proposals.byId(id);
            String json = proposals.contentJson(id).orElse("{}");
            String sha = ApplicationContent.sha256(json);
            proposals.insertVersion(id, p.submissionCount(), json, sha, p.applicant(), now);
            IssuedDocument form = documents.issue(new DocumentRequest(p.number(), DocumentTypes.SBS, issuer, p.applicant(),
                    forms.applicationForm(p, sha), "SBS:" + p.number() + ":" + p.submissionCount()));
            documents.issue(new DocumentRequest(p.number(), DocumentTypes.HZ, issuer, p.applicant(),
                    ReceiptDocument.of(p, calls.get(p.callId()), service.topicLabel(p), sha, form),
                    "HZ:" + p.number() + ":" + p.submissionCount()));
        };
    }

    /** A deadline timer fired before (re)submission: the proposal lapses. */
    @Bean
    JavaDelegate markLapsed(ProposalRepository proposals, AuditLog audit, Clock clock) {
        return execution -> {
            long id = ProposalProcess.proposalId(execution);
            ProposalStatus before = proposals.changeStatus(id, ProposalStatus.LAPSED, Instant.now(clock));
            audit.record("system", "PROPOSAL_LAPSED", execution.getProcessBusinessKey(), before.name(),
                    ProposalStatus.LAPSED.name(), null);
        };
    }

    @Bean
    JavaDelegate runFormalChecks(FormalCheckService formalChecks, AuditLog audit) {
        return execution -> {
            boolean veto = formalChecks.runAutomaticChecks(ProposalProcess.proposalId(execution));
            execution.setVariable(ProposalProcess.VAR_INTEGRITY_VETO, veto);
            audit.record("system", "FORMAL_CHECKS_RUN", execution.getProcessBusinessKey(), null, null,
                    veto ? "integrity veto" : null);
        };
    }

    @Bean
    JavaDelegate recordVeto(FormalCheckService formalChecks, AuditLog audit) {
        return execution -> {
            formalChecks.recordVeto(ProposalProcess.proposalId(execution));
            audit.record("system", "PROPOSAL_VETOED", execution.getProcessBusinessKey(), null,
                    ProposalStatus.VETOED.name(), null);
            formalChecks.issueNotice(ProposalProcess.proposalId(execution));
        };
    }

    @Bean
    JavaDelegate issueFormalCheckNotice(FormalCheckService formalChecks) {
        return execution -> formalChecks.issueNotice(ProposalProcess.proposalId(execution));
    }

    @Bean
    JavaDelegate recordWithdrawal(ProposalRepository proposals, AuditLog audit, Clock clock) {
        return execution -> {
            long id = ProposalProcess.proposalId(execution);
            ProposalStatus before = proposals.changeStatus(id, ProposalStatus.WITHDRAWN, Instant.now(clock));
            String reason = proposals.lastDecision(id, "WITHDRAWAL").map(ProposalRepository.Decision::comment).orElse(null);
            audit.record(proposals.byId(id).applicant(), "PROPOSAL_WITHDRAWN", execution.getProcessBusinessKey(),
                    before.name(), ProposalStatus.WITHDRAWN.name(), reason);
        };
    }

}
