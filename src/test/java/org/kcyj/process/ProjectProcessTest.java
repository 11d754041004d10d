package org.kcyj.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.reset;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.kcyj.process.ProcessTestSupport.assertEndedAt;
import static org.kcyj.process.ProcessTestSupport.timesCreated;
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
import org.kcyj.project.ProjectProcess;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/project.bpmn")
class ProjectProcessTest {

    private static final String BUSINESS_KEY = "KCYJ-2030-0042";
    private static final Long PROPOSAL_ID = 42L;
    private static final String APPLICANT = "zhang.san";
    private static final List<String> TWO_MILESTONES = List.of("MS-1", "MS-2");

    ProcessEngine processEngine;

    private final JavaDelegate archiveProject = mock(JavaDelegate.class);

    @BeforeEach
    void setUp() {
        init(processEngine);
        Mocks.register("archiveProject", archiveProject);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        reset();
    }

    private ProcessInstance startProject() {
        return runtimeService().startProcessInstanceByKey(ProjectProcess.KEY, BUSINESS_KEY,
                withVariables(ProjectProcess.VAR_PROPOSAL_ID, PROPOSAL_ID, ProjectProcess.VAR_APPLICANT, APPLICANT));
    }

    private void draftTaskBook(ProcessInstance project) {
        assertThat(project).isWaitingAtExactly(ProjectProcess.TASK_DRAFT_TASK_BOOK);
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_DRAFT_TASK_BOOK).isAssignedTo(APPLICANT);
        complete(task(project));
    }

    private void confirmTaskBook(ProcessInstance project, boolean confirmed, List<String> milestones) {
        assertThat(project).isWaitingAtExactly(ProjectProcess.TASK_CONFIRM_TASK_BOOK);
        assertThat(task(project))
                .hasDefinitionKey(ProjectProcess.TASK_CONFIRM_TASK_BOOK)
                .isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        complete(task(project), withVariables(
                ProjectProcess.VAR_TASK_BOOK_CONFIRMED, confirmed,
                ProjectProcess.VAR_MILESTONES, new ArrayList<>(milestones)));
    }

    /** Reports the current milestone and checks it; returns the milestone id the tasks were about. */
    private String reportAndCheckMilestone(ProcessInstance project, boolean passed) {
        assertThat(project).isWaitingAt(ProjectProcess.TASK_REPORT_MILESTONE);
        Task report = task(ProjectProcess.TASK_REPORT_MILESTONE, project);
        assertThat(report).isAssignedTo(APPLICANT);
        String milestoneId = (String) taskService().getVariable(report.getId(), ProjectProcess.VAR_MILESTONE_ID);
        complete(report);

        assertThat(project).isWaitingAt(ProjectProcess.TASK_CHECK_MILESTONE);
        Task check = task(ProjectProcess.TASK_CHECK_MILESTONE, project);
        assertThat(check).isNotAssigned().hasCandidateGroup("PROGRAM_MANAGER");
        Assertions.assertThat(taskService().getVariable(check.getId(), ProjectProcess.VAR_MILESTONE_ID))
                .isEqualTo(milestoneId);
        complete(check, withVariables(ProjectProcess.VAR_MILESTONE_PASSED, passed));
        return milestoneId;
    }

    private void applyAndRecordAcceptance(ProcessInstance project) throws Exception {
        assertThat(project).isWaitingAtExactly(ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE);
        assertThat(task(project)).hasDefinitionKey(ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE).isAssignedTo(APPLICANT);
        complete(task(project));

        assertThat(project).isWaitingAtExactly(ProjectProcess.TASK_RECORD_ACCEPTANCE);
        assertThat(task(project))
                .hasDefinitionKey(ProjectProcess.TASK_RECORD_ACCEPTANCE)
                .isNotAssigned()
                .hasCandidateGroup("PROGRAM_MANAGER");
        verify(archiveProject, never()).execute(any());
        complete(task(project));
    }

    @Test
    void taskBookMilestonesAcceptanceAndArchive() throws Exception {
        ProcessInstance project = startProject();
        assertThat(project).hasBusinessKey(BUSINESS_KEY);

        draftTaskBook(project);
        confirmTaskBook(project, true, TWO_MILESTONES);

        Assertions.assertThat(reportAndCheckMilestone(project, true)).isEqualTo("MS-1");
        Assertions.assertThat(reportAndCheckMilestone(project, true)).isEqualTo("MS-2");
        applyAndRecordAcceptance(project);

        verify(archiveProject).execute(any(DelegateExecution.class));
        assertThat(project).hasPassedInOrder(ProjectProcess.TASK_DRAFT_TASK_BOOK, ProjectProcess.TASK_CONFIRM_TASK_BOOK,
                ProjectProcess.ACTIVITY_MILESTONE, ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE,
                ProjectProcess.TASK_RECORD_ACCEPTANCE, ProjectProcess.END_PROJECT_ARCHIVED);
        Assertions.assertThat(timesCreated(project, ProjectProcess.TASK_REPORT_MILESTONE)).isEqualTo(2);
        assertEndedAt(project, ProjectProcess.END_PROJECT_ARCHIVED);
    }

    @Test
    void returnedTaskBookGoesBackToTheApplicantAndIsThenConfirmed() {
        ProcessInstance project = startProject();

        draftTaskBook(project);
        confirmTaskBook(project, false, List.of());

        assertThat(project).isWaitingAtExactly(ProjectProcess.TASK_DRAFT_TASK_BOOK);
        assertThat(task(project)).isAssignedTo(APPLICANT);
        Assertions.assertThat(timesCreated(project, ProjectProcess.TASK_DRAFT_TASK_BOOK)).isEqualTo(2);

        draftTaskBook(project);
        confirmTaskBook(project, true, List.of("MS-1"));

        assertThat(project).isWaitingAt(ProjectProcess.ACTIVITY_MILESTONE, ProjectProcess.TASK_REPORT_MILESTONE);
        Assertions.assertThat(taskService().getVariable(task(project).getId(), ProjectProcess.VAR_MILESTONE_ID))
                .isEqualTo("MS-1");
        Assertions.assertThat(timesCreated(project, ProjectProcess.TASK_CONFIRM_TASK_BOOK)).isEqualTo(2);
    }

    @Test
    void rectifiedMilestoneIsReportedAgainBeforeTheNextMilestone() throws Exception {
        ProcessInstance project = startProject();
        draftTaskBook(project);
        confirmTaskBook(project, true, TWO_MILESTONES);

        ObjectValue milestones = runtimeService().getVariableTyped(project.getId(), ProjectProcess.VAR_MILESTONES, false);
        Assertions.assertThat(milestones.getSerializationDataFormat()).isEqualTo("application/json");

        Assertions.assertThat(reportAndCheckMilestone(project, false)).isEqualTo("MS-1");
        // rectification: the same milestone comes back to the applicant
        Assertions.assertThat(reportAndCheckMilestone(project, true)).isEqualTo("MS-1");
        Assertions.assertThat(reportAndCheckMilestone(project, true)).isEqualTo("MS-2");

        Assertions.assertThat(timesCreated(project, ProjectProcess.TASK_REPORT_MILESTONE)).isEqualTo(3);
        Assertions.assertThat(timesCreated(project, ProjectProcess.TASK_CHECK_MILESTONE)).isEqualTo(3);
        applyAndRecordAcceptance(project);

        verify(archiveProject).execute(any(DelegateExecution.class));
        assertEndedAt(project, ProjectProcess.END_PROJECT_ARCHIVED);
    }
}
