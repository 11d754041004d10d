package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** Small assertions the process tests share. */
final class ProcessTestSupport {

    private ProcessTestSupport() {
    }

    /** The instance has ended, and it ended in the given end event (not merely passed it). */
    static void assertEndedAt(ProcessInstance processInstance, String endEventId) {
        assertThat(processInstance).isEnded().hasPassed(endEventId);
        HistoricProcessInstance historic = historyService().createHistoricProcessInstanceQuery()
                .processInstanceId(processInstance.getId())
                .singleResult();
        Assertions.assertThat(historic.getEndActivityId())
                .as("end event of %s", processInstance.getProcessDefinitionId())
                .isEqualTo(endEventId);
    }

    /** How many times the user task has been created in this instance (including finished ones). */
    static long timesCreated(ProcessInstance processInstance, String taskDefinitionKey) {
        return historyService().createHistoricTaskInstanceQuery()
                .processInstanceId(processInstance.getId())
                .taskDefinitionKey(taskDefinitionKey)
                .count();
    }

    /**
     * The id of the BPMN element (e.g. the timer event) that created the job. Unlike
     * {@code JobAssert.hasActivityId}, this also names a boundary timer rather than the task it sits on.
     */
    static String declaringActivityOf(Job job) {
        return managementService().createJobDefinitionQuery()
                .jobDefinitionId(job.getJobDefinitionId())
                .singleResult()
                .getActivityId();
    }
}
