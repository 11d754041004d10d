package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.reset;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;
import static org.kcyj.process.ProcessTestSupport.timesCreated;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.HashMap;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kcyj.call.CallProcess;
import org.mockito.InOrder;

/**
 * The programme-call process: with and without demand collection, a guide returned and then approved,
 * the window-opens and application-deadline timers at the dates the call schedule gives, and the close.
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/programme-call.bpmn")
class ProgrammeCallProcessTest {

    private static final Long CALL_ID = 2030L;
    private static final String DEMAND_DEADLINE = "2030-01-10T17:00:00+08:00";
    private static final String WINDOW_OPENS = "2030-03-01T09:00:00+08:00";
    private static final String WINDOW_CLOSES = "2030-03-31T17:30:00+08:00";

    ProcessEngine processEngine;

    private final JavaDelegate endDemandCollection = mock(JavaDelegate.class);
    private final JavaDelegate publishGuide = mock(JavaDelegate.class);
    private final JavaDelegate openApplicationWindow = mock(JavaDelegate.class);
    private final JavaDelegate closeApplicationWindow = mock(JavaDelegate.class);
    private final CallScheduleStub callSchedule = new CallScheduleStub();

    /** Stands in for the {@code callSchedule} bean: fixed dates, and the call id each expression saw. */
    public static class CallScheduleStub {
        private final Map<String, Object> callIdSeen = new HashMap<>();

        public String demandDeadline(long callId) {
            return seen("demandDeadline", callId, DEMAND_DEADLINE);
        }

        public String windowOpens(long callId) {
            return seen("windowOpens", callId, WINDOW_OPENS);
        }

        public String windowCloses(long callId) {
            return seen("windowCloses", callId, WINDOW_CLOSES);
        }

        private String seen(String method, long callId, String answer) {
            callIdSeen.put(method, callId);
            return answer;
        }
    }

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("endDemandCollection", endDemandCollection);
        Mocks.register("publishGuide", publishGuide);
        Mocks.register("openApplicationWindow", openApplicationWindow);
        Mocks.register("closeApplicationWindow", closeApplicationWindow);
        Mocks.register("callSchedule", callSchedule);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startCall(boolean collectDemands) {
        return runtimeService().startProcessInstanceByKey(CallProcess.KEY, "CALL-" + CALL_ID,
                withVariables(CallProcess.VAR_CALL_ID, CALL_ID, CallProcess.VAR_COLLECT_DEMANDS, collectDemands));
    }

    private void draftGuide(ProcessInstance call) {
        assertThat(call).isWaitingAtExactly(CallProcess.TASK_DRAFT_GUIDE);
        assertThat(task(call)).hasDefinitionKey(CallProcess.TASK_DRAFT_GUIDE).isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(call));
    }

    private void decide(ProcessInstance call, boolean approved) {
        assertThat(call).isWaitingAtExactly(CallProcess.TASK_APPROVE_GUIDE);
        assertThat(task(call)).hasDefinitionKey(CallProcess.TASK_APPROVE_GUIDE).isNotAssigned()
                .hasCandidateGroup("DIRECTOR");
        complete(task(call), withVariables(CallProcess.VAR_GUIDE_APPROVED, approved));
    }

    @Test
    void withoutDemandsTheGuideIsDraftedApprovedPublishedAndTheWindowOpensAndCloses() throws Exception {
        ProcessInstance call = startCall(false);

        draftGuide(call);
        verify(publishGuide, never()).execute(any());
        decide(call, true);

        verify(publishGuide).execute(any(DelegateExecution.class));
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_WINDOW_OPENS);
        assertThat(job(call)).hasDueDate(ScheduleStub.asDate(WINDOW_OPENS));
        verify(openApplicationWindow, never()).execute(any());

        execute(job(call));

        verify(openApplicationWindow).execute(any(DelegateExecution.class));
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_APPLICATION_DEADLINE);
        assertThat(job(call)).hasDueDate(ScheduleStub.asDate(WINDOW_CLOSES));
        verify(closeApplicationWindow, never()).execute(any());

        execute(job(call));

        InOrder order = inOrder(publishGuide, openApplicationWindow, closeApplicationWindow);
        order.verify(publishGuide).execute(any(DelegateExecution.class));
        order.verify(openApplicationWindow).execute(any(DelegateExecution.class));
        order.verify(closeApplicationWindow).execute(any(DelegateExecution.class));
        verify(endDemandCollection, never()).execute(any());
        assertThat(call).hasPassed(CallProcess.TASK_PUBLISH_GUIDE, CallProcess.TASK_OPEN_APPLICATION_WINDOW,
                CallProcess.TASK_CLOSE_APPLICATION_WINDOW).hasNotPassed(CallProcess.EVENT_DEMAND_DEADLINE);
        assertEndedAt(call, CallProcess.EVENT_CALL_CLOSED);
        Assertions.assertThat(callSchedule.callIdSeen)
                .containsEntry("windowOpens", CALL_ID).containsEntry("windowCloses", CALL_ID)
                .doesNotContainKey("demandDeadline");
    }

    @Test
    void aCallCollectingDemandsWaitsForTheDemandDeadlineBeforeTheGuideIsDrafted() throws Exception {
        ProcessInstance call = startCall(true);

        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_DEMAND_DEADLINE);
        assertThat(job(call)).hasDueDate(ScheduleStub.asDate(DEMAND_DEADLINE));
        Assertions.assertThat(callSchedule.callIdSeen).containsEntry("demandDeadline", CALL_ID);
        verify(endDemandCollection, never()).execute(any());

        execute(job(call));

        verify(endDemandCollection).execute(any(DelegateExecution.class));
        draftGuide(call);
        decide(call, true);
        verify(publishGuide).execute(any(DelegateExecution.class));
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_WINDOW_OPENS);
        assertThat(call).hasPassedInOrder(CallProcess.EVENT_DEMAND_DEADLINE, CallProcess.TASK_END_DEMAND_COLLECTION,
                CallProcess.TASK_DRAFT_GUIDE, CallProcess.TASK_APPROVE_GUIDE, CallProcess.TASK_PUBLISH_GUIDE);
    }

    @Test
    void aReturnedGuideGoesBackToTheManagerAndIsPublishedOnceApproved() throws Exception {
        ProcessInstance call = startCall(false);

        draftGuide(call);
        decide(call, false);

        assertThat(call).isWaitingAtExactly(CallProcess.TASK_DRAFT_GUIDE);
        verify(publishGuide, never()).execute(any());
        Assertions.assertThat(timesCreated(call, CallProcess.TASK_DRAFT_GUIDE)).isEqualTo(2);

        draftGuide(call);
        decide(call, true);

        verify(publishGuide, times(1)).execute(any(DelegateExecution.class));
        Assertions.assertThat(timesCreated(call, CallProcess.TASK_APPROVE_GUIDE)).isEqualTo(2);
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_WINDOW_OPENS);
    }

    @Test
    void theApplicationDeadlineTimerClosesTheWindowAndEndsTheCall() throws Exception {
        ProcessInstance call = startCall(false);
        draftGuide(call);
        decide(call, true);
        execute(job(call));
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_APPLICATION_DEADLINE);

        execute(job(call));

        verify(closeApplicationWindow).execute(any(DelegateExecution.class));
        assertEndedAt(call, CallProcess.EVENT_CALL_CLOSED);
    }
}
