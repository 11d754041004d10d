package org.kcyj.project;

/**
 * Names the funded-project process ({@code processes/project.bpmn}) uses: process key, element ids and
 * variables. The proposal process calls it once the award has funded the proposal.
 */
public final class ProjectProcess {
    public static final String KEY = "Process_Project";

    public static final String TASK_DRAFT_TASK_BOOK = "Task_DraftTaskBook";
    public static final String TASK_CONFIRM_TASK_BOOK = "Task_ConfirmTaskBook";
    public static final String ACTIVITY_MILESTONE = "Activity_Milestone";
    public static final String TASK_REPORT_MILESTONE = "Task_ReportMilestone";
    public static final String TASK_CHECK_MILESTONE = "Task_CheckMilestone";
    public static final String TASK_APPLY_FOR_ACCEPTANCE = "Task_ApplyForAcceptance";
    public static final String TASK_RECORD_ACCEPTANCE = "Task_RecordAcceptance";
    public static final String TASK_ARCHIVE_PROJECT = "Task_ArchiveProject";
    public static final String END_PROJECT_ARCHIVED = "Event_ProjectArchived";

    /** The proposal id and the applicant's user name, passed in by the calling proposal process. */
    public static final String VAR_PROPOSAL_ID = "proposalId";
    public static final String VAR_APPLICANT = "applicant";
    public static final String VAR_TASK_BOOK_CONFIRMED = "taskBookConfirmed";
    public static final String VAR_MILESTONES = "milestones";
    public static final String VAR_MILESTONE_ID = "milestoneId";
    public static final String VAR_MILESTONE_PASSED = "milestonePassed";

    private ProjectProcess() {
    }
}
