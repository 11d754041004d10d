package org.kcyj.proposal;

import java.time.Clock;
import java.time.Instant;

import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the proposal process does on its own between people's steps: registering a submission, lapsing,
 * the automatic checks and their veto, the formal-check notice, a withdrawal. Each runs in the transaction of
 * whoever moved the process (or of the timer), so a failure rolls the step back.
 */
@Service
public class Submissions {
    private final ProposalRepository proposals;
    private final ProposalService service;
    private final FormalCheckService formalChecks;
    private final ProposalDrafts forms;
    private final CallService calls;
    private final DocumentService documents;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;

    Submissions(ProposalRepository proposals, ProposalService service, FormalCheckService formalChecks,
                ProposalDrafts forms, CallService calls, DocumentService documents, AuditLog audit, Clock clock,
                @Value("${kcyj.issuer}") String issuer) {
        this.proposals = proposals;
        this.service = service;
        this.formalChecks = formalChecks;
        this.forms = forms;
        this.calls = calls;
        this.documents = documents;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * Registers a submission (or a corrected version): status and counter, the version as submitted (content
     * and its SHA-256), the application form (申报书) and the receipt (回执).
     */
    @Transactional
    public void register(long proposalId) {
        Instant now = Instant.now(clock);
        ProposalStatus before = proposals.byId(proposalId).status();
        proposals.markSubmitted(proposalId, now);
        if (before == ProposalStatus.CORRECTION) {
            proposals.changeStatus(proposalId, ProposalStatus.ENDORSED, now);
        }
        Proposal p = proposals.byId(proposalId);
        String json = proposals.contentJson(proposalId).orElse("{}");
        String sha = ApplicationContent.sha256(json);
        proposals.insertVersion(proposalId, p.submissionCount(), json, sha, p.applicant(), now);
        IssuedDocument form = documents.issue(new DocumentRequest(p.number(), DocumentTypes.SBS, issuer, p.applicant(),
                forms.applicationForm(p, sha), "SBS:" + p.number() + ":" + p.submissionCount()));
        documents.issue(new DocumentRequest(p.number(), DocumentTypes.HZ, issuer, p.applicant(),
                ReceiptDocument.of(p, calls.get(p.callId()), service.topicLabel(p), sha, form),
                "HZ:" + p.number() + ":" + p.submissionCount()));
    }

    /** A deadline passed before (re)submission: the proposal lapses. */
    @Transactional
    public void lapse(long proposalId) {
        ProposalStatus before = proposals.changeStatus(proposalId, ProposalStatus.LAPSED, Instant.now(clock));
        audit.record("system", "PROPOSAL_LAPSED", proposals.byId(proposalId).number(), before.name(),
                ProposalStatus.LAPSED.name(), null);
    }

    /**
     * Runs the automatic formal checks on the submitted version.
     *
     * @return whether an integrity record vetoes the proposal
     */
    @Transactional
    public boolean runAutomaticChecks(long proposalId) {
        boolean veto = formalChecks.runAutomaticChecks(proposalId);
        audit.record("system", "FORMAL_CHECKS_RUN", proposals.byId(proposalId).number(), null, null,
                veto ? "integrity veto" : null);
        return veto;
    }

    /** An integrity record vetoes the proposal: the veto is recorded and the formal-check notice cites it. */
    @Transactional
    public void veto(long proposalId) {
        formalChecks.recordVeto(proposalId);
        audit.record("system", "PROPOSAL_VETOED", proposals.byId(proposalId).number(), null,
                ProposalStatus.VETOED.name(), null);
        formalChecks.issueNotice(proposalId);
    }

    /** The formal-check notice (形式审查意见) for the manager's latest decision. */
    @Transactional
    public void issueFormalCheckNotice(long proposalId) {
        formalChecks.issueNotice(proposalId);
    }

    /** The applicant's withdrawal reached the process: the proposal ends as withdrawn, with their reason. */
    @Transactional
    public void recordWithdrawal(long proposalId) {
        ProposalStatus before = proposals.changeStatus(proposalId, ProposalStatus.WITHDRAWN, Instant.now(clock));
        String reason = proposals.lastDecision(proposalId, "WITHDRAWAL").map(ProposalRepository.Decision::comment).orElse(null);
        Proposal p = proposals.byId(proposalId);
        audit.record(p.applicant(), "PROPOSAL_WITHDRAWN", p.number(), before.name(), ProposalStatus.WITHDRAWN.name(), reason);
    }
}
