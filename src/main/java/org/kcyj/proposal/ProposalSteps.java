package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order every act on a proposal or project follows, in one place: may the user see it (404),
 * is the step open for them (409), is the input valid (400 with every field); then the stage writes
 * its tables and completes the step, all in the caller's transaction.
 */
@Component
public class ProposalSteps {

    /** An act in progress: the proposal, the open task and the validated input. */
    public record Step(Proposal proposal, OpenTask task, SubmittedForm form, UserAccount actor) {
        public String number() {
            return proposal.number();
        }

        public long proposalId() {
            return proposal.id();
        }
    }

    private final ProposalAccess access;
    private final ProposalRepository proposals;
    private final FormValidator forms;
    private final Workflow workflow;
    private final AuditLog audit;
    private final Clock clock;

    ProposalSteps(ProposalAccess access, ProposalRepository proposals, FormValidator forms, Workflow workflow,
                  AuditLog audit, Clock clock) {
        this.access = access;
        this.proposals = proposals;
        this.forms = forms;
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Step open(UserAccount user, String number, String taskKey, String formId, Map<String, ?> input) {
        return open(user, number, taskKey, formId, input, Map.of());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Step open(UserAccount user, String number, String taskKey, String formId, Map<String, ?> input,
                     Map<String, List<FormField.Option>> choices) {
        Proposal proposal = access.readable(user, number);
        OpenTask task = workflow.openTask(number, taskKey, user);
        if (task.offeredToRoles() && proposal.applicant().equals(user.username())) {
            // A step offered to a role (unit, programme, director) is never taken on one's own proposal.
            throw DomainException.conflictOfInterest();
        }
        return new Step(proposal, task, forms.validate(formId, input, choices), user);
    }

    /** As {@link #open}, for steps only the proposal's own applicant takes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Step openOwn(UserAccount applicant, String number, String taskKey, String formId, Map<String, ?> input) {
        Proposal proposal = access.readable(applicant, number);
        if (!proposal.applicant().equals(applicant.username())) {
            throw DomainException.notFound();
        }
        return open(applicant, number, taskKey, formId, input);
    }

    /** Records the step's decision (its "decision" field, or the outcome given) with its reasons. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void decide(Step step, String stage, String outcome, BigDecimal amount, ProposalStatus next) {
        Instant now = Instant.now(clock);
        String comment = step.form().text("comment");
        proposals.recordDecision(step.proposalId(), stage, outcome, comment, amount, step.actor().username(), now);
        ProposalStatus before = proposals.changeStatus(step.proposalId(), next, now);
        audit.record(step.actor().username(), stage + "_" + outcome, step.number(), before.name(), next.name(), comment);
    }

    /** Moves the status and audits the act, for steps that are not decisions. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Step step, String action, ProposalStatus next, String detail) {
        ProposalStatus before = next == null ? step.proposal().status()
                : proposals.changeStatus(step.proposalId(), next, Instant.now(clock));
        audit.record(step.actor().username(), action, step.number(), before.name(),
                next == null ? before.name() : next.name(), detail);
    }

    public void complete(Step step, Map<String, Object> variables) {
        workflow.complete(step.task(), variables);
    }

    /** A negative decision must say why. */
    public static void requireReasonUnless(boolean positive, Step step) {
        String comment = step.form().text("comment");
        if (!positive && (comment == null || comment.isBlank())) {
            throw DomainException.invalid("comment", "validation.reason-required");
        }
    }

    public Instant now() {
        return Instant.now(clock);
    }
}
