package org.kcyj.proposal;

/** Names the proposal process uses: process key, element ids and variables. */
public final class ProposalProcess {
    public static final String KEY = "Process_Proposal";

    public static final String TASK_SUBMIT_PROPOSAL = "Task_SubmitProposal";
    public static final String TASK_ENDORSE_PROPOSAL = "Task_EndorseProposal";
    public static final String TASK_FORMAL_CHECK = "Task_FormalCheck";
    public static final String TASK_PROPOSE_FUNDING = "Task_ProposeFunding";
    public static final String TASK_APPROVE_FUNDING = "Task_ApproveFunding";
    public static final String EVENT_PUBLICITY_ENDED = "Event_PublicityEnded";
    public static final String EVENT_APPLICATION_WINDOW_CLOSED = "Event_ApplicationWindowClosed";
    public static final String ACTIVITY_PEER_REVIEW = "Activity_PeerReview";
    public static final String ACTIVITY_PROJECT = "Activity_Project";

    public static final String END_LAPSED = "Event_ProposalLapsed";
    public static final String END_REJECTED = "Event_ProposalRejected";
    public static final String END_NOT_FUNDED = "Event_NotFunded";
    public static final String END_FUNDING_DECLINED = "Event_FundingDeclined";
    public static final String END_PROJECT_CLOSED = "Event_ProjectClosed";

    public static final String VAR_PROPOSAL_ID = "proposalId";
    public static final String VAR_APPLICANT = "applicant";
    public static final String VAR_ENDORSED = "endorsed";
    public static final String VAR_FORMAL_CHECK_PASSED = "formalCheckPassed";
    public static final String VAR_FUNDING_RECOMMENDED = "fundingRecommended";
    public static final String VAR_FUNDING_APPROVED = "fundingApproved";

    private ProposalProcess() {
    }

    /** The proposal id every process of a proposal carries. */
    public static long proposalId(org.camunda.bpm.engine.delegate.VariableScope scope) {
        return ((Number) scope.getVariable(VAR_PROPOSAL_ID)).longValue();
    }
}
