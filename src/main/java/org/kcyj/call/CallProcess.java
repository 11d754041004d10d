package org.kcyj.call;

/** Names the programme-call process uses: process key, element ids, variables. */
public final class CallProcess {
    public static final String KEY = "Process_ProgrammeCall";

    public static final String EVENT_DEMAND_DEADLINE = "Event_DemandDeadline";
    public static final String TASK_END_DEMAND_COLLECTION = "Task_EndDemandCollection";
    public static final String TASK_DRAFT_GUIDE = "Task_DraftGuide";
    public static final String TASK_APPROVE_GUIDE = "Task_ApproveGuide";
    public static final String TASK_PUBLISH_GUIDE = "Task_PublishGuide";
    public static final String EVENT_WINDOW_OPENS = "Event_WindowOpens";
    public static final String TASK_OPEN_APPLICATION_WINDOW = "Task_OpenApplicationWindow";
    public static final String EVENT_APPLICATION_DEADLINE = "Event_ApplicationDeadline";
    public static final String TASK_CLOSE_APPLICATION_WINDOW = "Task_CloseApplicationWindow";
    public static final String EVENT_CALL_CLOSED = "Event_CallClosed";

    public static final String VAR_CALL_ID = "callId";
    /** Read by the gateway after the start: whether the call collects demands first. */
    public static final String VAR_COLLECT_DEMANDS = "collectDemands";
    /** Set by the director's decision: true publishes the guide, false returns it to the manager. */
    public static final String VAR_GUIDE_APPROVED = "guideApproved";

    private CallProcess() {
    }
}
