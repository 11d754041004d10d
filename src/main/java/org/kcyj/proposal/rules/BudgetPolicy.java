package org.kcyj.proposal.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A programme's budget parameters.
 *
 * @param indirectCostTiers     the cap on indirect costs in itemised budgets
 * @param minimumMatchingRatio  self- plus co-funding must be at least this multiple of the fiscal funding
 *                              (0: no requirement; 1: 1:1, as 揭榜挂帅 calls may require)
 */
public record BudgetPolicy(IndirectCostTiers indirectCostTiers, BigDecimal minimumMatchingRatio) {

    public BudgetPolicy {
        Objects.requireNonNull(indirectCostTiers, "indirectCostTiers");
        if (minimumMatchingRatio == null || minimumMatchingRatio.signum() < 0) {
            throw new IllegalArgumentException("minimum matching ratio must be zero or more: " + minimumMatchingRatio);
        }
    }

    public static BudgetPolicy defaults() {
        return new BudgetPolicy(IndirectCostTiers.defaults(), BigDecimal.ZERO);
    }

    public BudgetPolicy withMinimumMatchingRatio(BigDecimal ratio) {
        return new BudgetPolicy(indirectCostTiers, ratio);
    }
}
