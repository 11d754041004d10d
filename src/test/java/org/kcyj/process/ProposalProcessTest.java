package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processInstanceQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.reset;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;
import static org.kcyj.process.ProcessTestSupport.declaringActivityOf;
import static org.kcyj.process.ProcessTestSupport.timesCreated;
import static org.kcyj.proposal.ProposalProcess.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kcyj.project.ProjectProcess;
import org.kcyj.review.PeerReviewProcess;
import org.mockito.InOrder;

/**
 * The proposal process, walking through the peer review and funded project it calls
 * (both deployed alongside it).
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"processes/proposal.bpmn", "processes/peer-review.bpmn", "processes/project.bpmn"})
class ProposalProcessTest {

    private static final String PROPOSAL_NUMBER = "KCYJ-2030-0001";
    private static final Long PROPOSAL_ID = 1L;
    private static final String APPLICANT = "zhang.san";
    private static final List<String> REVIEWERS = List.of("li.si", "wang.wu", "zhao.liu");

    ProcessEngine processEngine;

    private final JavaDelegate registerSubmission = mock(JavaDelegate.class);
    private final JavaDelegate aggregateReviewScores = mock(JavaDelegate.class);
    private final JavaDelegate openPublicity = mock(JavaDelegate.class);
    private final JavaDelegate issueApprovalNotice = mock(JavaDelegate.class);
    private final JavaDelegate archiveProject = mock(JavaDelegate.class);
    private final JavaDelegate markLapsed = mock(JavaDelegate.class);
    private final ScheduleStub schedule = new ScheduleStub();

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("registerSubmission", registerSubmission);
        Mocks.register("aggregateReviewScores", aggregateReviewScores);
        Mocks.register("openPublicity", openPublicity);
        Mocks.register("issueApprovalNotice", issueApprovalNotice);
        Mocks.register("archiveProject", archiveProject);
        Mocks.register("markLapsed", markLapsed);
        Mocks.register("callSchedule", schedule);
        Mocks.register("publicitySchedule", schedule);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    // ------------------------------------------------------------------ steps

    private ProcessInstance startProposal() {
        return runtimeService().startProcessInstanceByKey(KEY, PROPOSAL_NUMBER,
                withVariables(VAR_PROPOSAL_ID, PROPOSAL_ID, VAR_APPLICANT, APPLICANT));
    }

    private void submit(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(TASK_SUBMIT_PROPOSAL);
        assertThat(task(proposal)).hasDefinitionKey(TASK_SUBMIT_PROPOSAL).isAssignedTo(APPLICANT);
        assertThat(job(proposal)).hasDueDate(ScheduleStub.asDate(ScheduleStub.PROPOSAL_DEADLINE));
        Assertions.assertThat(declaringActivityOf(job(proposal))).isEqualTo(EVENT_APPLICATION_WINDOW_CLOSED);
        complete(task(proposal));
    }

    private void endorse(ProcessInstance proposal, boolean endorsed) {
        assertThat(proposal).isWaitingAtExactly(TASK_ENDORSE_PROPOSAL);
        assertThat(task(proposal)).hasDefinitionKey(TASK_ENDORSE_PROPOSAL).isNotAssigned().hasCandidateGroup("UNIT_ADMIN");
        complete(task(proposal), withVariables(VAR_ENDORSED, endorsed));
    }

    private void formalCheck(ProcessInstance proposal, boolean passed) {
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        assertThat(task(proposal)).hasDefinitionKey(TASK_FORMAL_CHECK).isNotAssigned().hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(proposal), withVariables(VAR_FORMAL_CHECK_PASSED, passed));
    }

    private void peerReview(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(ACTIVITY_PEER_REVIEW);
        ProcessInstance review = calledProcessInstance(PeerReviewProcess.KEY, proposal);
        assertThat(review).hasBusinessKey(PROPOSAL_NUMBER).variables().containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);

        assertThat(task(review)).hasDefinitionKey(PeerReviewProcess.TASK_ASSIGN_REVIEWERS).hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(review), withVariables(PeerReviewProcess.VAR_REVIEWERS, new ArrayList<>(REVIEWERS)));
        for (String reviewer : REVIEWERS) {
            Task own = task(taskQuery().taskAssignee(reviewer), review);
            assertThat(own).hasDefinitionKey(PeerReviewProcess.TASK_REVIEW_PROPOSAL);
            complete(own);
        }
        assertEndedAt(review, PeerReviewProcess.END_REVIEW_COMPLETED);
    }

    private void proposeFunding(ProcessInstance proposal, boolean recommended) {
        assertThat(proposal).isWaitingAtExactly(TASK_PROPOSE_FUNDING);
        assertThat(task(proposal)).hasDefinitionKey(TASK_PROPOSE_FUNDING).isNotAssigned().hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(proposal), withVariables(VAR_FUNDING_RECOMMENDED, recommended));
    }

    private void approveFunding(ProcessInstance proposal, boolean approved) {
        assertThat(proposal).isWaitingAtExactly(TASK_APPROVE_FUNDING);
        assertThat(task(proposal)).hasDefinitionKey(TASK_APPROVE_FUNDING).isNotAssigned().hasCandidateGroup("DIRECTOR");
        complete(task(proposal), withVariables(VAR_FUNDING_APPROVED, approved));
    }

    /** From submission to the director's approval: the proposal then waits for publicity to end. */
    private ProcessInstance approvedProposal() {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);
        formalCheck(proposal, true);
        peerReview(proposal);
        proposeFunding(proposal, true);
        approveFunding(proposal, true);
        return proposal;
    }

    private void runProject(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(ACTIVITY_PROJECT);
        ProcessInstance project = calledProcessInstance(ProjectProcess.KEY, proposal);
        assertThat(project).hasBusinessKey(PROPOSAL_NUMBER).variables()
                .containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID)
                .containsEntry(VAR_APPLICANT, APPLICANT);

        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_DRAFT_TASK_BOOK).isAssignedTo(APPLICANT);
        complete(task(project));
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_CONFIRM_TASK_BOOK);
        complete(task(project), withVariables(ProjectProcess.VAR_TASK_BOOK_CONFIRMED, true,
                ProjectProcess.VAR_MILESTONES, new ArrayList<>(List.of("MS-1"))));
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_REPORT_MILESTONE).isAssignedTo(APPLICANT);
        complete(task(project));
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_CHECK_MILESTONE);
        complete(task(project), withVariables(ProjectProcess.VAR_MILESTONE_PASSED, true));
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE).isAssignedTo(APPLICANT);
        complete(task(project));
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_RECORD_ACCEPTANCE);
        complete(task(project));
        assertEndedAt(project, ProjectProcess.END_PROJECT_ARCHIVED);
    }

    private long jobsOf(ProcessInstance proposal) {
        return jobQuery().processInstanceId(proposal.getId()).count();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void happyPathFromSubmissionThroughReviewFundingPublicityAndProject() throws Exception {
        ProcessInstance proposal = startProposal();
        assertThat(proposal).isStarted().hasBusinessKey(PROPOSAL_NUMBER);

        submit(proposal);
        verify(registerSubmission).execute(any(DelegateExecution.class));
        Assertions.assertThat(jobsOf(proposal)).as("deadline timer cancelled by the submission").isZero();

        endorse(proposal, true);
        formalCheck(proposal, true);
        peerReview(proposal);
        verify(aggregateReviewScores).execute(any(DelegateExecution.class));

        proposeFunding(proposal, true);
        verify(openPublicity, never()).execute(any());
        approveFunding(proposal, true);

        verify(openPublicity).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(EVENT_PUBLICITY_ENDED);
        execute(job(proposal));
        verify(issueApprovalNotice).execute(any(DelegateExecution.class));

        runProject(proposal);
        verify(archiveProject).execute(any(DelegateExecution.class));

        InOrder order = inOrder(registerSubmission, aggregateReviewScores, openPublicity, issueApprovalNotice, archiveProject);
        order.verify(registerSubmission).execute(any());
        order.verify(aggregateReviewScores).execute(any());
        order.verify(openPublicity).execute(any());
        order.verify(issueApprovalNotice).execute(any());
        order.verify(archiveProject).execute(any());

        assertThat(proposal).hasPassedInOrder(TASK_SUBMIT_PROPOSAL, TASK_ENDORSE_PROPOSAL, TASK_FORMAL_CHECK,
                ACTIVITY_PEER_REVIEW, TASK_PROPOSE_FUNDING, TASK_APPROVE_FUNDING, EVENT_PUBLICITY_ENDED,
                ACTIVITY_PROJECT, END_PROJECT_CLOSED);
        assertThat(proposal).hasNotPassed(END_LAPSED, END_REJECTED, END_NOT_FUNDED, END_FUNDING_DECLINED);
        assertEndedAt(proposal, END_PROJECT_CLOSED);
        Assertions.assertThat(processInstanceQuery().count()).as("no instance left running").isZero();
    }

    @Test
    void proposalReturnedByTheUnitIsResubmittedAndThenEndorsed() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, false);

        // back with the applicant, under a fresh deadline timer
        assertThat(proposal).isWaitingAtExactly(TASK_SUBMIT_PROPOSAL);
        assertThat(task(proposal)).isAssignedTo(APPLICANT);
        Assertions.assertThat(timesCreated(proposal, TASK_SUBMIT_PROPOSAL)).isEqualTo(2);
        Assertions.assertThat(jobsOf(proposal)).isEqualTo(1);

        submit(proposal);
        verify(registerSubmission, times(2)).execute(any(DelegateExecution.class));
        endorse(proposal, true);

        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        Assertions.assertThat(timesCreated(proposal, TASK_ENDORSE_PROPOSAL)).isEqualTo(2);
    }

    @Test
    void failedFormalCheckRejectsTheProposal() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);
        formalCheck(proposal, false);

        assertThat(proposal).hasNotPassed(ACTIVITY_PEER_REVIEW);
        Assertions.assertThat(processInstanceQuery().processDefinitionKey(PeerReviewProcess.KEY).count()).isZero();
        verifyNoInteractions(aggregateReviewScores, openPublicity, issueApprovalNotice);
        assertEndedAt(proposal, END_REJECTED);
    }

    @Test
    void proposalNotRecommendedForFundingEndsNotFunded() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);
        formalCheck(proposal, true);
        peerReview(proposal);
        proposeFunding(proposal, false);

        assertThat(proposal).hasNotPassed(TASK_APPROVE_FUNDING);
        verifyNoInteractions(openPublicity, issueApprovalNotice);
        assertEndedAt(proposal, END_NOT_FUNDED);
    }

    @Test
    void fundingDeclinedByTheDirectorEndsDeclined() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);
        formalCheck(proposal, true);
        peerReview(proposal);
        proposeFunding(proposal, true);
        approveFunding(proposal, false);

        verifyNoInteractions(openPublicity, issueApprovalNotice);
        assertEndedAt(proposal, END_FUNDING_DECLINED);
    }

    @Test
    void proposalNotSubmittedBeforeTheDeadlineLapses() throws Exception {
        ProcessInstance proposal = startProposal();
        assertThat(proposal).isWaitingAtExactly(TASK_SUBMIT_PROPOSAL);
        assertThat(job(proposal)).hasDueDate(ScheduleStub.asDate(ScheduleStub.PROPOSAL_DEADLINE));
        Assertions.assertThat(declaringActivityOf(job(proposal))).isEqualTo(EVENT_APPLICATION_WINDOW_CLOSED);
        Assertions.assertThat(schedule.variablesSeenBy("proposalDeadline")).containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);

        execute(job(proposal));

        Assertions.assertThat(taskQuery().processInstanceId(proposal.getId()).count()).isZero();
        assertThat(proposal).hasNotPassed(TASK_ENDORSE_PROPOSAL);
        verifyNoInteractions(registerSubmission);
        verify(markLapsed).execute(any(DelegateExecution.class));
        assertEndedAt(proposal, END_LAPSED);
    }

    @Test
    void approvalNoticeWaitsForThePublicityPeriodToEnd() throws Exception {
        String publicityEnd = "2030-09-15T09:00:00+08:00";
        schedule.withPublicityEnd(publicityEnd);

        ProcessInstance proposal = approvedProposal();

        verify(openPublicity).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(EVENT_PUBLICITY_ENDED);
        assertThat(job(proposal)).hasActivityId(EVENT_PUBLICITY_ENDED).hasDueDate(ScheduleStub.asDate(publicityEnd));
        Assertions.assertThat(declaringActivityOf(job(proposal))).isEqualTo(EVENT_PUBLICITY_ENDED);
        Assertions.assertThat(schedule.variablesSeenBy("publicityEnd")).containsEntry(VAR_FUNDING_APPROVED, true);
        verifyNoInteractions(issueApprovalNotice);
        Assertions.assertThat(processInstanceQuery().processDefinitionKey(ProjectProcess.KEY).count()).isZero();

        execute(job(proposal));

        verify(issueApprovalNotice).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(ACTIVITY_PROJECT);
        assertThat(calledProcessInstance(ProjectProcess.KEY, proposal)).hasBusinessKey(PROPOSAL_NUMBER)
                .isWaitingAtExactly(ProjectProcess.TASK_DRAFT_TASK_BOOK);
    }
}
