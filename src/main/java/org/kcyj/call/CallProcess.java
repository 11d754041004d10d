package org.kcyj.call;

/** Names the programme-call process uses: process key, element ids, variables, beans. */
public final class CallProcess {
    public static final String KEY = "Process_ProgrammeCall";

    public static final String TASK_PUBLISH_CALL = "Task_PublishCall";
    public static final String EVENT_APPLICATION_DEADLINE = "Event_ApplicationDeadline";
    public static final String EVENT_CALL_CLOSED = "Event_CallClosed";

    public static final String VAR_CALL_ID = "callId";

    private CallProcess() {
    }
}
