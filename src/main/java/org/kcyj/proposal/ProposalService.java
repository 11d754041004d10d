package org.kcyj.proposal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.NumberSequence;
import org.kcyj.shared.WorkingDayCalendar;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application stage's facade: applicants draft and submit; the unit endorses; the programme
 * checks form. Each act checks role, ownership and stage before anything is stored.
 */
@Service
public class ProposalService {
    public static final String FORM_SUBMIT = "Form_SubmitProposal";
    public static final String FORM_ENDORSE = "Form_EndorseProposal";
    public static final String FORM_FORMAL_CHECK = "Form_FormalCheck";

    private final ProposalRepository proposals;
    private final ProposalAccess access;
    private final CallService calls;
    private final FormValidator forms;
    private final Workflow workflow;
    private final NumberSequence numbers;
    private final AuditLog audit;
    private final ProposalSteps steps;
    private final ProgrammeParameters parameters;
    private final WorkingDayCalendar calendar;
    private final Clock clock;

    ProposalService(ProposalRepository proposals, ProposalAccess access, CallService calls, FormValidator forms,
                    Workflow workflow, NumberSequence numbers, AuditLog audit, ProposalSteps steps,
                    ProgrammeParameters parameters, WorkingDayCalendar calendar, Clock clock) {
        this.steps = steps;
        this.parameters = parameters;
        this.calendar = calendar;
        this.proposals = proposals;
        this.access = access;
        this.calls = calls;
        this.forms = forms;
        this.workflow = workflow;
        this.numbers = numbers;
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens a draft in an open call; the proposal number is assigned now and never changes. */
    @Transactional
    public Proposal startDraft(UserAccount applicant, long callId, Map<String, ?> content) {
        if (!applicant.has(Role.APPLICANT) || applicant.unitId() == null) {
            throw DomainException.forbidden();
        }
        ProgrammeCall call = calls.readableBy(applicant, callId);
        requireOpen(call);
        Map<String, Object> draft = draftValues(content);
        String number = "KCYJ%d-%s-%04d".formatted(call.year(), call.programmeCode(),
                numbers.next("proposal-" + call.year() + "-" + call.programmeCode()));
        long id = proposals.insert(number, callId, applicant.username(), applicant.unitId(), Instant.now(clock));
        save(id, draft);
        Map<String, Object> variables = new HashMap<>();
        variables.put(ProposalProcess.VAR_PROPOSAL_ID, id);
        variables.put(ProposalProcess.VAR_APPLICANT, applicant.username());
        workflow.start(ProposalProcess.KEY, number, variables);
        audit.record(applicant.username(), "PROPOSAL_DRAFTED", number, null, ProposalStatus.DRAFT.name(), null);
        return proposals.byId(id);
    }

    /**
     * Saves a draft without requiring completeness. Each submitted version stays on record as its
     * application form (申报书) PDF; the row holds the working copy.
     */
    @Transactional
    public Proposal saveDraft(UserAccount applicant, String number, Map<String, ?> content) {
        Proposal proposal = own(applicant, number);
        workflow.openTask(number, ProposalProcess.TASK_SUBMIT_PROPOSAL, applicant);
        save(proposal.id(), draftValues(merge(proposal, content)));
        return proposals.byId(proposal.id());
    }

    /**
     * Submits before the call's deadline: validates everything at once (400), refuses after the
     * deadline (409); in either case nothing is stored.
     */
    @Transactional
    public Proposal submit(UserAccount applicant, String number, Map<String, ?> content) {
        Proposal proposal = own(applicant, number);
        requireSubmissionWindow(proposal);
        Task task = workflow.openTask(number, ProposalProcess.TASK_SUBMIT_PROPOSAL, applicant);
        SubmittedForm form = forms.validate(FORM_SUBMIT, merge(proposal, content));
        proposals.saveContent(proposal.id(), form.text("title"), form.text("summary"), form.text("piName"),
                form.decimal("requestedBudget"), Instant.now(clock));
        workflow.complete(task, Map.of());
        audit.record(applicant.username(), "PROPOSAL_SUBMITTED", number, proposal.status().name(),
                ProposalStatus.SUBMITTED.name(), null);
        return proposals.byId(proposal.id());
    }

    /** Endorse, or return once for correction: the applicant then has until the correction deadline. */
    @Transactional
    public Proposal endorse(UserAccount unitAdmin, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(unitAdmin, number, ProposalProcess.TASK_ENDORSE_PROPOSAL, FORM_ENDORSE, input);
        if (!"ENDORSE".equals(step.form().text("decision"))) {
            proposals.setCorrectionDeadline(step.proposalId(), correctionDeadline(step.proposal()));
        }
        return decideAndContinue(step, "ENDORSEMENT", "ENDORSE", ProposalStatus.ENDORSED, ProposalStatus.RETURNED,
                ProposalProcess.VAR_ENDORSED);
    }

    /** The later of the call's deadline and the end of N working days from tomorrow (a programme parameter). */
    private Instant correctionDeadline(Proposal proposal) {
        ProgrammeCall call = calls.get(proposal.callId());
        int days = parameters.integer(call.programmeId(), ProgrammeParameters.CORRECTION_WORKING_DAYS);
        java.time.LocalDate tomorrow = java.time.LocalDate.now(clock.withZone(BusinessTime.ZONE)).plusDays(1);
        Instant end = calendar.window(tomorrow, days)[1].plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant();
        return end.isAfter(call.applicationDeadline()) ? end : call.applicationDeadline();
    }

    @Transactional
    public Proposal formalCheck(UserAccount manager, String number, Map<String, ?> input) {
        return decideAndContinue(steps.open(manager, number, ProposalProcess.TASK_FORMAL_CHECK, FORM_FORMAL_CHECK, input),
                "FORMAL_CHECK", "PASS", ProposalStatus.UNDER_REVIEW, ProposalStatus.REJECTED,
                ProposalProcess.VAR_FORMAL_CHECK_PASSED);
    }

    /** A yes/no decision: records it (a "no" needs reasons) and sets the gateway flag. */
    private Proposal decideAndContinue(ProposalSteps.Step step, String stage, String yes, ProposalStatus ifYes,
                                       ProposalStatus ifNo, String flag) {
        boolean positive = yes.equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(positive, step);
        steps.decide(step, stage, step.form().text("decision"), null, positive ? ifYes : ifNo);
        steps.complete(step, Map.of(flag, positive));
        return proposals.byId(step.proposalId());
    }

    public List<Proposal> visibleTo(UserAccount user) {
        return access.visibleTo(user);
    }

    public Proposal readable(UserAccount user, String number) {
        return access.readable(user, number);
    }

    /** The id behind a number, for stages that key their tables by it; callers have checked access. */
    public long readableIdOf(String number) {
        return proposals.byNumber(number).orElseThrow(DomainException::notFound).id();
    }


    private Proposal own(UserAccount applicant, String number) {
        Proposal proposal = proposals.byNumber(number)
                .filter(p -> p.applicant().equals(applicant.username()))
                .orElseThrow(DomainException::notFound);
        if (proposal.status() != ProposalStatus.DRAFT && proposal.status() != ProposalStatus.RETURNED) {
            throw DomainException.conflict("error.stage");
        }
        return proposal;
    }

    /** A first submission needs the call open; a returned one, its correction deadline not passed. */
    private void requireSubmissionWindow(Proposal proposal) {
        if (proposal.status() == ProposalStatus.RETURNED && proposal.correctionDeadline() != null) {
            if (Instant.now(clock).isAfter(proposal.correctionDeadline())) {
                throw DomainException.conflict("error.correction-deadline-passed",
                        BusinessTime.display(proposal.correctionDeadline()));
            }
            return;
        }
        requireOpen(calls.get(proposal.callId()));
    }

    private void requireOpen(ProgrammeCall call) {
        if (!call.acceptsSubmissionsAt(Instant.now(clock))) {
            throw DomainException.conflict("error.deadline-passed", BusinessTime.display(call.applicationDeadline()));
        }
    }

    private void save(long id, Map<String, Object> draft) {
        proposals.saveContent(id, (String) draft.get("title"), (String) draft.get("summary"),
                (String) draft.get("piName"), (java.math.BigDecimal) draft.get("requestedBudget"), Instant.now(clock));
    }

    private static Map<String, Object> merge(Proposal proposal, Map<String, ?> content) {
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("title", proposal.title());
        merged.put("summary", proposal.summary());
        merged.put("piName", proposal.piName());
        merged.put("requestedBudget", proposal.requestedBudget());
        if (content != null) {
            content.forEach((k, v) -> {
                if (merged.containsKey(k)) {
                    merged.put(k, v);
                }
            });
        }
        return merged;
    }

    /** A draft keeps whatever is well-formed so far: only lengths and number formats are checked. */
    private Map<String, Object> draftValues(Map<String, ?> content) {
        Map<String, Object> values = new HashMap<>();
        if (content == null) {
            return values;
        }
        Map<String, Object> present = new HashMap<>();
        content.forEach((k, v) -> {
            if (v != null && !(v instanceof String s && s.isBlank())) {
                present.put(k, v);
            }
        });
        values.putAll(forms.validatePartial(FORM_SUBMIT, present).values());
        return values;
    }
}
