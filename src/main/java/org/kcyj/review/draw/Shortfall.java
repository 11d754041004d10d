package org.kcyj.review.draw;

import java.util.List;

/**
 * A proposal that was not fully staffed: fewer than N experts drawn, or fewer than K international ones.
 * The experts already drawn stay in its {@link Assignment}.
 *
 * @param eligible              experts available, matching the discipline and free of conflicts
 * @param eligibleInternational those of them who are international
 */
public record Shortfall(String proposalNumber, List<ShortfallReason> reasons, int drawn, int drawnInternational,
                        int eligible, int eligibleInternational, String explanation) {

    public Shortfall {
        reasons = List.copyOf(reasons);
    }
}
