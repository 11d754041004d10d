package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.shared.NumberSequence;
import org.kcyj.shared.WorkingDayCalendar;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application stage's facade: applicants draft, save, submit, recall and withdraw; the unit
 * endorses; managers extend one applicant's deadline. Each act checks role, ownership, stage and
 * deadline before anything is stored, and stores nothing when it refuses.
 */
@Service
public class ProposalService {
    public static final String FORM_SUBMIT = "Form_SubmitProposal";
    public static final String FORM_ENDORSE = "Form_EndorseProposal";
    public static final String FORM_FORMAL_CHECK = "Form_FormalCheck";
    public static final String FORM_EXTEND = "Form_ExtendDeadline";
    public static final String FORM_WITHDRAW = "Form_WithdrawProposal";

    /** States in which the applicant still holds the proposal (may edit, submit or withdraw it). */
    private static final Set<ProposalStatus> WITH_APPLICANT =
            Set.of(ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.CORRECTION);
    /** States from which a proposal may be withdrawn: before the formal check has passed it. */
    private static final Set<ProposalStatus> WITHDRAWABLE = Set.of(ProposalStatus.DRAFT, ProposalStatus.SUBMITTED,
            ProposalStatus.RETURNED, ProposalStatus.ENDORSED, ProposalStatus.CORRECTION);

    private final ProposalRepository proposals;
    private final ProposalAccess access;
    private final ApplicationContent content;
    private final ApplicationRules rules;
    private final CallService calls;
    private final FormValidator forms;
    private final Workflow workflow;
    private final NumberSequence numbers;
    private final AuditLog audit;
    private final ProposalSteps steps;
    private final ProgrammeParameters parameters;
    private final WorkingDayCalendar calendar;
    private final Clock clock;

    ProposalService(ProposalRepository proposals, ProposalAccess access, ApplicationContent content,
                    ApplicationRules rules, CallService calls, FormValidator forms, Workflow workflow,
                    NumberSequence numbers, AuditLog audit, ProposalSteps steps, ProgrammeParameters parameters,
                    WorkingDayCalendar calendar, Clock clock) {
        this.proposals = proposals;
        this.access = access;
        this.content = content;
        this.rules = rules;
        this.calls = calls;
        this.forms = forms;
        this.workflow = workflow;
        this.numbers = numbers;
        this.audit = audit;
        this.steps = steps;
        this.parameters = parameters;
        this.calendar = calendar;
        this.clock = clock;
    }

    /**
     * Refuses anyone who may not apply (403): a registered person whom no unit has confirmed (yet), or whose
     * affiliation ended, is told so (docs/accounts.md); other roles are refused as such.
     */
    public void requireApplicant(UserAccount applicant) {
        if (applicant.roles().isEmpty() || (applicant.has(Role.APPLICANT) && applicant.unitId() == null)) {
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "error.no-confirmed-affiliation");
        }
        if (!applicant.has(Role.APPLICANT)) {
            throw DomainException.forbidden();
        }
    }

    /** Opens a draft in an open call; the proposal number is assigned now and never changes. */
    @Transactional
    public Proposal startDraft(UserAccount applicant, long callId, Map<String, ?> input) {
        requireApplicant(applicant);
        ProgrammeCall call = calls.readableBy(applicant, callId);
        if (call.status() == org.kcyj.call.CallStatus.ANNOUNCED) {
            throw DomainException.conflict("error.not-open-yet",
                    BusinessTime.display(call.opensAt() == null ? call.applicationDeadline() : call.opensAt()));
        }
        if (call.status() != org.kcyj.call.CallStatus.OPEN && call.status() != org.kcyj.call.CallStatus.CLOSED) {
            throw DomainException.conflict("error.call-not-open");
        }
        if (!call.acceptsSubmissionsAt(now())) {
            throw DomainException.conflict("error.deadline-passed", BusinessTime.display(call.closesAt()));
        }
        Map<String, List<FormField.Option>> choices = choices(callId);
        SubmittedForm draft = draft(content.merge(new SubmittedForm(Map.of()), input), choices);
        String number = "KCYJ%d-%s-%04d".formatted(call.year(), call.programmeCode(),
                numbers.next("proposal-" + call.year() + "-" + call.programmeCode()));
        long id = proposals.insert(number, callId, applicant.username(), applicant.unitId(), now());
        store(id, draft);
        Map<String, Object> variables = new HashMap<>();
        variables.put(ProposalProcess.VAR_PROPOSAL_ID, id);
        variables.put(ProposalProcess.VAR_APPLICANT, applicant.username());
        workflow.start(ProposalProcess.KEY, number, variables);
        audit.record(applicant.username(), "PROPOSAL_DRAFTED", number, null, ProposalStatus.DRAFT.name(), null);
        return proposals.byId(id);
    }

    /**
     * Saves the working copy without requiring completeness (formats and lengths are still checked).
     * Every submitted version stays on record unchanged (see {@link #versions}).
     */
    @Transactional
    public Proposal saveDraft(UserAccount applicant, String number, Map<String, ?> input) {
        Proposal proposal = own(applicant, number);
        requireSubmissionWindow(proposal);
        applicantTask(proposal, applicant);
        SubmittedForm stored = stored(proposal);
        store(proposal.id(), draft(content.merge(stored, input), choices(proposal.callId())));
        return proposals.byId(proposal.id());
    }

    /**
     * Submits before the deadline: validates the whole application at once (400 listing every
     * problem), refuses after the deadline (409 naming it); in either case nothing is stored.
     */
    @Transactional
    public Proposal submit(UserAccount applicant, String number, Map<String, ?> input) {
        Proposal proposal = own(applicant, number);
        requireSubmissionWindow(proposal);
        OpenTask task = applicantTask(proposal, applicant);
        ProgrammeCall call = calls.get(proposal.callId());
        Map<String, Object> merged = content.merge(stored(proposal), input);
        FormValidator.Checked checked = forms.check(FORM_SUBMIT, merged, choices(proposal.callId()));
        List<FieldProblem> problems = new ArrayList<>(checked.problems());
        problems.addAll(rules.problems(checked.form(), call, proposal, today()));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        store(proposal.id(), checked.form());
        workflow.complete(task, Map.of());
        audit.record(applicant.username(), "PROPOSAL_SUBMITTED", number, proposal.status().name(),
                proposals.byId(proposal.id()).status().name(), "version " + (proposal.submissionCount() + 1));
        return proposals.byId(proposal.id());
    }

    /**
     * Takes a submitted proposal back from the unit to change it, before the deadline; the next
     * submission replaces it as the version the programme sees.
     */
    @Transactional
    public Proposal recall(UserAccount applicant, String number) {
        Proposal proposal = access.readable(applicant, number);
        if (!proposal.applicant().equals(applicant.username())) {
            throw DomainException.notFound();
        }
        if (proposal.status() != ProposalStatus.SUBMITTED) {
            throw DomainException.conflict("error.stage");
        }
        if (now().isAfter(effectiveDeadline(proposal))) {
            throw DomainException.conflict("error.deadline-passed", BusinessTime.display(effectiveDeadline(proposal)));
        }
        workflow.correlate(ProposalProcess.MESSAGE_RECALLED, number);
        proposals.changeStatus(proposal.id(), ProposalStatus.DRAFT, now());
        audit.record(applicant.username(), "PROPOSAL_RECALLED", number, proposal.status().name(),
                ProposalStatus.DRAFT.name(), null);
        return proposals.byId(proposal.id());
    }

    /** Withdraws the proposal for good, before the formal check has passed it; the reason is kept. */
    @Transactional
    public Proposal withdraw(UserAccount applicant, String number, Map<String, ?> input) {
        Proposal proposal = access.readable(applicant, number);
        if (!proposal.applicant().equals(applicant.username())) {
            throw DomainException.notFound();
        }
        if (!WITHDRAWABLE.contains(proposal.status())) {
            throw DomainException.conflict("error.stage");
        }
        SubmittedForm form = forms.validate(FORM_WITHDRAW, input);
        proposals.recordDecision(proposal.id(), "WITHDRAWAL", "WITHDRAWN", form.text("reason"), null,
                applicant.username(), now());
        workflow.correlate(ProposalProcess.MESSAGE_WITHDRAWN, number);
        return proposals.byId(proposal.id());
    }

    /**
     * A manager extends one applicant's deadline (an outage, a hardship) with a recorded reason; the
     * waiting deadline timer moves with it. It must be granted before the deadline passes: at the
     * deadline the timer lapses a draft that was not submitted. A manager scoped to other programmes is told the
     * proposal does not exist ({@link org.kcyj.identity.ProgrammeScope}).
     */
    @Transactional
    public Instant extend(UserAccount manager, String number, Map<String, ?> input) {
        if (!manager.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
        // A draft is not the programme's to read, but its number is enough to extend its deadline.
        Proposal proposal = proposals.byNumber(number).orElseThrow(DomainException::notFound);
        access.requireManagerCovers(manager, proposal);
        if (proposal.applicant().equals(manager.username())) {
            throw DomainException.conflictOfInterest();
        }
        if (!WITH_APPLICANT.contains(proposal.status())) {
            throw DomainException.conflict("error.extension-stage");
        }
        SubmittedForm form = forms.validate(FORM_EXTEND, input);
        Instant until = form.instant("until");
        Instant current = effectiveDeadline(proposal);
        if (!until.isAfter(current) || !until.isAfter(now())) {
            throw DomainException.invalid("until", "validation.extension-after", BusinessTime.display(current));
        }
        checkExtensionBound(proposal, current, until);
        proposals.extend(proposal.id(), until, form.text("reason"), manager.username(), now());
        int moved = workflow.rescheduleTimers(number, ProposalProcess.EVENT_APPLICATION_WINDOW_CLOSED, until)
                + workflow.rescheduleTimers(number, ProposalProcess.EVENT_CORRECTION_DEADLINE_PASSED, until);
        if (moved == 0) {
            throw DomainException.conflict("error.extension-stage");
        }
        audit.record(manager.username(), "DEADLINE_EXTENDED", number, BusinessTime.display(current),
                BusinessTime.display(until), form.text("reason"));
        return until; // nothing else of a draft the programme may not read
    }

    /**
     * An extension moves the deadline by at most extension.max-days past the current one, and never past the
     * end of the formal check (formal-check.days after the call closes), after which the review starts.
     */
    private void checkExtensionBound(Proposal proposal, Instant current, Instant until) {
        ProgrammeCall call = calls.get(proposal.callId());
        int maxDays = parameters.integer(call.programmeId(), ProgrammeParameters.EXTENSION_MAX_DAYS);
        int checkDays = parameters.integer(call.programmeId(), ProgrammeParameters.FORMAL_CHECK_DAYS);
        Instant byLength = current.plus(java.time.Duration.ofDays(maxDays));
        Instant byReview = call.closesAt().plus(java.time.Duration.ofDays(checkDays));
        if (until.isAfter(byLength)) {
            throw DomainException.invalid("until", "validation.extension-too-long", BusinessTime.display(byLength), maxDays);
        }
        if (until.isAfter(byReview)) {
            throw DomainException.invalid("until", "validation.extension-after-review", BusinessTime.display(byReview),
                    checkDays);
        }
    }

    /** Endorse, or return for correction: the applicant then has until the correction deadline. */
    @Transactional
    public Proposal endorse(UserAccount unitAdmin, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(unitAdmin, number, ProposalProcess.TASK_ENDORSE_PROPOSAL, FORM_ENDORSE, input);
        boolean endorsed = "ENDORSE".equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(endorsed, step);
        if (!endorsed) {
            // Returning again does not move the deadline: only a manager's extension does.
            Instant existing = step.proposal().correctionDeadline();
            proposals.setCorrectionDeadline(step.proposalId(),
                    existing != null ? existing : correctionDeadline(step.proposal()));
        }
        steps.decide(step, "ENDORSEMENT", step.form().text("decision"), null,
                endorsed ? ProposalStatus.ENDORSED : ProposalStatus.RETURNED);
        steps.complete(step, Map.of(ProposalProcess.VAR_ENDORSED, endorsed));
        return proposals.byId(step.proposalId());
    }

    /** The later of the call's deadline and the end of N working days from tomorrow (a programme parameter). */
    Instant correctionDeadline(Proposal proposal) {
        ProgrammeCall call = calls.get(proposal.callId());
        int days = parameters.integer(call.programmeId(), ProgrammeParameters.CORRECTION_WORKING_DAYS);
        LocalDate tomorrow = today().plusDays(1);
        Instant end = calendar.window(tomorrow, days)[1].plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant();
        return end.isAfter(call.closesAt()) ? end : call.closesAt();
    }

    /**
     * The instant after which this proposal can no longer be (re)submitted: the call's close (with
     * its grace period) or, once returned, the correction deadline — or a manager's later extension.
     */
    public Instant effectiveDeadline(Proposal proposal) {
        Instant base = isReturned(proposal) && proposal.correctionDeadline() != null ? proposal.correctionDeadline()
                : calls.get(proposal.callId()).closesAt();
        return proposal.extendedUntil() != null && proposal.extendedUntil().isAfter(base) ? proposal.extendedUntil() : base;
    }

    /** Back with the applicant for correction, by the unit or by the formal check. */
    private static boolean isReturned(Proposal proposal) {
        return proposal.status() == ProposalStatus.RETURNED || proposal.status() == ProposalStatus.CORRECTION;
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

    /**
     * The full application as its reader may see it. The PI's and members' ID numbers are shown
     * masked to everyone but the applicant; reviewers do not see the experts asked to be excluded.
     */
    public Map<String, Object> content(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        boolean own = proposal.applicant().equals(user.username());
        Map<String, Object> shown = ApplicationContent.display(own ? stored(proposal) : submitted(proposal));
        shown.put("unitName", proposal.unitName());
        LocalDate deadlineDay = BusinessTime.zoned(calls.get(proposal.callId()).applicationDeadline()).toLocalDate();
        org.kcyj.shared.ResidentIdNumber.parse((String) shown.get("piIdNumber"), deadlineDay).ifPresent(id -> {
            shown.put("piBirthDate", id.birthDate().toString());
            shown.put("piAgeOnDeadline", id.ageOn(deadlineDay));
        });
        if (!proposal.applicant().equals(user.username())) {
            ApplicationRules.maskIdNumbers(shown);
            shown.remove("piBirthDate");
        }
        if (!seesContact(user, proposal)) {
            CONTACT_FIELDS.forEach(shown::remove); // reviewers and panel members judge the work, they need not call the PI
        }
        if (!access.seesDecisions(user, proposal)) {
            shown.remove("exclusions"); // whom the applicant asked to exclude is not for reviewers
        }
        return shown;
    }

    /** The PI's contact fields of the application, shown only to those whose task is to reach the PI. */
    static final List<String> CONTACT_FIELDS = List.of("piPhone", "piEmail");

    /**
     * Who may read the PI's phone and e-mail: the applicant, an administrator of the lead unit (who endorses
     * and co-signs) and programme managers (who return, fund and contract). Reviewers, panel members, the
     * director and system administrators read the application without them.
     */
    public boolean seesContact(UserAccount user, Proposal proposal) {
        return proposal.applicant().equals(user.username())
                || (user.has(Role.PROGRAM_MANAGER) && access.staffReads(user, proposal))
                || (user.has(Role.UNIT_ADMIN) && user.unitId() != null
                    && user.unitId() == proposal.unitId());
    }

    /** The working copy for the applicant's form, with the unit filled in. */
    public Map<String, Object> formValues(UserAccount applicant, String number) {
        Proposal proposal = own(applicant, number);
        Map<String, Object> values = new LinkedHashMap<>(ApplicationContent.display(stored(proposal)));
        values.put("unitName", proposal.unitName());
        return values;
    }

    /** Every submitted version on record: number, SHA-256 of its content, who and when. */
    public List<ProposalRepository.Version> versions(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        return proposals.versions(proposal.id()).stream()
                .filter(v -> access.mayReadVersion(user, proposal, v.version())).toList();
    }

    /** The call's topics as the form's choices. */
    public Map<String, List<FormField.Option>> choices(long callId) {
        return Map.of("topics", calls.topics(callId).stream()
                .map(t -> new FormField.Option(String.valueOf(t.id()), t.code() + " " + t.title())).toList());
    }

    /** The topic the proposal applies to, if it names one of its call's topics. */
    public Optional<org.kcyj.call.Topic> topicOf(Proposal proposal) {
        return proposal.topicId() == null ? Optional.empty()
                : calls.topics(proposal.callId()).stream().filter(t -> t.id() == proposal.topicId()).findFirst();
    }

    /** How a topic is named on documents: code and title. */
    public String topicLabel(Proposal proposal) {
        return topicOf(proposal).map(t -> t.code() + " " + t.title()).orElse("");
    }

    /** The version last submitted: what the unit, the programme and reviewers read (never a working copy). */
    /**
     * What conflict-of-interest checks read: the application as last submitted, unmasked, and the lead
     * unit's credit code. For the system's own checks only; never shown as it is.
     */
    public ConflictFacts conflictFacts(Proposal proposal) {
        return new ConflictFacts(submitted(proposal), proposals.unitFacts(proposal.unitId()).creditCode());
    }

    public record ConflictFacts(SubmittedForm application, String leadUnitCreditCode) {
    }

    /** The project duration in months the application last submitted asked for, if it gave one. */
    public Optional<Integer> submittedDurationMonths(Proposal proposal) {
        return Optional.ofNullable(submitted(proposal).decimal("durationMonths")).map(BigDecimal::intValue);
    }

    SubmittedForm submitted(Proposal proposal) {
        return content.fromJson(proposals.submittedContentJson(proposal.id()).orElse(null), choices(proposal.callId()));
    }

    SubmittedForm stored(Proposal proposal) {
        return content.fromJson(proposals.contentJson(proposal.id()).orElse(null), choices(proposal.callId()));
    }

    private Proposal own(UserAccount applicant, String number) {
        Proposal proposal = proposals.byNumber(number)
                .filter(p -> p.applicant().equals(applicant.username()))
                .orElseThrow(DomainException::notFound);
        if (!WITH_APPLICANT.contains(proposal.status())) {
            throw DomainException.conflict("error.stage");
        }
        return proposal;
    }

    /** The applicant's open step: drafting (or resubmitting after a return) or correcting. */
    private OpenTask applicantTask(Proposal proposal, UserAccount applicant) {
        return workflow.findOpenTask(proposal.number(), ProposalProcess.TASK_SUBMIT_PROPOSAL, applicant)
                .or(() -> workflow.findOpenTask(proposal.number(), ProposalProcess.TASK_CORRECT_PROPOSAL, applicant))
                .orElseThrow(() -> DomainException.conflict("error.stage"));
    }

    private void requireSubmissionWindow(Proposal proposal) {
        Instant deadline = effectiveDeadline(proposal);
        if (now().isAfter(deadline)) {
            throw DomainException.conflict(isReturned(proposal) ? "error.correction-deadline-passed" : "error.deadline-passed",
                    BusinessTime.display(deadline));
        }
        boolean firstWindow = proposal.status() == ProposalStatus.DRAFT;
        boolean extended = proposal.extendedUntil() != null && !now().isAfter(proposal.extendedUntil());
        ProgrammeCall call = calls.get(proposal.callId());
        if (firstWindow && !extended && !call.acceptsSubmissionsAt(now())) {
            throw DomainException.conflict("error.deadline-passed", BusinessTime.display(call.closesAt()));
        }
    }

    /** A draft keeps whatever is well-formed so far: blanks are dropped, formats and lengths checked. */
    private SubmittedForm draft(Map<String, Object> values, Map<String, List<FormField.Option>> choices) {
        Map<String, Object> present = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !(v instanceof String s && s.isBlank())) {
                present.put(k, v);
            }
        });
        present.remove("unitName");
        return forms.validatePartial(FORM_SUBMIT, present, choices);
    }

    private void store(long id, SubmittedForm form) {
        String topic = form.text("topicId");
        BigDecimal budget = form.decimal("requestedBudget");
        String idNumber = form.text("piIdNumber");
        proposals.saveApplication(id, topic == null ? null : Long.valueOf(topic), form.text("title"), form.text("summary"),
                form.text("piName"), budget, form.text("track"),
                idNumber == null ? null : idNumber.toUpperCase(java.util.Locale.ROOT), content.toJson(form.values()), now());
    }


    private Instant now() {
        return Instant.now(clock);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(BusinessTime.ZONE));
    }
}
