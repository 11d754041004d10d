package org.kcyj.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.award.AwardProcess;
import org.kcyj.award.FundingService;
import org.kcyj.form.FormField;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.project.acceptance.AcceptanceService;
import org.kcyj.project.contract.TaskBookService;
import org.kcyj.project.milestone.MilestoneService;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalProcess;
import org.kcyj.proposal.ProposalService;
import org.kcyj.review.PeerReviewProcess;
import org.kcyj.review.InvitationService;
import org.kcyj.review.PanelService;
import org.kcyj.review.ReviewService;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Retries;
import org.kcyj.workflow.WorkTask;
import org.springframework.stereotype.Component;

/**
 * What each user task of the processes does when its portal form is sent: the same stage facade
 * the REST API calls. A task key without an entry here cannot be acted on from the portal.
 */
@Component
class PortalSteps {

    interface Action {
        void perform(UserAccount user, WorkTask task, Map<String, Object> input);
    }

    /** A step's form and what sending it does; {@code draft} saves it without completing, where drafts exist. */
    record Step(String formId, Action action, Action draft) {
        Step(String formId, Action action) {
            this(formId, action, null);
        }
    }

    private final Map<String, Step> steps = new HashMap<>();
    private final ProposalService proposals;
    private final ReviewService reviews;
    private final PanelService panels;
    private final MilestoneService milestones;

    PortalSteps(ProposalService proposals, org.kcyj.proposal.FormalCheckService formalChecks,
                ReviewService reviews, InvitationService invitations, PanelService panels, FundingService funding,
                TaskBookService taskBooks, MilestoneService milestones, AcceptanceService acceptances) {
        this.proposals = proposals;
        this.reviews = reviews;
        this.panels = panels;
        this.milestones = milestones;
        steps.put(ProposalProcess.TASK_SUBMIT_PROPOSAL, new Step(ProposalService.FORM_SUBMIT,
                (u, t, in) -> proposals.submit(u, t.businessKey(), in), (u, t, in) -> proposals.saveDraft(u, t.businessKey(), in)));
        steps.put(ProposalProcess.TASK_CORRECT_PROPOSAL, new Step(ProposalService.FORM_SUBMIT,
                (u, t, in) -> proposals.submit(u, t.businessKey(), in), (u, t, in) -> proposals.saveDraft(u, t.businessKey(), in)));
        steps.put(ProposalProcess.TASK_ENDORSE_PROPOSAL, new Step(ProposalService.FORM_ENDORSE,
                (u, t, in) -> proposals.endorse(u, t.businessKey(), in)));
        steps.put(ProposalProcess.TASK_FORMAL_CHECK, new Step(ProposalService.FORM_FORMAL_CHECK,
                (u, t, in) -> formalChecks.decide(u, t.businessKey(), in)));
        steps.put(PeerReviewProcess.TASK_ASSIGN_REVIEWERS, new Step(ReviewService.FORM_ASSIGN,
                (u, t, in) -> reviews.assignReviewers(u, t.businessKey(), in)));
        steps.put(PeerReviewProcess.TASK_RESPOND, new Step(InvitationService.FORM_RESPOND,
                (u, t, in) -> Retries.onConcurrentChange(() -> invitations.respond(u, t.businessKey(), in))));
        steps.put(PeerReviewProcess.TASK_RESOLVE_POOL_EXHAUSTED, new Step(InvitationService.FORM_RESOLVE,
                (u, t, in) -> invitations.resolvePoolExhausted(u, t.businessKey(), in)));
        steps.put(PanelService.TASK_VOTE, new Step(PanelService.FORM_VOTE,
                (u, t, in) -> Retries.onConcurrentChange(() -> panels.vote(u, panelId(t), in))));
        steps.put(PeerReviewProcess.TASK_REVIEW_PROPOSAL, new Step(ReviewService.FORM_REVIEW,
                (u, t, in) -> Retries.onConcurrentChange(() -> reviews.submitReview(u, t.businessKey(), in)),
                (u, t, in) -> reviews.saveDraft(u, t.businessKey(), in)));
        steps.put(AwardProcess.TASK_PROPOSE_FUNDING, new Step(FundingService.FORM_PROPOSE,
                (u, t, in) -> funding.proposeFunding(u, t.businessKey(), in)));
        steps.put(AwardProcess.TASK_APPROVE_FUNDING, new Step(FundingService.FORM_APPROVE,
                (u, t, in) -> funding.approveFunding(u, t.businessKey(), in)));
        steps.put(ProjectProcess.TASK_DRAFT_TASK_BOOK, new Step(TaskBookService.FORM_DRAFT,
                (u, t, in) -> taskBooks.draft(u, t.businessKey(), in)));
        steps.put(ProjectProcess.TASK_CONFIRM_TASK_BOOK, new Step(TaskBookService.FORM_CONFIRM,
                (u, t, in) -> taskBooks.confirm(u, t.businessKey(), in)));
        steps.put(ProjectProcess.TASK_REPORT_MILESTONE, new Step(MilestoneService.FORM_REPORT,
                (u, t, in) -> milestones.report(u, t.businessKey(), milestoneSeq(t), in)));
        steps.put(ProjectProcess.TASK_CHECK_MILESTONE, new Step(MilestoneService.FORM_CHECK,
                (u, t, in) -> milestones.check(u, t.businessKey(), milestoneSeq(t), in)));
        steps.put(ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE, new Step(AcceptanceService.FORM_APPLY,
                (u, t, in) -> acceptances.apply(u, t.businessKey(), in)));
        steps.put(ProjectProcess.TASK_RECORD_ACCEPTANCE, new Step(AcceptanceService.FORM_RECORD,
                (u, t, in) -> acceptances.record(u, t.businessKey(), in)));
    }

    Step step(WorkTask task) {
        Step step = steps.get(task.taskKey());
        if (step == null) {
            throw DomainException.notFound();
        }
        return step;
    }

    /** Options for fields whose values come from data, e.g. the reviewer pool. */
    Map<String, List<FormField.Option>> choices(UserAccount user, WorkTask task) {
        if (isApplicationStep(task)) {
            return proposals.choices(proposals.readable(user, task.businessKey()).callId());
        }
        return task.taskKey().equals(PeerReviewProcess.TASK_ASSIGN_REVIEWERS)
                ? reviews.reviewerChoices(proposals.readable(user, task.businessKey())) : Map.of();
    }

    /** Values the form starts with: what was saved before. */
    Map<String, Object> initialValues(UserAccount user, WorkTask task) {
        Map<String, Object> values = new HashMap<>();
        if (isApplicationStep(task)) {
            values.putAll(proposals.formValues(user, task.businessKey()));
        }
        if (task.taskKey().equals(PeerReviewProcess.TASK_REVIEW_PROPOSAL)) {
            values.putAll(reviews.formValues(user, task.businessKey()));
        }
        if (task.taskKey().equals(PanelService.TASK_VOTE)) {
            values.putAll(panels.ballot(user, panelId(task)));
        }
        return values;
    }

    /** The applicant's own steps on the application form: drafting and correcting. */
    static boolean isApplicationStep(WorkTask task) {
        return task.taskKey().equals(ProposalProcess.TASK_SUBMIT_PROPOSAL)
                || task.taskKey().equals(ProposalProcess.TASK_CORRECT_PROPOSAL);
    }

    /** A panel's tasks carry the business key PANEL-{id}. */
    static long panelId(WorkTask task) {
        try {
            return Long.parseLong(task.businessKey().substring("PANEL-".length()));
        } catch (RuntimeException e) {
            throw DomainException.notFound();
        }
    }

    private int milestoneSeq(WorkTask task) {
        return milestones.dueSeq(task.id(), proposals.readableIdOf(task.businessKey()));
    }
}
