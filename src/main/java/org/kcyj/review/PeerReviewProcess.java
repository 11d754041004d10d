package org.kcyj.review;

/** Names the peer-review process uses: process key, element ids and variables. */
public final class PeerReviewProcess {
    public static final String KEY = "Process_PeerReview";

    public static final String TASK_ASSIGN_REVIEWERS = "Task_AssignReviewers";
    public static final String TASK_REVIEW_PROPOSAL = "Task_ReviewProposal";
    public static final String END_REVIEW_COMPLETED = "Event_ReviewCompleted";

    public static final String VAR_REVIEWERS = "reviewers";
    public static final String VAR_REVIEWER = "reviewer";

    private PeerReviewProcess() {
    }
}
