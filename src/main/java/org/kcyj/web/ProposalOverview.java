package org.kcyj.web;

import java.util.List;
import java.util.Optional;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.award.FundingService;
import org.kcyj.document.DocumentAccessPolicy;
import org.kcyj.document.DocumentService;
import org.kcyj.document.IssuedDocument;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.acceptance.AcceptanceService;
import org.kcyj.project.contract.TaskBookService;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.review.ReviewService;
import org.kcyj.workflow.WorkTask;
import org.kcyj.workflow.Workflow;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Everything one user may see of one proposal or project, assembled from the stages' facades.
 * Parts the user may not see are left out (null or empty), never masked in the client.
 */
@Service
class ProposalOverview {

    record DecisionView(String stage, String outcome, String comment, java.math.BigDecimal amount, String decidedBy,
                        java.time.Instant decidedAt) {
        private static final String MILESTONE = "MILESTONE_";

        /** The message naming the stage; milestone checks share one, numbered by {@link #milestone()}. */
        public String stageKey() {
            return "decision-stage." + (stage.startsWith(MILESTONE) ? "MILESTONE" : stage);
        }

        public String milestone() {
            return stage.startsWith(MILESTONE) ? stage.substring(MILESTONE.length()) : "";
        }
    }

    record View(Proposal proposal, ProgrammeCall call, List<DecisionView> decisions, ReviewService.Result reviewResult,
                FundingService.Publicity publicity, TaskBookService.TaskBook taskBook,
                AcceptanceService.Acceptance acceptance, List<IssuedDocument> documents, List<WorkTask> openSteps,
                List<org.kcyj.proposal.AttachmentService.Attachment> attachments,
                List<org.kcyj.proposal.FormalCheckService.Finding> findings,
                List<ProposalRecords.Extension> extensions, Actions actions) {
    }

    /** What the user may do to the proposal besides its process steps. */
    record Actions(boolean edit, boolean recall, boolean withdraw, boolean extend) {
    }

    private final ProposalAccess access;
    private final ProposalRecords proposals;
    private final CallService calls;
    private final ReviewService reviews;
    private final FundingService funding;
    private final TaskBookService taskBooks;
    private final AcceptanceService acceptances;
    private final DocumentService documents;
    private final DocumentAccessPolicy documentAccess;
    private final Workflow workflow;
    private final org.kcyj.proposal.AttachmentService attachments;
    private final org.kcyj.proposal.FormalCheckService formalChecks;

    ProposalOverview(ProposalAccess access, ProposalRecords proposals, CallService calls, ReviewService reviews,
                     FundingService funding, TaskBookService taskBooks, AcceptanceService acceptances,
                     DocumentService documents, DocumentAccessPolicy documentAccess, Workflow workflow,
                     org.kcyj.proposal.AttachmentService attachments, org.kcyj.proposal.FormalCheckService formalChecks) {
        this.attachments = attachments;
        this.formalChecks = formalChecks;
        this.access = access;
        this.proposals = proposals;
        this.calls = calls;
        this.reviews = reviews;
        this.funding = funding;
        this.taskBooks = taskBooks;
        this.acceptances = acceptances;
        this.documents = documents;
        this.documentAccess = documentAccess;
        this.workflow = workflow;
    }

    View of(UserAccount user, Authentication authentication, String number) {
        Proposal p = access.readable(user, number);
        boolean staff = access.staffReads(user, p);
        boolean decisionsVisible = access.seesDecisions(user, p);
        List<DecisionView> decisions = decisionsVisible
                ? proposals.decisions(p.id()).stream()
                    .map(d -> new DecisionView(d.stage(), d.outcome(), d.comment(), d.amount(),
                            staff ? d.decidedBy() : null, d.decidedAt()))
                    .toList()
                : List.of();
        List<IssuedDocument> docs = documents.listFor(number).stream()
                .filter(d -> documentAccess.mayRead(authentication, d)).toList();
        List<WorkTask> steps = workflow.inbox(user, number);
        return new View(p, calls.get(p.callId()), decisions,
                staff ? reviews.result(p.id()).orElse(null) : null,
                decisionsVisible ? funding.publicity(p.id()).orElse(null) : null,
                decisionsVisible ? taskBooks.taskBook(p.id()).orElse(null) : null,
                decisionsVisible ? acceptances.acceptance(p.id()).orElse(null) : null,
                docs, steps, attachments.list(user, number),
                staff ? formalChecks.findings(user, number) : List.of(),
                staff ? proposals.extensions(p.id()) : List.of(), actions(user, p, access.managerCovers(user, p)));
    }

    private static Actions actions(UserAccount user, Proposal p, boolean covered) {
        boolean own = p.applicant().equals(user.username());
        ProposalStatus s = p.status();
        boolean withApplicant = s == ProposalStatus.DRAFT || s == ProposalStatus.RETURNED || s == ProposalStatus.CORRECTION;
        return new Actions(own && withApplicant, own && s == ProposalStatus.SUBMITTED,
                own && (withApplicant || s == ProposalStatus.SUBMITTED || s == ProposalStatus.ENDORSED),
                user.has(org.kcyj.identity.Role.PROGRAM_MANAGER) && covered && !own && withApplicant);
    }

    Optional<View> find(UserAccount user, Authentication authentication, String number) {
        try {
            return Optional.of(of(user, authentication, number));
        } catch (org.kcyj.shared.DomainException e) {
            return Optional.empty();
        }
    }
}
