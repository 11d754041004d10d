package org.kcyj.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.Programmes;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The call stage's facade: managers create and publish calls; everyone reads open calls. */
@Service
public class CallService {
    public static final String FORM_CREATE = "Form_CreateCall";
    public static final String FORM_PUBLISH = "Form_PublishCall";

    private final CallRepository calls;
    private final Programmes programmes;
    private final FormValidator forms;
    private final Workflow workflow;
    private final AuditLog audit;
    private final Clock clock;

    CallService(CallRepository calls, Programmes programmes, FormValidator forms, Workflow workflow, AuditLog audit,
                Clock clock) {
        this.calls = calls;
        this.programmes = programmes;
        this.forms = forms;
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
    }

    public Map<String, List<FormField.Option>> createChoices() {
        return Map.of("programmes", programmes.all().stream()
                .map(p -> new FormField.Option(p.code(), p.name() + " (" + p.code() + ")")).toList());
    }

    @Transactional
    public ProgrammeCall create(UserAccount manager, Map<String, ?> input) {
        requireManager(manager);
        SubmittedForm form = forms.validate(FORM_CREATE, input, createChoices());
        Instant deadline = requireFuture(form.instant("applicationDeadline"));
        Programmes.Programme programme = programmes.byCode(form.text("programmeCode")).orElseThrow();
        long id = calls.insert(programme.id(), form.text("title"), form.decimal("callYear").intValueExact(),
                form.decimal("budget"), deadline, manager.username(), Instant.now(clock));
        workflow.start(CallProcess.KEY, ProgrammeCall.businessKey(id), Map.of(CallProcess.VAR_CALL_ID, id));
        audit.record(manager.username(), "CALL_CREATED", ProgrammeCall.businessKey(id), null, CallStatus.DRAFT.name(),
                form.text("title"));
        return get(id);
    }

    @Transactional
    public ProgrammeCall publish(UserAccount manager, long callId, Map<String, ?> input) {
        requireManager(manager);
        ProgrammeCall call = get(callId);
        Task task = workflow.openTask(call.businessKey(), CallProcess.TASK_PUBLISH_CALL, manager);
        SubmittedForm form = forms.validate(FORM_PUBLISH, input);
        Instant deadline = requireFuture(form.instant("applicationDeadline"));
        calls.publish(callId, deadline, manager.username(), Instant.now(clock));
        workflow.complete(task, Map.of());
        audit.record(manager.username(), "CALL_PUBLISHED", call.businessKey(), call.status().name(),
                CallStatus.OPEN.name(), deadline.toString());
        return get(callId);
    }

    public ProgrammeCall get(long callId) {
        return calls.find(callId).orElseThrow(DomainException::notFound);
    }

    /** Calls anyone may read: published ones. Managers and directors also see drafts. */
    public List<ProgrammeCall> visibleTo(UserAccount user) {
        if (user != null && (user.has(Role.PROGRAM_MANAGER) || user.has(Role.DIRECTOR) || user.has(Role.ADMIN))) {
            return calls.all();
        }
        return calls.all().stream().filter(c -> c.status() != CallStatus.DRAFT).toList();
    }

    public List<ProgrammeCall> open() {
        return calls.withStatus(CallStatus.OPEN);
    }

    public ProgrammeCall readableBy(UserAccount user, long callId) {
        return visibleTo(user).stream().filter(c -> c.id() == callId).findFirst().orElseThrow(DomainException::notFound);
    }

    void markOpen(long callId) {
        calls.status(callId, CallStatus.OPEN, Instant.now(clock));
    }

    void markClosed(long callId) {
        calls.status(callId, CallStatus.CLOSED, Instant.now(clock));
        audit.record("system", "CALL_CLOSED", ProgrammeCall.businessKey(callId), CallStatus.OPEN.name(),
                CallStatus.CLOSED.name(), null);
    }

    private Instant requireFuture(Instant deadline) {
        if (!deadline.isAfter(Instant.now(clock))) {
            throw DomainException.invalid("applicationDeadline", "validation.future");
        }
        return deadline;
    }

    private static void requireManager(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
    }
}
