package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.reset;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kcyj.proposal.ProposalProcess;
import org.kcyj.review.PeerReviewProcess;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/peer-review.bpmn")
class PeerReviewProcessTest {

    private static final String BUSINESS_KEY = "KCYJ-2030-0007";
    private static final Long PROPOSAL_ID = 7L;
    private static final List<String> REVIEWERS = List.of("li.si", "wang.wu", "zhao.liu");

    ProcessEngine processEngine;

    private final JavaDelegate aggregateReviewScores = mock(JavaDelegate.class);

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("aggregateReviewScores", aggregateReviewScores);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startReview() {
        return runtimeService().startProcessInstanceByKey(PeerReviewProcess.KEY, BUSINESS_KEY,
                withVariables(ProposalProcess.VAR_PROPOSAL_ID, PROPOSAL_ID));
    }

    /** Completes the assignment the way the portal does: a mutable list of usernames. */
    private void assignReviewers(ProcessInstance review) {
        assertThat(review).isWaitingAtExactly(PeerReviewProcess.TASK_ASSIGN_REVIEWERS);
        assertThat(task(review))
                .hasDefinitionKey(PeerReviewProcess.TASK_ASSIGN_REVIEWERS)
                .isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(review), withVariables(PeerReviewProcess.VAR_REVIEWERS, new ArrayList<>(REVIEWERS)));
    }

    @Test
    void threeReviewersEachGetTheirOwnTaskAndScoresAreAggregatedAfterTheLast() throws Exception {
        ProcessInstance review = startReview();
        assertThat(review).hasBusinessKey(BUSINESS_KEY);

        assignReviewers(review);

        assertThat(review).isWaitingAt(PeerReviewProcess.TASK_REVIEW_PROPOSAL).isNotWaitingAt(PeerReviewProcess.TASK_ASSIGN_REVIEWERS);
        List<Task> reviewTasks = taskQuery().processInstanceId(review.getId())
                .taskDefinitionKey(PeerReviewProcess.TASK_REVIEW_PROPOSAL).list();
        Assertions.assertThat(reviewTasks).extracting(Task::getAssignee)
                .containsExactlyInAnyOrderElementsOf(REVIEWERS);
        for (String reviewer : REVIEWERS) {
            Task own = task(taskQuery().taskAssignee(reviewer), review);
            assertThat(own).hasDefinitionKey(PeerReviewProcess.TASK_REVIEW_PROPOSAL).isAssignedTo(reviewer);
            Assertions.assertThat(taskService().getVariable(own.getId(), PeerReviewProcess.VAR_REVIEWER))
                    .isEqualTo(reviewer);
            Assertions.assertThat(taskService().getVariable(own.getId(), ProposalProcess.VAR_PROPOSAL_ID))
                    .isEqualTo(PROPOSAL_ID);
        }

        complete(task(taskQuery().taskAssignee("li.si"), review));
        complete(task(taskQuery().taskAssignee("wang.wu"), review));
        assertThat(review).isWaitingAt(PeerReviewProcess.TASK_REVIEW_PROPOSAL).isNotWaitingAt(PeerReviewProcess.TASK_ASSIGN_REVIEWERS);
        Assertions.assertThat(taskQuery().processInstanceId(review.getId()).count()).isEqualTo(1);
        verify(aggregateReviewScores, never()).execute(any());

        complete(task(taskQuery().taskAssignee("zhao.liu"), review));

        verify(aggregateReviewScores).execute(any(DelegateExecution.class));
        assertThat(review).hasPassedInOrder(PeerReviewProcess.TASK_ASSIGN_REVIEWERS,
                PeerReviewProcess.TASK_REVIEW_PROPOSAL, PeerReviewProcess.END_REVIEW_COMPLETED);
        assertEndedAt(review, PeerReviewProcess.END_REVIEW_COMPLETED);
    }

    @Test
    void reviewersListIsStoredAsJsonAndReadBackAsAList() {
        ProcessInstance review = startReview();

        assignReviewers(review);

        ObjectValue serialized = runtimeService().getVariableTyped(review.getId(), PeerReviewProcess.VAR_REVIEWERS, false);
        Assertions.assertThat(serialized.getSerializationDataFormat()).isEqualTo("application/json");
        Assertions.assertThat(serialized.getValueSerialized()).isEqualTo("[\"li.si\",\"wang.wu\",\"zhao.liu\"]");
        Assertions.assertThat(serialized.getObjectTypeName()).startsWith("java.util.ArrayList");

        ObjectValue deserialized = runtimeService().getVariableTyped(review.getId(), PeerReviewProcess.VAR_REVIEWERS);
        Assertions.assertThat(deserialized.getValue()).isInstanceOf(List.class).isEqualTo(REVIEWERS);
    }
}
