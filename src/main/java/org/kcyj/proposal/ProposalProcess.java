package org.kcyj.proposal;

/** Names the proposal process uses: process key, element ids, messages and variables. */
public final class ProposalProcess {
    public static final String KEY = "Process_Proposal";

    public static final String TASK_SUBMIT_PROPOSAL = "Task_SubmitProposal";
    public static final String TASK_REGISTER_SUBMISSION = "Task_RegisterSubmission";
    public static final String TASK_ENDORSE_PROPOSAL = "Task_EndorseProposal";
    public static final String TASK_RUN_FORMAL_CHECKS = "Task_RunFormalChecks";
    public static final String TASK_RECORD_VETO = "Task_RecordVeto";
    public static final String TASK_FORMAL_CHECK = "Task_FormalCheck";
    public static final String TASK_ISSUE_FORMAL_CHECK_NOTICE = "Task_IssueFormalCheckNotice";
    public static final String TASK_CORRECT_PROPOSAL = "Task_CorrectProposal";
    public static final String TASK_REGISTER_CORRECTION = "Task_RegisterCorrection";
    public static final String TASK_RECORD_WITHDRAWAL = "Task_RecordWithdrawal";
    public static final String EVENT_APPLICATION_WINDOW_CLOSED = "Event_ApplicationWindowClosed";
    public static final String EVENT_CORRECTION_DEADLINE_PASSED = "Event_CorrectionDeadlinePassed";
    public static final String EVENT_PROPOSAL_RECALLED = "Event_ProposalRecalled";
    public static final String EVENT_WITHDRAWAL_REQUESTED = "Event_WithdrawalRequested";
    public static final String SUBPROCESS_WITHDRAWAL = "SubProcess_Withdrawal";
    public static final String ACTIVITY_PEER_REVIEW = "Activity_PeerReview";
    /** Calls {@code Process_Award} (funding proposal, approval, publicity, approval notice) after the peer review. */
    public static final String ACTIVITY_AWARD = "Activity_Award";
    /** Reads the award's outcome ({@code funded}): only a funded proposal becomes a project. */
    public static final String GATEWAY_FUNDED = "Gateway_Funded";
    /** Calls {@code Process_Project}, the funded project. */
    public static final String ACTIVITY_PROJECT = "Activity_Project";

    public static final String END_LAPSED = "Event_ProposalLapsed";
    public static final String END_VETOED = "Event_ProposalVetoed";
    public static final String END_REJECTED = "Event_ProposalRejected";
    public static final String END_CORRECTION_LAPSED = "Event_CorrectionLapsed";
    public static final String END_WITHDRAWN = "Event_ProposalWithdrawn";
    /** The award ended without funding (not recommended or declined). */
    public static final String END_NOT_AWARDED = "Event_NotAwarded";
    public static final String END_PROJECT_CLOSED = "Event_ProjectClosed";

    /** Correlated with the business key while the unit has not yet endorsed: back to the applicant. */
    public static final String MESSAGE_RECALLED = "Message_ProposalRecalled";
    /** Correlated with the business key: ends the proposal as withdrawn, whatever it is waiting for. */
    public static final String MESSAGE_WITHDRAWN = "Message_ProposalWithdrawn";

    public static final String VAR_PROPOSAL_ID = "proposalId";
    public static final String VAR_APPLICANT = "applicant";
    public static final String VAR_ENDORSED = "endorsed";
    /** Boolean set by the automatic checks: a serious-misconduct record vetoes the proposal. */
    public static final String VAR_INTEGRITY_VETO = "integrityVeto";
    /** String set by the formal check: one of the OUTCOME_* values below. */
    public static final String VAR_FORMAL_CHECK_OUTCOME = "formalCheckOutcome";
    /** Boolean the award hands back when it ends: true once the approval notice is issued. */
    public static final String VAR_FUNDED = "funded";

    public static final String OUTCOME_PASS = "PASS";
    public static final String OUTCOME_RETURN = "RETURN";
    public static final String OUTCOME_REJECT = "REJECT";

    private ProposalProcess() {
    }
}
