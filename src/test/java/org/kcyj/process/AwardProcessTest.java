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
import static org.kcyj.award.AwardProcess.*;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;
import static org.kcyj.process.ProcessTestSupport.declaringActivityOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

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
import org.mockito.InOrder;

/**
 * The award on its own, as the proposal process calls it: funding proposal, director approval, publicity
 * with its timer, and the approval notice; each way it ends.
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/award.bpmn")
class AwardProcessTest {

    private static final String PROPOSAL_NUMBER = "KCYJ-2030-0001";
    private static final Long PROPOSAL_ID = 1L;

    ProcessEngine processEngine;

    private final JavaDelegate openPublicity = mock(JavaDelegate.class);
    private final JavaDelegate issueApprovalNotice = mock(JavaDelegate.class);
    private final ScheduleStub schedule = new ScheduleStub();

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("openPublicity", openPublicity);
        Mocks.register("issueApprovalNotice", issueApprovalNotice);
        Mocks.register("publicitySchedule", schedule);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startAward() {
        return runtimeService().startProcessInstanceByKey(KEY, PROPOSAL_NUMBER, withVariables(VAR_PROPOSAL_ID, PROPOSAL_ID));
    }

    private void proposeFunding(ProcessInstance award, boolean recommended) {
        assertThat(award).isWaitingAtExactly(TASK_PROPOSE_FUNDING);
        assertThat(task(award)).hasDefinitionKey(TASK_PROPOSE_FUNDING).isNotAssigned().hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(award), withVariables(VAR_FUNDING_RECOMMENDED, recommended));
    }

    private void approveFunding(ProcessInstance award, boolean approved) {
        assertThat(award).isWaitingAtExactly(TASK_APPROVE_FUNDING);
        assertThat(task(award)).hasDefinitionKey(TASK_APPROVE_FUNDING).isNotAssigned().hasCandidateGroup("DIRECTOR");
        complete(task(award), withVariables(VAR_FUNDING_APPROVED, approved));
    }

    @Test
    void approvedFundingIsPublishedAndTheApprovalNoticeWaitsForThePublicityPeriodToEnd() throws Exception {
        String publicityEnd = "2030-09-15T09:00:00+08:00";
        schedule.withPublicityEnd(publicityEnd);
        ProcessInstance award = startAward();
        assertThat(award).isStarted().hasBusinessKey(PROPOSAL_NUMBER);

        proposeFunding(award, true);
        verify(openPublicity, never()).execute(any());
        approveFunding(award, true);

        verify(openPublicity).execute(any(DelegateExecution.class));
        assertThat(award).isWaitingAtExactly(EVENT_PUBLICITY_ENDED);
        assertThat(job(award)).hasActivityId(EVENT_PUBLICITY_ENDED).hasDueDate(ScheduleStub.asDate(publicityEnd));
        Assertions.assertThat(declaringActivityOf(job(award))).isEqualTo(EVENT_PUBLICITY_ENDED);
        Assertions.assertThat(schedule.variablesSeenBy("publicityEnd")).containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);
        verifyNoInteractions(issueApprovalNotice);

        execute(job(award));

        InOrder order = inOrder(openPublicity, issueApprovalNotice);
        order.verify(openPublicity).execute(any());
        order.verify(issueApprovalNotice).execute(any());
        assertThat(award).hasPassedInOrder(EVENT_AWARD_STARTED, TASK_PROPOSE_FUNDING, TASK_APPROVE_FUNDING,
                TASK_OPEN_PUBLICITY, EVENT_PUBLICITY_ENDED, TASK_ISSUE_APPROVAL_NOTICE, END_FUNDED);
        assertThat(award).hasNotPassed(END_NOT_FUNDED, END_FUNDING_DECLINED);
        assertEndedAt(award, END_FUNDED);
    }

    @Test
    void proposalNotRecommendedForFundingEndsNotFunded() throws Exception {
        ProcessInstance award = startAward();
        proposeFunding(award, false);

        assertThat(award).hasNotPassed(TASK_APPROVE_FUNDING);
        verifyNoInteractions(openPublicity, issueApprovalNotice);
        Assertions.assertThat(schedule.timesCalled("publicityEnd")).isZero();
        assertEndedAt(award, END_NOT_FUNDED);
    }

    @Test
    void fundingDeclinedByTheDirectorEndsDeclined() throws Exception {
        ProcessInstance award = startAward();
        proposeFunding(award, true);
        approveFunding(award, false);

        verifyNoInteractions(openPublicity, issueApprovalNotice);
        assertThat(award).hasNotPassed(TASK_OPEN_PUBLICITY, EVENT_PUBLICITY_ENDED);
        assertEndedAt(award, END_FUNDING_DECLINED);
    }
}
