package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
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
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import org.kcyj.award.AwardProcess;
import org.kcyj.project.ProjectProcess;
import org.kcyj.review.PeerReviewProcess;
import org.mockito.InOrder;

/**
 * The proposal process: submission, endorsement, automatic checks, formal check with one correction round,
 * recall and withdrawal; then the peer review, the award and, only when funded, the project it calls (all
 * deployed alongside it; the award's own branches are in {@link AwardProcessTest}).
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"processes/proposal.bpmn", "processes/peer-review.bpmn", "processes/award.bpmn",
        "processes/project.bpmn"})
class ProposalProcessTest {

    private static final String PROPOSAL_NUMBER = "KCYJ-2030-0001";
    private static final Long PROPOSAL_ID = 1L;
    private static final String APPLICANT = "zhang.san";
    private static final List<String> REVIEWERS = List.of("li.si", "wang.wu", "zhao.liu");

    ProcessEngine processEngine;

    private final JavaDelegate registerSubmission = mock(JavaDelegate.class);
    private final JavaDelegate runFormalChecks = mock(JavaDelegate.class);
    private final JavaDelegate recordVeto = mock(JavaDelegate.class);
    private final JavaDelegate issueFormalCheckNotice = mock(JavaDelegate.class);
    private final JavaDelegate recordWithdrawal = mock(JavaDelegate.class);
    private final JavaDelegate markLapsed = mock(JavaDelegate.class);
    private final JavaDelegate aggregateReviewScores = mock(JavaDelegate.class);
    private final JavaDelegate openPublicity = mock(JavaDelegate.class);
    private final JavaDelegate issueApprovalNotice = mock(JavaDelegate.class);
    private final JavaDelegate archiveProject = mock(JavaDelegate.class);
    private final ScheduleStub schedule = new ScheduleStub();

    /** What the next run of the automatic checks finds in the integrity records. */
    private boolean integrityVeto;

    @BeforeEach
    void setUp() throws Exception {
        init(processEngine);
        doAnswer(call -> {
            call.<DelegateExecution>getArgument(0).setVariable(VAR_INTEGRITY_VETO, integrityVeto);
            return null;
        }).when(runFormalChecks).execute(any());
        Mocks.register("registerSubmission", registerSubmission);
        Mocks.register("runFormalChecks", runFormalChecks);
        Mocks.register("recordVeto", recordVeto);
        Mocks.register("issueFormalCheckNotice", issueFormalCheckNotice);
        Mocks.register("recordWithdrawal", recordWithdrawal);
        Mocks.register("markLapsed", markLapsed);
        Mocks.register("aggregateReviewScores", aggregateReviewScores);
        org.mockito.Mockito.doAnswer(call -> {
            ((DelegateExecution) call.getArgument(0)).setVariable(PeerReviewProcess.VAR_PANEL_REQUIRED, false);
            return null;
        }).when(aggregateReviewScores).execute(any());
        Mocks.register("reviewSchedule", new PeerReviewProcessTest.ReviewScheduleStub());
        Mocks.register("findReviewExpert", (JavaDelegate) execution -> {
            int slot = ((Number) execution.getVariable(PeerReviewProcess.VAR_SLOT)).intValue();
            execution.setVariable(PeerReviewProcess.VAR_EXPERT_FOUND, true);
            execution.setVariable(PeerReviewProcess.VAR_EXPERT, REVIEWERS.get(slot - 1));
            execution.setVariable(PeerReviewProcess.VAR_INVITATION_ID, (long) slot);
        });
        for (String bean : List.of("sendReviewInvitation", "recordInvitationExpiry", "sendReviewReminder",
                "escalateOverdueReview", "recordOverdueReview")) {
            Mocks.register(bean, (JavaDelegate) execution -> { });
        }
        Mocks.register("openPublicity", openPublicity);
        Mocks.register("issueApprovalNotice", issueApprovalNotice);
        Mocks.register("archiveProject", archiveProject);
        Mocks.register("proposalSchedule", schedule);
        Mocks.register("callSchedule", schedule);
        Mocks.register("publicitySchedule", schedule);
    }

    @AfterEach
    void tearDown() {
        ClockUtil.reset();
        Mocks.reset();
        reset();
    }

    // ------------------------------------------------------------------ steps

    private ProcessInstance startProposal() {
        return runtimeService().startProcessInstanceByKey(KEY, PROPOSAL_NUMBER,
                withVariables(VAR_PROPOSAL_ID, PROPOSAL_ID, VAR_APPLICANT, APPLICANT));
    }

    /** The applicant's open submission task, with its deadline timer as the schedule set it. */
    private void awaitSubmission(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(TASK_SUBMIT_PROPOSAL);
        assertThat(task(proposal)).hasDefinitionKey(TASK_SUBMIT_PROPOSAL).isAssignedTo(APPLICANT);
        assertThat(job(proposal)).hasDueDate(ScheduleStub.asDate(ScheduleStub.SUBMISSION_DEADLINE));
        Assertions.assertThat(declaringActivityOf(job(proposal))).isEqualTo(EVENT_APPLICATION_WINDOW_CLOSED);
    }

    private void submit(ProcessInstance proposal) {
        awaitSubmission(proposal);
        complete(task(proposal));
    }

    private void endorse(ProcessInstance proposal, boolean endorsed) {
        assertThat(proposal).isWaitingAtExactly(TASK_ENDORSE_PROPOSAL);
        assertThat(task(proposal)).hasDefinitionKey(TASK_ENDORSE_PROPOSAL).isNotAssigned().hasCandidateGroup("UNIT_ADMIN");
        complete(task(proposal), withVariables(VAR_ENDORSED, endorsed));
    }

    private void formalCheck(ProcessInstance proposal, String outcome) {
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        assertThat(task(proposal)).hasDefinitionKey(TASK_FORMAL_CHECK).isNotAssigned().hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(proposal), withVariables(VAR_FORMAL_CHECK_OUTCOME, outcome));
    }

    /** From a new draft to the programme manager's formal check, without findings. */
    private ProcessInstance atFormalCheck() {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        return proposal;
    }

    private Job correctionTimer(ProcessInstance proposal) {
        Job timer = job(proposal);
        Assertions.assertThat(declaringActivityOf(timer)).isEqualTo(EVENT_CORRECTION_DEADLINE_PASSED);
        return timer;
    }

    private void peerReview(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(ACTIVITY_PEER_REVIEW);
        ProcessInstance review = calledProcessInstance(PeerReviewProcess.KEY, proposal);
        assertThat(review).hasBusinessKey(PROPOSAL_NUMBER).variables().containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);

        assertThat(task(review)).hasDefinitionKey(PeerReviewProcess.TASK_ASSIGN_REVIEWERS).hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(review), withVariables(PeerReviewProcess.VAR_SLOTS, new ArrayList<>(List.of(1, 2, 3))));
        for (String reviewer : REVIEWERS) {
            Task invitation = task(taskQuery().taskAssignee(reviewer), review);
            assertThat(invitation).hasDefinitionKey(PeerReviewProcess.TASK_RESPOND);
            complete(invitation, withVariables(PeerReviewProcess.VAR_ACCEPTED, true));
            Task own = task(taskQuery().taskAssignee(reviewer), review);
            assertThat(own).hasDefinitionKey(PeerReviewProcess.TASK_REVIEW_PROPOSAL);
            complete(own);
        }
        assertEndedAt(review, PeerReviewProcess.END_REVIEW_COMPLETED);
    }

    /** The award the proposal waits on, called with the proposal's business key and id. */
    private ProcessInstance award(ProcessInstance proposal) {
        assertThat(proposal).isWaitingAtExactly(ACTIVITY_AWARD);
        ProcessInstance award = calledProcessInstance(AwardProcess.KEY, proposal);
        assertThat(award).hasBusinessKey(PROPOSAL_NUMBER).variables()
                .containsEntry(AwardProcess.VAR_PROPOSAL_ID, PROPOSAL_ID)
                .doesNotContainKey(VAR_APPLICANT);
        return award;
    }

    private void proposeFunding(ProcessInstance proposal, boolean recommended) {
        ProcessInstance award = award(proposal);
        assertThat(award).isWaitingAtExactly(AwardProcess.TASK_PROPOSE_FUNDING);
        assertThat(task(award)).hasDefinitionKey(AwardProcess.TASK_PROPOSE_FUNDING).isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(award), withVariables(AwardProcess.VAR_FUNDING_RECOMMENDED, recommended));
    }

    private void approveFunding(ProcessInstance proposal, boolean approved) {
        ProcessInstance award = award(proposal);
        assertThat(award).isWaitingAtExactly(AwardProcess.TASK_APPROVE_FUNDING);
        assertThat(task(award)).hasDefinitionKey(AwardProcess.TASK_APPROVE_FUNDING).isNotAssigned()
                .hasCandidateGroup("DIRECTOR");
        complete(task(award), withVariables(AwardProcess.VAR_FUNDING_APPROVED, approved));
    }

    /** No funded project was started for the proposal, and none of the award's work after approval happened. */
    private void assertNoProject(ProcessInstance proposal) throws Exception {
        assertThat(proposal).hasNotPassed(ACTIVITY_PROJECT);
        Assertions.assertThat(historyService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProjectProcess.KEY).count()).as("project instances").isZero();
        verifyNoInteractions(openPublicity, issueApprovalNotice, archiveProject);
    }

    /** From submission to the director's approval: the proposal then waits for publicity to end. */
    private ProcessInstance approvedProposal() {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_PASS);
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

    private void withdraw() {
        runtimeService().correlateMessage(MESSAGE_WITHDRAWN, PROPOSAL_NUMBER);
    }

    /** Withdrawn: the withdrawal was recorded and nothing of the proposal is left open. */
    private void assertWithdrawn(ProcessInstance proposal) throws Exception {
        verify(recordWithdrawal).execute(any(DelegateExecution.class));
        assertThat(proposal).hasPassedInOrder(EVENT_WITHDRAWAL_REQUESTED, TASK_RECORD_WITHDRAWAL, END_WITHDRAWN);
        Assertions.assertThat(taskQuery().processInstanceId(proposal.getId()).count()).as("open tasks").isZero();
        Assertions.assertThat(jobsOf(proposal)).as("timers").isZero();
        verifyNoInteractions(markLapsed);
        assertThat(proposal).isEnded().hasPassed(END_WITHDRAWN);
        // Camunda records the event sub-process, not its end event, as where the instance ended
        Assertions.assertThat(historyService().createHistoricProcessInstanceQuery().processInstanceId(proposal.getId())
                .singleResult().getEndActivityId()).isEqualTo(SUBPROCESS_WITHDRAWAL);
    }

    private long jobsOf(ProcessInstance proposal) {
        return jobQuery().processInstanceId(proposal.getId()).count();
    }

    // ------------------------------------------------------------------ submission and endorsement

    @Test
    void submittedEndorsedAndCompliantProposalGoesToPeerReview() throws Exception {
        ProcessInstance proposal = startProposal();
        assertThat(proposal).isStarted().hasBusinessKey(PROPOSAL_NUMBER);

        submit(proposal);
        verify(registerSubmission).execute(any(DelegateExecution.class));
        Assertions.assertThat(jobsOf(proposal)).as("deadline timer cancelled by the submission").isZero();
        verifyNoInteractions(runFormalChecks);

        endorse(proposal, true);
        verify(runFormalChecks).execute(any(DelegateExecution.class));
        verifyNoInteractions(issueFormalCheckNotice);
        formalCheck(proposal, OUTCOME_PASS);

        InOrder order = inOrder(registerSubmission, runFormalChecks, issueFormalCheckNotice);
        order.verify(registerSubmission).execute(any());
        order.verify(runFormalChecks).execute(any());
        order.verify(issueFormalCheckNotice).execute(any());
        verifyNoInteractions(recordVeto, recordWithdrawal, markLapsed);
        assertThat(proposal).hasPassedInOrder(TASK_SUBMIT_PROPOSAL, TASK_REGISTER_SUBMISSION, TASK_ENDORSE_PROPOSAL,
                TASK_RUN_FORMAL_CHECKS, TASK_FORMAL_CHECK, TASK_ISSUE_FORMAL_CHECK_NOTICE);
        assertThat(proposal).hasNotPassed(TASK_CORRECT_PROPOSAL, TASK_RECORD_VETO).isWaitingAtExactly(ACTIVITY_PEER_REVIEW);
        assertThat(calledProcessInstance(PeerReviewProcess.KEY, proposal)).hasBusinessKey(PROPOSAL_NUMBER)
                .isWaitingAtExactly(PeerReviewProcess.TASK_ASSIGN_REVIEWERS);
    }

    @Test
    void proposalReturnedByTheUnitIsResubmittedAndThenEndorsed() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, false);

        // back with the applicant, under a fresh deadline timer
        awaitSubmission(proposal);
        Assertions.assertThat(timesCreated(proposal, TASK_SUBMIT_PROPOSAL)).isEqualTo(2);
        Assertions.assertThat(jobsOf(proposal)).isEqualTo(1);
        verifyNoInteractions(runFormalChecks);

        submit(proposal);
        verify(registerSubmission, times(2)).execute(any(DelegateExecution.class));
        endorse(proposal, true);

        verify(runFormalChecks).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        Assertions.assertThat(timesCreated(proposal, TASK_ENDORSE_PROPOSAL)).isEqualTo(2);
    }

    @Test
    void applicantRecallsTheProposalAwaitingEndorsementAndSubmitsANewVersion() throws Exception {
        ProcessInstance proposal = startProposal();
        Assertions.assertThatThrownBy(() -> runtimeService().correlateMessage(MESSAGE_RECALLED, PROPOSAL_NUMBER))
                .as("nothing to recall before the first submission")
                .isInstanceOf(MismatchingMessageCorrelationException.class);
        submit(proposal);
        assertThat(proposal).isWaitingAtExactly(TASK_ENDORSE_PROPOSAL);

        runtimeService().correlateMessage(MESSAGE_RECALLED, PROPOSAL_NUMBER);

        awaitSubmission(proposal);
        Assertions.assertThat(timesCreated(proposal, TASK_SUBMIT_PROPOSAL)).isEqualTo(2);
        Assertions.assertThat(taskQuery().processInstanceId(proposal.getId()).taskDefinitionKey(TASK_ENDORSE_PROPOSAL).count())
                .as("the unit's task is withdrawn with the recall").isZero();
        assertThat(proposal).hasPassed(EVENT_PROPOSAL_RECALLED);

        submit(proposal);
        verify(registerSubmission, times(2)).execute(any(DelegateExecution.class));
        verifyNoInteractions(runFormalChecks);
        endorse(proposal, true);
        verify(runFormalChecks).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
    }

    // ------------------------------------------------------------------ deadline

    @Test
    void proposalNotSubmittedBeforeTheDeadlineLapses() throws Exception {
        ProcessInstance proposal = startProposal();
        awaitSubmission(proposal);
        Assertions.assertThat(schedule.variablesSeenBy("submissionDeadline")).containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);

        execute(job(proposal));

        Assertions.assertThat(taskQuery().processInstanceId(proposal.getId()).count()).isZero();
        assertThat(proposal).hasNotPassed(TASK_ENDORSE_PROPOSAL);
        verifyNoInteractions(registerSubmission);
        verify(markLapsed).execute(any(DelegateExecution.class));
        assertEndedAt(proposal, END_LAPSED);
    }

    @Test
    void oneApplicantsDeadlineIsExtendedByMovingTheTimerJob() throws Exception {
        String extended = "2030-04-03T17:00:00+08:00";
        ProcessInstance proposal = startProposal();
        awaitSubmission(proposal);

        managementService().setJobDuedate(job(proposal).getId(), ScheduleStub.asDate(extended));

        assertThat(job(proposal)).hasDueDate(ScheduleStub.asDate(extended));
        ClockUtil.setCurrentTime(ScheduleStub.asDate("2030-04-01T10:00:00+08:00"));
        Assertions.assertThat(jobQuery().processInstanceId(proposal.getId()).executable().count())
                .as("past the call's deadline, before the extended one: the timer is not due").isZero();

        complete(task(proposal));

        Assertions.assertThat(jobsOf(proposal)).as("timer gone with the submission").isZero();
        verify(registerSubmission).execute(any(DelegateExecution.class));
        verifyNoInteractions(markLapsed);
        assertThat(proposal).isWaitingAtExactly(TASK_ENDORSE_PROPOSAL);
    }

    // ------------------------------------------------------------------ automatic checks and formal check

    @Test
    void integrityVetoEndsTheProposalWithoutAFormalCheck() throws Exception {
        integrityVeto = true;
        ProcessInstance proposal = startProposal();
        submit(proposal);
        endorse(proposal, true);

        InOrder order = inOrder(runFormalChecks, recordVeto);
        order.verify(runFormalChecks).execute(any());
        order.verify(recordVeto).execute(any());
        Assertions.assertThat(timesCreated(proposal, TASK_FORMAL_CHECK)).isZero();
        Assertions.assertThat(schedule.timesCalled("formalCheckDue")).isZero();
        verifyNoInteractions(issueFormalCheckNotice);
        assertEndedAt(proposal, END_VETOED);
    }

    @Test
    void formalCheckTaskIsDueWhenTheScheduleSays() {
        String due = "2030-05-20T17:00:00+08:00";
        schedule.withFormalCheckDue(due);

        ProcessInstance proposal = atFormalCheck();

        assertThat(task(proposal)).hasDefinitionKey(TASK_FORMAL_CHECK).hasDueDate(ScheduleStub.asDate(due));
        Assertions.assertThat(schedule.variablesSeenBy("formalCheckDue")).containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);
    }

    @Test
    void proposalReturnedForCorrectionIsCheckedAgainAndThenPasses() throws Exception {
        String correctionDeadline = "2030-04-25T17:00:00+08:00";
        ProcessInstance proposal = atFormalCheck();
        schedule.withSubmissionDeadline(correctionDeadline);

        formalCheck(proposal, OUTCOME_RETURN);

        verify(issueFormalCheckNotice).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(TASK_CORRECT_PROPOSAL);
        assertThat(task(proposal)).hasDefinitionKey(TASK_CORRECT_PROPOSAL).isAssignedTo(APPLICANT);
        assertThat(correctionTimer(proposal)).hasDueDate(ScheduleStub.asDate(correctionDeadline));

        complete(task(proposal));

        Assertions.assertThat(jobsOf(proposal)).as("correction timer cancelled").isZero();
        verify(registerSubmission, times(2)).execute(any(DelegateExecution.class));
        verify(runFormalChecks, times(2)).execute(any(DelegateExecution.class));
        assertThat(proposal).isWaitingAtExactly(TASK_FORMAL_CHECK);
        Assertions.assertThat(timesCreated(proposal, TASK_FORMAL_CHECK)).isEqualTo(2);
        Assertions.assertThat(timesCreated(proposal, TASK_ENDORSE_PROPOSAL)).as("not back to the unit").isEqualTo(1);

        formalCheck(proposal, OUTCOME_PASS);

        InOrder order = inOrder(registerSubmission, runFormalChecks, issueFormalCheckNotice);
        order.verify(registerSubmission).execute(any());
        order.verify(runFormalChecks).execute(any());
        order.verify(issueFormalCheckNotice).execute(any());
        order.verify(registerSubmission).execute(any());
        order.verify(runFormalChecks).execute(any());
        order.verify(issueFormalCheckNotice).execute(any());
        assertThat(proposal).hasPassed(TASK_REGISTER_CORRECTION).isWaitingAtExactly(ACTIVITY_PEER_REVIEW);
        verifyNoInteractions(markLapsed, recordVeto);
    }

    @Test
    void vetoFoundOnTheCorrectedVersionEndsTheProposal() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_RETURN);
        integrityVeto = true;

        complete(task(proposal));

        verify(recordVeto).execute(any(DelegateExecution.class));
        Assertions.assertThat(timesCreated(proposal, TASK_FORMAL_CHECK)).isEqualTo(1);
        assertEndedAt(proposal, END_VETOED);
    }

    @Test
    void correctionNotMadeBeforeItsDeadlineLapses() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_RETURN);
        assertThat(proposal).isWaitingAtExactly(TASK_CORRECT_PROPOSAL);

        execute(correctionTimer(proposal));

        verify(markLapsed).execute(any(DelegateExecution.class));
        verify(registerSubmission, times(1)).execute(any(DelegateExecution.class));
        verify(runFormalChecks, times(1)).execute(any(DelegateExecution.class));
        Assertions.assertThat(taskQuery().processInstanceId(proposal.getId()).count()).isZero();
        assertThat(proposal).hasNotPassed(TASK_REGISTER_CORRECTION, END_LAPSED);
        assertEndedAt(proposal, END_CORRECTION_LAPSED);
    }

    @Test
    void rejectedFormalCheckIssuesTheNoticeAndEnds() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_REJECT);

        verify(issueFormalCheckNotice).execute(any(DelegateExecution.class));
        assertThat(proposal).hasNotPassed(ACTIVITY_PEER_REVIEW, TASK_CORRECT_PROPOSAL);
        Assertions.assertThat(processInstanceQuery().processDefinitionKey(PeerReviewProcess.KEY).count()).isZero();
        verifyNoInteractions(aggregateReviewScores, openPublicity, issueApprovalNotice);
        assertEndedAt(proposal, END_REJECTED);
    }

    // ------------------------------------------------------------------ withdrawal

    @Test
    void withdrawnWhileDrafting() throws Exception {
        ProcessInstance proposal = startProposal();
        awaitSubmission(proposal);

        withdraw();

        verifyNoInteractions(registerSubmission);
        assertWithdrawn(proposal);
    }

    @Test
    void withdrawnWhileAwaitingEndorsement() throws Exception {
        ProcessInstance proposal = startProposal();
        submit(proposal);
        assertThat(proposal).isWaitingAtExactly(TASK_ENDORSE_PROPOSAL);

        withdraw();

        verifyNoInteractions(runFormalChecks);
        assertWithdrawn(proposal);
    }

    @Test
    void withdrawnWhileCorrecting() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_RETURN);
        assertThat(proposal).isWaitingAtExactly(TASK_CORRECT_PROPOSAL);

        withdraw();

        verify(registerSubmission, times(1)).execute(any(DelegateExecution.class));
        assertWithdrawn(proposal);
    }

    // ------------------------------------------------------------------ after the formal check

    @Test
    void happyPathFromSubmissionThroughReviewFundingPublicityAndProject() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_PASS);
        peerReview(proposal);
        verify(aggregateReviewScores).execute(any(DelegateExecution.class));

        ProcessInstance award = award(proposal);
        proposeFunding(proposal, true);
        verify(openPublicity, never()).execute(any());
        approveFunding(proposal, true);

        verify(openPublicity).execute(any(DelegateExecution.class));
        assertThat(award).isWaitingAtExactly(AwardProcess.EVENT_PUBLICITY_ENDED);
        execute(job(award));
        verify(issueApprovalNotice).execute(any(DelegateExecution.class));
        assertEndedAt(award, AwardProcess.END_FUNDED);

        runProject(proposal);
        verify(archiveProject).execute(any(DelegateExecution.class));

        InOrder order = inOrder(registerSubmission, runFormalChecks, issueFormalCheckNotice, aggregateReviewScores,
                openPublicity, issueApprovalNotice, archiveProject);
        order.verify(registerSubmission).execute(any());
        order.verify(runFormalChecks).execute(any());
        order.verify(issueFormalCheckNotice).execute(any());
        order.verify(aggregateReviewScores).execute(any());
        order.verify(openPublicity).execute(any());
        order.verify(issueApprovalNotice).execute(any());
        order.verify(archiveProject).execute(any());

        assertThat(proposal).hasPassedInOrder(TASK_SUBMIT_PROPOSAL, TASK_ENDORSE_PROPOSAL, TASK_RUN_FORMAL_CHECKS,
                TASK_FORMAL_CHECK, ACTIVITY_PEER_REVIEW, ACTIVITY_AWARD, GATEWAY_FUNDED, ACTIVITY_PROJECT,
                END_PROJECT_CLOSED);
        assertThat(award).hasPassedInOrder(AwardProcess.TASK_PROPOSE_FUNDING, AwardProcess.TASK_APPROVE_FUNDING,
                AwardProcess.EVENT_PUBLICITY_ENDED, AwardProcess.TASK_ISSUE_APPROVAL_NOTICE, AwardProcess.END_FUNDED);
        assertThat(proposal).hasNotPassed(END_LAPSED, END_VETOED, END_REJECTED, END_CORRECTION_LAPSED, END_WITHDRAWN,
                END_NOT_AWARDED);
        verifyNoInteractions(recordVeto, recordWithdrawal, markLapsed);
        assertEndedAt(proposal, END_PROJECT_CLOSED);
        Assertions.assertThat(processInstanceQuery().count()).as("no instance left running").isZero();
    }

    @Test
    void proposalNotRecommendedForFundingEndsNotFunded() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_PASS);
        peerReview(proposal);
        ProcessInstance award = award(proposal);
        proposeFunding(proposal, false);

        assertEndedAt(award, AwardProcess.END_NOT_FUNDED);
        assertThat(award).hasNotPassed(AwardProcess.TASK_APPROVE_FUNDING);
        assertThat(proposal).hasPassedInOrder(ACTIVITY_AWARD, GATEWAY_FUNDED, END_NOT_AWARDED);
        assertNoProject(proposal);
        Assertions.assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(proposal.getId())
                .variableName(VAR_FUNDED).singleResult().getValue()).as("handed back by the award").isEqualTo(false);
        assertEndedAt(proposal, END_NOT_AWARDED);
    }

    @Test
    void fundingDeclinedByTheDirectorEndsDeclined() throws Exception {
        ProcessInstance proposal = atFormalCheck();
        formalCheck(proposal, OUTCOME_PASS);
        peerReview(proposal);
        ProcessInstance award = award(proposal);
        proposeFunding(proposal, true);
        approveFunding(proposal, false);

        assertEndedAt(award, AwardProcess.END_FUNDING_DECLINED);
        assertNoProject(proposal);
        assertEndedAt(proposal, END_NOT_AWARDED);
    }

    @Test
    void theProjectStartsOnlyOnceTheAwardHasIssuedTheApprovalNotice() throws Exception {
        ProcessInstance proposal = approvedProposal();
        ProcessInstance award = award(proposal);

        assertThat(award).isWaitingAtExactly(AwardProcess.EVENT_PUBLICITY_ENDED);
        Assertions.assertThat(schedule.variablesSeenBy("publicityEnd")).containsEntry(VAR_PROPOSAL_ID, PROPOSAL_ID);
        verifyNoInteractions(issueApprovalNotice);
        Assertions.assertThat(processInstanceQuery().processDefinitionKey(ProjectProcess.KEY).count()).isZero();

        execute(job(award));

        verify(issueApprovalNotice).execute(any(DelegateExecution.class));
        assertEndedAt(award, AwardProcess.END_FUNDED);
        assertThat(proposal).hasPassedInOrder(ACTIVITY_AWARD, GATEWAY_FUNDED).isWaitingAtExactly(ACTIVITY_PROJECT);
        assertThat(calledProcessInstance(ProjectProcess.KEY, proposal)).hasBusinessKey(PROPOSAL_NUMBER)
                .isWaitingAtExactly(ProjectProcess.TASK_DRAFT_TASK_BOOK);
    }
}
