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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

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

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/programme-call.bpmn")
class ProgrammeCallProcessTest {

    private static final Long CALL_ID = 2030L;

    ProcessEngine processEngine;

    private final JavaDelegate openApplicationWindow = mock(JavaDelegate.class);
    private final JavaDelegate closeApplicationWindow = mock(JavaDelegate.class);
    private final ScheduleStub callSchedule = new ScheduleStub();

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("openApplicationWindow", openApplicationWindow);
        Mocks.register("closeApplicationWindow", closeApplicationWindow);
        Mocks.register("callSchedule", callSchedule);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startCall() {
        return runtimeService().startProcessInstanceByKey(CallProcess.KEY,
                withVariables(CallProcess.VAR_CALL_ID, CALL_ID));
    }

    @Test
    void publishedCallOpensTheWindowAndClosesItAtTheDeadline() throws Exception {
        ProcessInstance call = startCall();

        assertThat(call).isStarted().isWaitingAtExactly(CallProcess.TASK_PUBLISH_CALL);
        assertThat(task(call))
                .hasDefinitionKey(CallProcess.TASK_PUBLISH_CALL)
                .isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        verify(openApplicationWindow, never()).execute(any());

        complete(task(call));

        verify(openApplicationWindow).execute(any(DelegateExecution.class));
        assertThat(call).isWaitingAtExactly(CallProcess.EVENT_APPLICATION_DEADLINE);
        assertThat(job(call))
                .hasActivityId(CallProcess.EVENT_APPLICATION_DEADLINE)
                .hasDueDate(ScheduleStub.asDate(ScheduleStub.APPLICATION_DEADLINE));
        verify(closeApplicationWindow, never()).execute(any());

        execute(job(call));

        InOrder order = inOrder(openApplicationWindow, closeApplicationWindow);
        order.verify(openApplicationWindow).execute(any(DelegateExecution.class));
        order.verify(closeApplicationWindow).execute(any(DelegateExecution.class));
        assertEndedAt(call, CallProcess.EVENT_CALL_CLOSED);
    }

    @Test
    void deadlineTimerIsDueWhenTheCallScheduleSaysAndSeesTheCall() throws Exception {
        String deadline = "2031-01-15T17:30:00+08:00";
        callSchedule.withApplicationDeadline(deadline);
        ProcessInstance call = startCall();

        complete(task(call));

        assertThat(call).isWaitingAt(CallProcess.EVENT_APPLICATION_DEADLINE);
        assertThat(job(call)).hasDueDate(ScheduleStub.asDate(deadline));
        Assertions.assertThat(callSchedule.variablesSeenBy("applicationDeadline"))
                .containsEntry(CallProcess.VAR_CALL_ID, CALL_ID);

        execute(job(call));

        verify(closeApplicationWindow).execute(any(DelegateExecution.class));
        assertEndedAt(call, CallProcess.EVENT_CALL_CLOSED);
    }
}
