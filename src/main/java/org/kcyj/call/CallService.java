package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.ProgrammeScope;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.programme.Programmes;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The call stage's facade for calls: managers create a call and change it while it is a draft; the
 * process moves it through collection, approval, announcement, the open window and closing; everyone
 * reads the calls that concern them.
 * <p>
 * Programme scope ({@link ProgrammeScope}): a programme manager with programmes assigned creates calls only for
 * those programmes, acts only on their calls (topics, demands, the guide) and reads the staff view only of those;
 * another programme's call is to them as to anyone else (its public view once published, else 404).
 */
@Service
public class CallService {
    public static final String FORM_CREATE = "Form_CreateCall";

    private final CallRepository calls;
    private final TopicRepository topics;
    private final Programmes programmes;
    private final ProgrammeParameters parameters;
    private final FormValidator forms;
    private final Workflow workflow;
    private final AuditLog audit;
    private final ProgrammeScope scope;
    private final Clock clock;

    CallService(CallRepository calls, TopicRepository topics, Programmes programmes, ProgrammeParameters parameters,
                FormValidator forms, Workflow workflow, AuditLog audit, ProgrammeScope scope, Clock clock) {
        this.calls = calls;
        this.topics = topics;
        this.programmes = programmes;
        this.parameters = parameters;
        this.forms = forms;
        this.workflow = workflow;
        this.audit = audit;
        this.scope = scope;
        this.clock = clock;
    }

    public Map<String, List<FormField.Option>> createChoices() {
        return Map.of("programmes", programmes.all().stream()
                .map(p -> new FormField.Option(p.code(), p.name() + " (" + p.code() + ")")).toList());
    }

    /** The programmes this manager may create a call for: those they look after (all when none is assigned). */
    public Map<String, List<FormField.Option>> createChoices(UserAccount manager) {
        java.util.function.Predicate<String> covered = scope.coverage(manager);
        return Map.of("programmes", createChoices().get("programmes").stream()
                .filter(o -> covered.test(o.value())).toList());
    }

    /** Creates a draft call and starts its process; with a demand deadline the call collects demands first. */
    @Transactional
    public ProgrammeCall create(UserAccount manager, Map<String, ?> input) {
        requireManager(manager);
        SubmittedForm form = forms.validate(FORM_CREATE, input, createChoices());
        List<FieldProblem> problems = new ArrayList<>();
        CallRepository.Settings settings = settings(form);
        Instant now = Instant.now(clock);
        checkWindow(settings, now, problems);
        checkBounds(settings, form.text("programmeCode"), now, problems);
        if (settings.demandDeadline() != null) {
            checkDemandDeadline(settings, now, problems);
        }
        scope.requireForNew(manager, form.text("programmeCode"));
        refuseIfAny(problems);
        Programmes.Programme programme = programmes.byCode(form.text("programmeCode")).orElseThrow();
        boolean collect = settings.demandDeadline() != null;
        CallStatus status = collect ? CallStatus.COLLECTING : CallStatus.DRAFT;
        long id = calls.insert(programme.id(), settings, status, manager.username(), now);
        audit.record(manager.username(), "CALL_CREATED", ProgrammeCall.businessKey(id), null, status.name(),
                settings.title());
        workflow.start(CallProcess.KEY, ProgrammeCall.businessKey(id),
                Map.of(CallProcess.VAR_CALL_ID, id, CallProcess.VAR_COLLECT_DEMANDS, collect));
        return get(id);
    }

    /**
     * Changes a draft call: the fields sent replace the current ones (a blank optional field clears it).
     * Whether a call collects demands is settled when it is created; while it collects, its demand
     * deadline may move (the deadline timer moves with it).
     */
    @Transactional
    public ProgrammeCall update(UserAccount manager, long callId, Map<String, ?> input) {
        requireManagerOf(manager, callId);
        ProgrammeCall call = lockEditable(callId);
        Map<String, Object> merged = new HashMap<>(values(call));
        if (input != null) {
            merged.putAll(input);
        }
        SubmittedForm form = forms.validate(FORM_CREATE, merged, createChoices());
        List<FieldProblem> problems = new ArrayList<>();
        if (!call.programmeCode().equals(form.text("programmeCode"))) {
            problems.add(new FieldProblem("programmeCode", "validation.programme-fixed"));
        }
        CallRepository.Settings settings = settings(form);
        Instant now = Instant.now(clock);
        checkWindow(settings, now, problems);
        checkBounds(settings, call.programmeCode(), now, problems);
        if (call.status() == CallStatus.COLLECTING) {
            if (settings.demandDeadline() == null) {
                problems.add(new FieldProblem("demandDeadline", "validation.demand-deadline-needed"));
            } else {
                checkDemandDeadline(settings, now, problems);
            }
        } else if (!Objects.equals(settings.demandDeadline(), call.demandDeadline())) {
            problems.add(new FieldProblem("demandDeadline", "validation.demand-collection-fixed"));
        }
        refuseIfAny(problems);
        calls.update(callId, settings, now);
        if (call.status() == CallStatus.COLLECTING && !settings.demandDeadline().equals(call.demandDeadline())) {
            workflow.rescheduleTimers(call.businessKey(), CallProcess.EVENT_DEMAND_DEADLINE, settings.demandDeadline());
        }
        audit.record(manager.username(), "CALL_UPDATED", call.businessKey(), call.status().name(),
                call.status().name(), changes(call, get(callId)));
        return get(callId);
    }

    public ProgrammeCall get(long callId) {
        return calls.find(callId).orElseThrow(DomainException::notFound);
    }

    /**
     * Calls a user may read: staff see every call (a programme manager with programmes assigned: every call of
     * those, and no other); everyone else sees calls that collect demands or whose guide is published.
     */
    public List<ProgrammeCall> visibleTo(UserAccount user) {
        if (isStaff(user)) {
            java.util.function.Predicate<String> view = scope.staffView(user);
            return calls.all().stream().filter(c -> view.test(c.programmeCode())).toList();
        }
        return calls.all().stream().filter(c -> isPublic(c.status())).toList();
    }

    /**
     * Whether the user reads this call as staff: programme staff, and a programme manager with programmes assigned
     * only for a call of one of them.
     */
    public boolean staffReads(UserAccount user, ProgrammeCall call) {
        return isStaff(user) && scope.readsStaffView(user, call.programmeCode());
    }

    /** Whether the user reads the staff view of the call with this id (false for a call that does not exist). */
    public boolean staffReads(UserAccount user, long callId) {
        return isStaff(user) && calls.find(callId).map(c -> scope.readsStaffView(user, c.programmeCode())).orElse(false);
    }

    /** The call a programme manager acts on: 403 for other roles, 404 for a call outside the manager's programmes. */
    public ProgrammeCall requireManagerOf(UserAccount manager, long callId) {
        requireManager(manager);
        ProgrammeCall call = get(callId);
        scope.require(manager, call.programmeCode());
        return call;
    }

    void requireInScope(UserAccount manager, ProgrammeCall call) {
        scope.require(manager, call.programmeCode());
    }

    public ProgrammeCall readableBy(UserAccount user, long callId) {
        ProgrammeCall call = get(callId);
        if (!staffReads(user, call) && !isPublic(call.status())) {
            throw DomainException.notFound();
        }
        return call;
    }

    /** Calls taking applications now. */
    public List<ProgrammeCall> open() {
        return calls.withStatus(List.of(CallStatus.OPEN));
    }

    /** Calls whose guide is published and whose window has not closed: announced or open. */
    public List<ProgrammeCall> published() {
        return calls.withStatus(List.of(CallStatus.ANNOUNCED, CallStatus.OPEN));
    }

    /** The call's topics (for other stages, e.g. the topic a proposal applies to). */
    public List<Topic> topics(long callId) {
        return topics.ofCall(callId);
    }

    /** One topic, whichever call it belongs to (for other stages, e.g. a proposal's topic). */
    public Optional<Topic> topic(long topicId) {
        return topics.find(topicId);
    }

    /** The topics as the user may read them: staff at any time, others once the guide is published. */
    public List<Topic> topicsFor(UserAccount user, long callId) {
        ProgrammeCall call = readableBy(user, callId);
        boolean staff = staffReads(user, call);
        if (!staff && !call.status().isPublished()) {
            throw DomainException.notFound();
        }
        List<Topic> all = topics.ofCall(callId);
        if (staff) {
            return all;
        }
        // Which demands a topic condenses is the programme's business, not other demand owners'.
        return all.stream().map(t -> new Topic(t.id(), t.callId(), t.code(), t.title(), t.description(), t.indicators(),
                t.maxBudget(), t.expectedProjects(), List.of())).toList();
    }

    /** The call's settings as form values (Beijing time), e.g. to fill the edit form. */
    public Map<String, Object> values(ProgrammeCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("programmeCode", call.programmeCode());
        values.put("title", call.title());
        values.put("callYear", String.valueOf(call.year()));
        values.put("mode", call.mode().name());
        values.put("budget", call.budget().stripTrailingZeros().toPlainString());
        values.put("demandDeadline", local(call.demandDeadline()));
        values.put("opensAt", local(call.opensAt()));
        values.put("applicationDeadline", local(call.applicationDeadline()));
        values.put("graceMinutes", String.valueOf(call.graceMinutes()));
        return values;
    }

    /** The call locked for a change of its configuration, topics or demand decisions; 409 once submitted. */
    ProgrammeCall lockEditable(long callId) {
        ProgrammeCall call = calls.lock(callId).orElseThrow(DomainException::notFound);
        if (!call.status().isEditable()) {
            throw DomainException.conflict("error.call-not-editable");
        }
        return call;
    }

    ProgrammeCall lock(long callId) {
        return calls.lock(callId).orElseThrow(DomainException::notFound);
    }

    void status(long callId, CallStatus status) {
        calls.status(callId, status, Instant.now(clock));
    }

    String createdBy(long callId) {
        return calls.createdBy(callId);
    }

    void markPublished(long callId, String by) {
        calls.published(callId, by, Instant.now(clock));
    }

    /** The demand deadline has come (or an administrator ended the collection early). */
    void endDemandCollection(long callId) {
        ProgrammeCall call = get(callId);
        if (call.status() == CallStatus.COLLECTING) {
            calls.status(callId, CallStatus.DRAFT, Instant.now(clock));
            audit.record("system", "DEMAND_COLLECTION_ENDED", call.businessKey(), CallStatus.COLLECTING.name(),
                    CallStatus.DRAFT.name(), "planned " + BusinessTime.display(call.demandDeadline()));
        }
    }

    /** The window opens: now, which is the planned opening unless an administrator fired the timer early. */
    void markOpen(long callId) {
        ProgrammeCall call = get(callId);
        calls.opened(callId, Instant.now(clock));
        audit.record("system", "CALL_OPENED", call.businessKey(), call.status().name(), CallStatus.OPEN.name(),
                "planned " + BusinessTime.display(call.opensAt()));
    }

    void markClosed(long callId) {
        ProgrammeCall call = get(callId);
        calls.closed(callId, Instant.now(clock));
        audit.record("system", "CALL_CLOSED", call.businessKey(), call.status().name(), CallStatus.CLOSED.name(), null);
    }

    static boolean isStaff(UserAccount user) {
        return user != null && (user.has(Role.PROGRAM_MANAGER) || user.has(Role.DIRECTOR) || user.has(Role.ADMIN));
    }

    static void requireManager(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
    }

    static void refuseIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    private static boolean isPublic(CallStatus status) {
        return status == CallStatus.COLLECTING || status.isPublished();
    }

    private static CallRepository.Settings settings(SubmittedForm form) {
        String mode = form.text("mode");
        BigDecimal grace = form.decimal("graceMinutes");
        return new CallRepository.Settings(form.text("title"), form.decimal("callYear").intValueExact(),
                mode == null ? OrganisationMode.COMPETITIVE : OrganisationMode.valueOf(mode), form.decimal("budget"),
                form.instant("demandDeadline"), form.instant("opensAt"), form.instant("applicationDeadline"),
                grace == null ? 0 : grace.intValueExact());
    }

    /** The deadline lies ahead and the window opens before it. */
    private static void checkWindow(CallRepository.Settings s, Instant now, List<FieldProblem> problems) {
        if (!s.applicationDeadline().isAfter(now)) {
            problems.add(new FieldProblem("applicationDeadline", "validation.future"));
        }
        if (s.opensAt() != null && !s.opensAt().isBefore(s.applicationDeadline())) {
            problems.add(new FieldProblem("opensAt", "validation.opens-before-deadline"));
        }
    }

    /**
     * The call's dates and year lie in a sensible range: its year is last year, this year or one of the next
     * two; it opens no earlier than now and within the programme's lead limit (call.max-lead-days); its
     * window (from the opening, or from now when no opening is set) lasts at most call.max-window-days.
     */
    private void checkBounds(CallRepository.Settings s, String programmeCode, Instant now, List<FieldProblem> problems) {
        int thisYear = BusinessTime.zoned(now).getYear();
        if (s.year() < thisYear - 1 || s.year() > thisYear + 2) {
            problems.add(new FieldProblem("callYear", "validation.range", String.valueOf(thisYear - 1), String.valueOf(thisYear + 2)));
        }
        Optional<Programmes.Programme> programme = programmes.byCode(programmeCode);
        if (programme.isEmpty()) {
            return; // the form has named the field already
        }
        int maxLead = parameters.integer(programme.get().id(), ProgrammeParameters.CALL_MAX_LEAD_DAYS);
        int maxWindow = parameters.integer(programme.get().id(), ProgrammeParameters.CALL_MAX_WINDOW_DAYS);
        Instant latestOpening = now.plus(java.time.Duration.ofDays(maxLead));
        if (s.opensAt() != null) {
            if (s.opensAt().isBefore(now)) {
                problems.add(new FieldProblem("opensAt", "validation.call-opens-past"));
            } else if (s.opensAt().isAfter(latestOpening)) {
                problems.add(new FieldProblem("opensAt", "validation.call-opens-too-late",
                        BusinessTime.display(latestOpening), maxLead));
            }
        }
        Instant windowStart = s.opensAt() != null && s.opensAt().isAfter(now) ? s.opensAt() : now;
        Instant latestDeadline = windowStart.plus(java.time.Duration.ofDays(maxWindow));
        if (s.applicationDeadline().isAfter(latestDeadline)) {
            problems.add(new FieldProblem("applicationDeadline", "validation.call-window-too-long",
                    BusinessTime.display(latestDeadline), maxWindow));
        }
    }

    /** Demands are collected from now until a deadline before the window opens. */
    private static void checkDemandDeadline(CallRepository.Settings s, Instant now, List<FieldProblem> problems) {
        Instant limit = s.opensAt() != null ? s.opensAt() : s.applicationDeadline();
        if (!s.demandDeadline().isAfter(now)) {
            problems.add(new FieldProblem("demandDeadline", "validation.future"));
        } else if (!s.demandDeadline().isBefore(limit)) {
            problems.add(new FieldProblem("demandDeadline", "validation.demand-before-opening"));
        }
    }

    /** The settings that differ, as "field=value", for the audit log. */
    private String changes(ProgrammeCall before, ProgrammeCall after) {
        Map<String, Object> old = values(before);
        Map<String, Object> changed = new LinkedHashMap<>();
        values(after).forEach((k, v) -> {
            if (!Objects.equals(old.get(k), v)) {
                changed.put(k, v);
            }
        });
        return changed.toString();
    }

    private static String local(Instant instant) {
        return instant == null ? "" : BusinessTime.zoned(instant).toLocalDateTime().toString();
    }
}
