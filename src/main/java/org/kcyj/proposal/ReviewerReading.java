package org.kcyj.proposal;

import java.util.Set;

/**
 * Which proposals an expert reads as a reviewer. The review stage knows (its invitations and panels) and
 * implements this, so proposal access asks without depending on the review stage, which depends on it.
 */
public interface ReviewerReading {

    /**
     * The proposals the expert accepted to review (after declaring no conflict) or reviewed. An invited expert
     * who has not answered, declined, declared a conflict or was replaced reads nothing.
     */
    Set<Long> proposalsReviewedBy(String expert);

    /**
     * Whether the expert reads the proposal: one they accepted to review, or one on the list of an open panel
     * they sit on (members judge the proposals they vote on).
     */
    boolean reads(long proposalId, String expert);
}
