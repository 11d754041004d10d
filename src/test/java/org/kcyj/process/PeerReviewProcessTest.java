package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.reset;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kcyj.proposal.ProposalProcess;
import org.kcyj.review.PeerReviewProcess;

/**
 * The peer-review process on its own: slots, invitations answered or lapsed, reminders, escalation,
 * replacement of an overdue reviewer, an exhausted pool, and the wait for the panel. The stage's services
 * are stood in for by recording delegates; the expert each slot gets comes from a queue.
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/peer-review.bpmn")
class PeerReviewProcessTest {

    private static final String BUSINESS_KEY = "KCYJ-2030-0007";
    private static final Long PROPOSAL_ID = 7L;

    ProcessEngine processEngine;

    /** Experts the fake draw hands out, in order; empty means the pool is exhausted. */
    private final Deque<String> pool = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private boolean panelRequired = true;
    private long nextInvitation = 100;

    /** Dates the timers read; all in the future so that only the jobs a test executes fire. */
    public static class ReviewScheduleStub {
        public String invitationExpires(long invitationId) {
            return "2031-01-10T17:00:00+08:00";
        }

        public String reviewDue(long invitationId) {
            return "2031-02-10T17:00:00+08:00";
        }

        public String reminderAt(long invitationId) {
            return "2031-02-07T17:00:00+08:00";
        }

        public String overdueAt(long invitationId) {
            return "2031-02-13T17:01:00+08:00";
        }
    }

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("reviewSchedule", new ReviewScheduleStub());
        Mocks.register("findReviewExpert", (JavaDelegate) execution -> {
            calls.add("find:" + slot(execution));
            boolean found = !pool.isEmpty();
            execution.setVariable(PeerReviewProcess.VAR_EXPERT_FOUND, found);
            if (found) {
                execution.setVariable(PeerReviewProcess.VAR_EXPERT, pool.pop());
                execution.setVariable(PeerReviewProcess.VAR_INVITATION_ID, nextInvitation++);
            }
        });
        record("sendReviewInvitation", "send");
        record("recordInvitationExpiry", "expired");
        record("sendReviewReminder", "remind");
        record("escalateOverdueReview", "escalate");
        record("recordOverdueReview", "overdue");
        Mocks.register("aggregateReviewScores", (JavaDelegate) execution -> {
            calls.add("aggregate");
            execution.setVariable(PeerReviewProcess.VAR_PANEL_REQUIRED, panelRequired);
        });
    }

    private void record(String bean, String name) {
        Mocks.register(bean, (JavaDelegate) execution -> calls.add(name + ":" + execution.getVariable(PeerReviewProcess.VAR_EXPERT)));
    }

    private static Object slot(DelegateExecution execution) {
        return execution.getVariable(PeerReviewProcess.VAR_SLOT);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startWithSlots(int slots, String... experts) {
        pool.addAll(List.of(experts));
        ProcessInstance review = runtimeService().startProcessInstanceByKey(PeerReviewProcess.KEY, BUSINESS_KEY,
                withVariables(ProposalProcess.VAR_PROPOSAL_ID, PROPOSAL_ID));
        assertThat(review).isWaitingAtExactly(PeerReviewProcess.TASK_ASSIGN_REVIEWERS);
        Task assign = taskQuery().processInstanceId(review.getId()).singleResult();
        Assertions.assertThat(taskService().getIdentityLinksForTask(assign.getId()))
                .anyMatch(link -> "PROGRAM_MANAGER".equals(link.getGroupId()));
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= slots; i++) {
            numbers.add(i);
        }
        taskService().complete(assign.getId(), Map.of(PeerReviewProcess.VAR_SLOTS, numbers));
        return review;
    }

    private Task taskOf(ProcessInstance review, String key, String assignee) {
        return taskQuery().processInstanceId(review.getId()).taskDefinitionKey(key).taskAssignee(assignee).singleResult();
    }

    private void answer(ProcessInstance review, String expert, boolean accepted) {
        Task respond = taskOf(review, PeerReviewProcess.TASK_RESPOND, expert);
        Assertions.assertThat(respond).as("invitation task of %s", expert).isNotNull();
        taskService().complete(respond.getId(), Map.of(PeerReviewProcess.VAR_ACCEPTED, accepted));
    }

    private void review(ProcessInstance review, String expert) {
        Task task = taskOf(review, PeerReviewProcess.TASK_REVIEW_PROPOSAL, expert);
        Assertions.assertThat(task).as("review task of %s", expert).isNotNull();
        Assertions.assertThat(task.getDueDate()).isEqualTo(ScheduleStub.asDate("2031-02-10T17:00:00+08:00"));
        taskService().complete(task.getId());
    }

    private Job timer(ProcessInstance review, String activityId, String expert) {
        return managementService().createJobQuery().processInstanceId(review.getId()).timers().list().stream()
                .filter(job -> activityId.equals(ProcessTestSupport.declaringActivityOf(job)))
                .filter(job -> expert.equals(runtimeService().getVariable(job.getExecutionId(), PeerReviewProcess.VAR_EXPERT)))
                .findFirst().orElseThrow(() -> new AssertionError("no timer " + activityId + " for " + expert));
    }

    @Test
    void everySlotInvitesItsExpertWhoAcceptsAndReviewsThenScoresAggregateAndThePanelIsAwaited() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu");

        Assertions.assertThat(calls).containsExactlyInAnyOrder("find:1", "find:2", "find:3",
                "send:li.si", "send:wang.wu", "send:zhao.liu");
        for (String expert : List.of("li.si", "wang.wu", "zhao.liu")) {
            answer(review, expert, true);
        }
        review(review, "li.si");
        review(review, "wang.wu");
        Assertions.assertThat(calls).doesNotContain("aggregate");
        review(review, "zhao.liu");

        Assertions.assertThat(calls).contains("aggregate");
        assertThat(review).isWaitingAt(PeerReviewProcess.EVENT_PANEL_CONCLUDED);
        runtimeService().createMessageCorrelation(PeerReviewProcess.MESSAGE_PANEL_CONCLUDED)
                .processInstanceBusinessKey(BUSINESS_KEY).correlate();
        assertEndedAt(review, PeerReviewProcess.END_REVIEW_COMPLETED);
    }

    @Test
    void aDeclineDrawsAReplacementForThatSlotOnly() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu", "sun.qi");

        answer(review, "wang.wu", false);

        Assertions.assertThat(calls).containsSubsequence("find:2", "send:wang.wu", "find:2", "send:sun.qi");
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_RESPOND, "sun.qi")).isNotNull();
        Assertions.assertThat(taskQuery().processInstanceId(review.getId()).taskDefinitionKey(PeerReviewProcess.TASK_RESPOND)
                .count()).isEqualTo(3);
    }

    @Test
    void anUnansweredInvitationExpiresAndAReplacementIsInvited() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu", "sun.qi");
        Job expiry = timer(review, PeerReviewProcess.EVENT_INVITATION_EXPIRED, "zhao.liu");
        Assertions.assertThat(expiry.getDuedate()).isEqualTo(ScheduleStub.asDate("2031-01-10T17:00:00+08:00"));

        managementService().executeJob(expiry.getId());

        Assertions.assertThat(calls).containsSubsequence("expired:zhao.liu", "send:sun.qi");
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_RESPOND, "zhao.liu")).isNull();
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_RESPOND, "sun.qi")).isNotNull();
    }

    @Test
    void aReminderThenTheManagerThenAReplacementWhenTheReviewStaysOverdue() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu", "sun.qi");
        answer(review, "li.si", true);

        managementService().executeJob(timer(review, PeerReviewProcess.EVENT_REVIEW_REMINDER, "li.si").getId());
        Assertions.assertThat(calls).contains("remind:li.si");
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_REVIEW_PROPOSAL, "li.si")).as("still open").isNotNull();

        managementService().executeJob(timer(review, PeerReviewProcess.EVENT_REVIEW_DEADLINE, "li.si").getId());
        Assertions.assertThat(calls).contains("escalate:li.si");
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_REVIEW_PROPOSAL, "li.si")).as("late but open").isNotNull();

        managementService().executeJob(timer(review, PeerReviewProcess.EVENT_REVIEW_OVERDUE, "li.si").getId());
        Assertions.assertThat(calls).containsSubsequence("overdue:li.si", "find:1", "send:sun.qi");
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_REVIEW_PROPOSAL, "li.si")).as("withdrawn").isNull();
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_RESPOND, "sun.qi")).isNotNull();
    }

    @Test
    void aReviewSubmittedInTimeCancelsItsTimers() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu");
        answer(review, "li.si", true);
        Assertions.assertThat(managementService().createJobQuery().processInstanceId(review.getId()).timers().count())
                .as("3 invitation expiries, and reminder, deadline, overdue of li.si").isEqualTo(5);

        review(review, "li.si");

        Assertions.assertThat(managementService().createJobQuery().processInstanceId(review.getId()).timers().count())
                .as("two invitation expiries left").isEqualTo(2);
    }

    @Test
    void anExhaustedPoolAsksTheManagerWhoDrawsAgainOrDropsTheSlot() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu");

        Task resolve = taskQuery().processInstanceId(review.getId())
                .taskDefinitionKey(PeerReviewProcess.TASK_RESOLVE_POOL_EXHAUSTED).singleResult();
        Assertions.assertThat(resolve).isNotNull();
        Assertions.assertThat(resolve.getAssignee()).isNull();
        Assertions.assertThat(taskService().getIdentityLinksForTask(resolve.getId()))
                .anyMatch(link -> "PROGRAM_MANAGER".equals(link.getGroupId()));

        pool.add("sun.qi");
        taskService().complete(resolve.getId(), Map.of(PeerReviewProcess.VAR_RETRY_DRAW, true));
        Assertions.assertThat(calls).containsSubsequence("find:3", "find:3", "send:sun.qi");

        answer(review, "sun.qi", false);
        resolve = taskQuery().processInstanceId(review.getId())
                .taskDefinitionKey(PeerReviewProcess.TASK_RESOLVE_POOL_EXHAUSTED).singleResult();
        taskService().complete(resolve.getId(), Map.of(PeerReviewProcess.VAR_RETRY_DRAW, false));

        for (String expert : List.of("li.si", "wang.wu")) {
            answer(review, expert, true);
            review(review, expert);
        }
        Assertions.assertThat(calls).contains("aggregate");
        assertThat(review).hasPassed("Event_SlotDropped");
    }

    @Test
    void withoutAPanelTheReviewEndsAfterAggregation() {
        panelRequired = false;
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu");
        for (String expert : List.of("li.si", "wang.wu", "zhao.liu")) {
            answer(review, expert, true);
            review(review, expert);
        }
        assertEndedAt(review, PeerReviewProcess.END_REVIEW_COMPLETED);
        assertThat(review).hasNotPassed(PeerReviewProcess.EVENT_PANEL_CONCLUDED);
    }

    @Test
    void slotVariablesStayInTheirSlot() {
        ProcessInstance review = startWithSlots(3, "li.si", "wang.wu", "zhao.liu");
        Assertions.assertThat(runtimeService().getVariables(review.getId()))
                .doesNotContainKeys(PeerReviewProcess.VAR_EXPERT, PeerReviewProcess.VAR_INVITATION_ID,
                        PeerReviewProcess.VAR_ACCEPTED);
        answer(review, "li.si", true);
        Assertions.assertThat(runtimeService().getVariables(review.getId())).doesNotContainKey(PeerReviewProcess.VAR_ACCEPTED);
        Assertions.assertThat(taskOf(review, PeerReviewProcess.TASK_RESPOND, "wang.wu")).isNotNull();
    }
}
