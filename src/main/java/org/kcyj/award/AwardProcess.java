package org.kcyj.award;

/**
 * Names the award process ({@code processes/award.bpmn}) uses: process key, element ids and variables. The
 * proposal process calls it after the peer review with the proposal's business key and its id, and reads
 * {@code funded} back when it ends.
 */
public final class AwardProcess {
    public static final String KEY = "Process_Award";

    public static final String EVENT_AWARD_STARTED = "Event_AwardStarted";
    public static final String TASK_PROPOSE_FUNDING = "Task_ProposeFunding";
    public static final String TASK_APPROVE_FUNDING = "Task_ApproveFunding";
    public static final String TASK_OPEN_PUBLICITY = "Task_OpenPublicity";
    public static final String EVENT_PUBLICITY_ENDED = "Event_PublicityEnded";
    public static final String TASK_ISSUE_APPROVAL_NOTICE = "Task_IssueApprovalNotice";

    public static final String END_NOT_FUNDED = "Event_NotFunded";
    public static final String END_FUNDING_DECLINED = "Event_FundingDeclined";
    public static final String END_FUNDED = "Event_ProjectFunded";

    /** The proposal id, passed in by the calling proposal process. */
    public static final String VAR_PROPOSAL_ID = "proposalId";
    /** Set by the manager's funding proposal: true goes on to the director. */
    public static final String VAR_FUNDING_RECOMMENDED = "fundingRecommended";
    /** Set by the director's decision: true opens the publicity window. */
    public static final String VAR_FUNDING_APPROVED = "fundingApproved";
    /** Handed back to the caller when the award ends: whether the proposal was funded. */
    public static final String VAR_FUNDED = "funded";

    private AwardProcess() {
    }
}
