package org.kcyj.review;

/** Names the peer-review process uses: process key, element ids, messages and variables. */
public final class PeerReviewProcess {
    public static final String KEY = "Process_PeerReview";

    public static final String TASK_ASSIGN_REVIEWERS = "Task_AssignReviewers";
    public static final String SUBPROCESS_SLOT = "SubProcess_ReviewSlot";
    public static final String TASK_FIND_EXPERT = "Task_FindExpert";
    public static final String TASK_SEND_INVITATION = "Task_SendInvitation";
    public static final String TASK_RESPOND = "Task_RespondToInvitation";
    public static final String TASK_REVIEW_PROPOSAL = "Task_ReviewProposal";
    public static final String TASK_RESOLVE_POOL_EXHAUSTED = "Task_ResolvePoolExhausted";
    public static final String TASK_AGGREGATE = "Task_AggregateScores";
    public static final String EVENT_INVITATION_EXPIRED = "Event_InvitationExpired";
    public static final String EVENT_REVIEW_REMINDER = "Event_ReviewReminder";
    public static final String EVENT_REVIEW_DEADLINE = "Event_ReviewDeadlinePassed";
    public static final String EVENT_REVIEW_OVERDUE = "Event_ReviewOverdue";
    public static final String EVENT_PANEL_CONCLUDED = "Event_PanelConcluded";
    public static final String END_REVIEW_COMPLETED = "Event_ReviewCompleted";
    public static final String MESSAGE_PANEL_CONCLUDED = "Message_PanelConcluded";

    /** The slots (1..N) of written review, one multi-instance branch each. */
    public static final String VAR_SLOTS = "slots";
    public static final String VAR_SLOT = "slot";
    /** Local to a slot: the expert invited now and their invitation. */
    public static final String VAR_EXPERT = "expert";
    public static final String VAR_INVITATION_ID = "invitationId";
    public static final String VAR_EXPERT_FOUND = "expertFound";
    public static final String VAR_ACCEPTED = "accepted";
    public static final String VAR_RETRY_DRAW = "retryDraw";
    public static final String VAR_PANEL_REQUIRED = "panelRequired";

    private PeerReviewProcess() {
    }
}
