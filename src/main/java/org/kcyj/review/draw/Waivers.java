package org.kcyj.review.draw;

/**
 * Conflicts a manager waived, with a recorded reason, for one expert and one proposal. A waived conflict
 * still shows with its evidence; it no longer keeps the expert out of the draw.
 */
@FunctionalInterface
public interface Waivers {
    Waivers NONE = (expertId, proposalNumber, rule) -> false;

    boolean waived(String expertId, String proposalNumber, ConflictRule rule);
}
