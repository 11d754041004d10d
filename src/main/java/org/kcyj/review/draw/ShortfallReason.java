package org.kcyj.review.draw;

/** Why a proposal could not be fully staffed; a shortfall may have more than one reason. */
public enum ShortfallReason {
    /** Fewer than N experts are available, match the discipline and have no conflict. */
    NOT_ENOUGH_ELIGIBLE_EXPERTS,
    /** Some eligible (or eligible international) experts were not drawn because they already had M proposals. */
    LOAD_LIMIT_REACHED,
    /** Fewer than K eligible experts are international. */
    NOT_ENOUGH_INTERNATIONAL_EXPERTS
}
