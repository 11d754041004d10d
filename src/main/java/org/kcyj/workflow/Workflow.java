package org.kcyj.workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.time.Instant;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.task.Task;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.stereotype.Service;

/**
 * The one place that talks to Camunda's runtime and task services. Stage facades find a task by
 * business key and task definition key (never by a client-supplied task id alone), check who may
 * act, then complete it here.
 */
@Service
public class Workflow {
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final RepositoryService repository;
    private final ManagementService management;
    private final List<TaskVisibility> visibility;

    Workflow(RuntimeService runtime, TaskService tasks, RepositoryService repository, ManagementService management,
             List<TaskVisibility> visibility) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.repository = repository;
        this.management = management;
        this.visibility = visibility;
    }

    /** A timer waiting in a process: which process and business key, which event, when it is due. */
    public record WaitingTimer(String id, String processKey, String businessKey, String activityId, Instant due) {
    }

    /** Timers that are waiting, optionally for one business key; for administrators. */
    public List<WaitingTimer> timers(String businessKey) {
        List<String> instances = businessKey == null ? null
                : runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list().stream()
                        .map(org.camunda.bpm.engine.runtime.ProcessInstance::getId).toList();
        if (instances != null && instances.isEmpty()) {
            return List.of();
        }
        var query = management.createJobQuery().timers().active();
        if (instances != null) {
            query = query.processInstanceIds(new java.util.HashSet<>(instances));
        }
        return query.orderByJobDuedate().asc().listPage(0, 500).stream().map(this::waitingTimer).toList();
    }

    /** Fires a waiting timer now, as Camunda's Cockpit would; 404 when there is no such timer. */
    public WaitingTimer fireTimer(String timerId, java.util.function.Consumer<Instant> checkDue) {
        var job = management.createJobQuery().jobId(timerId).timers().active().singleResult();
        if (job == null) {
            throw DomainException.notFound();
        }
        WaitingTimer timer = waitingTimer(job);
        checkDue.accept(timer.due());
        management.executeJob(timerId);
        return timer;
    }

    /** Whether the timer (any job) with this id still exists, as far as this transaction sees. */
    public boolean timerExists(String timerId) {
        return management.createJobQuery().jobId(timerId).count() > 0;
    }

    /**
     * Moves the due date of the timers waiting at one event of a business key's processes (e.g. one
     * applicant's extended deadline); returns how many were moved.
     */
    public int rescheduleTimers(String businessKey, String activityId, Instant due) {
        int moved = 0;
        for (WaitingTimer timer : timers(businessKey)) {
            if (timer.activityId().equals(activityId)) {
                management.setJobDuedate(timer.id(), java.util.Date.from(due));
                moved++;
            }
        }
        return moved;
    }

    /** Whether a process of this business key waits for the message now. */
    public boolean waitsFor(String messageName, String businessKey) {
        return runtime.createExecutionQuery().messageEventSubscriptionName(messageName)
                .processInstanceBusinessKey(businessKey).count() > 0;
    }

    /** Delivers a message to the business key's process (recall, withdrawal); 409 when nothing waits for it. */
    public void correlate(String messageName, String businessKey) {
        try {
            runtime.createMessageCorrelation(messageName).processInstanceBusinessKey(businessKey).correlateWithResult();
        } catch (org.camunda.bpm.engine.MismatchingMessageCorrelationException nothingWaiting) {
            throw DomainException.conflict("error.stage");
        }
    }

    public String start(String processKey, String businessKey, Map<String, Object> variables) {
        return runtime.startProcessInstanceByKey(processKey, businessKey, variables).getId();
    }

    /** The open task of this step for this business key that the user may complete, or 409 if none. */
    public OpenTask openTask(String businessKey, String taskKey, UserAccount user) {
        return findOpenTask(businessKey, taskKey, user)
                .orElseThrow(() -> DomainException.conflict("error.stage"));
    }

    public Optional<OpenTask> findOpenTask(String businessKey, String taskKey, UserAccount user) {
        try {
            return tasks.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(taskKey)
                    .active().list().stream()
                    .filter(task -> mayWorkOn(task, user))
                    .findFirst()
                    .map(task -> new OpenTask(task.getId(), task.getExecutionId(), task.getTaskDefinitionKey(), businessKey, task.getAssignee()));
        } catch (NullValueException completedMeanwhile) {
            // Someone else completed the task between the query and the check: it is no longer open.
            return Optional.empty();
        }
    }

    /** A variable as the task's execution sees it (e.g. the milestone a multi-instance task works on). */
    public Object localVariable(OpenTask task, String name) {
        return runtime.getVariable(task.executionId(), name);
    }

    private WaitingTimer waitingTimer(org.camunda.bpm.engine.runtime.Job job) {
        String activity = management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId())
                .singleResult().getActivityId();
        return new WaitingTimer(job.getId(), repository.getProcessDefinition(job.getProcessDefinitionId()).getKey(),
                businessKeyOf(job.getProcessInstanceId()), activity,
                job.getDuedate() == null ? null : job.getDuedate().toInstant());
    }

    /** Completes the task; a task someone else completed meanwhile is a 409, not a 500. */
    public void complete(OpenTask task, Map<String, Object> variables) {
        try {
            tasks.complete(task.id(), variables);
        } catch (NullValueException gone) {
            throw DomainException.conflict("error.stage");
        } catch (ProcessEngineException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot find task")) {
                throw DomainException.conflict("error.stage");
            }
            throw e;
        }
    }

    /** The user's open work: tasks assigned to them and tasks of their roles that they may act on. */
    public List<WorkTask> inbox(UserAccount user) {
        List<Task> found = new ArrayList<>(tasks.createTaskQuery().taskAssignee(user.username()).active().initializeFormKeys().list());
        List<String> groups = user.roles().stream().map(Role::name).toList();
        if (!groups.isEmpty()) {
            found.addAll(tasks.createTaskQuery().taskCandidateGroupIn(groups).active().initializeFormKeys().list());
        }
        return found.stream()
                .filter(task -> mayWorkOn(task, user))
                .map(this::describe)
                .distinct()
                .sorted(Comparator.comparing(WorkTask::created))
                .toList();
    }

    /** The user's open work on one proposal or call. */
    public List<WorkTask> inbox(UserAccount user, String businessKey) {
        return tasks.createTaskQuery().processInstanceBusinessKey(businessKey).active().initializeFormKeys().list()
                .stream().filter(task -> mayWorkOn(task, user)).map(this::describe)
                .sorted(Comparator.comparing(WorkTask::created)).toList();
    }

    public Optional<WorkTask> describeFor(String taskId, UserAccount user) {
        Task task = tasks.createTaskQuery().taskId(taskId).active().initializeFormKeys().singleResult();
        return task != null && mayWorkOn(task, user) ? Optional.of(describe(task)) : Optional.empty();
    }

    /** A task by its id (the portal's task pages, after {@link #describeFor} checked the user); null when gone. */
    public OpenTask task(String taskId) {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        return task == null ? null
                : new OpenTask(task.getId(), task.getExecutionId(), task.getTaskDefinitionKey(), businessKeyOf(task),
                        task.getAssignee());
    }

    private boolean mayWorkOn(Task task, UserAccount user) {
        if (task.getAssignee() != null) {
            return task.getAssignee().equals(user.username());
        }
        java.util.Set<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                .map(link -> link.getGroupId()).filter(java.util.Objects::nonNull)
                .filter(group -> user.roles().stream().anyMatch(r -> r.name().equals(group)))
                .collect(java.util.stream.Collectors.toSet());
        String businessKey = businessKeyOf(task);
        return !groups.isEmpty() && visibility.stream().allMatch(v -> v.mayWorkOn(user, businessKey, groups));
    }

    private String businessKeyOf(Task task) {
        return businessKeyOf(task.getProcessInstanceId());
    }

    private String businessKeyOf(String processInstanceId) {
        return runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult().getBusinessKey();
    }

    private WorkTask describe(Task task) {
        ProcessDefinition definition = repository.getProcessDefinition(task.getProcessDefinitionId());
        String businessKey = businessKeyOf(task);
        String formId = task.getCamundaFormRef() != null ? task.getCamundaFormRef().getKey() : null;
        return new WorkTask(task.getId(), task.getTaskDefinitionKey(), task.getName(), definition.getKey(), businessKey,
                task.getCreateTime().toInstant(), task.getDueDate() == null ? null : task.getDueDate().toInstant(),
                formId, "/portal/tasks/" + task.getId());
    }
}
