package org.kcyj.proposal.rules;

import java.math.BigDecimal;
import java.util.List;

/**
 * The cap on indirect costs as a percentage of the direct costs, by the size of the direct costs.
 * Tiers are tried in order and the first whose bound admits the direct costs gives the cap; the last
 * tier has no bound. The whole cap of the matching tier applies (it is not a marginal rate).
 *
 * <p>A programme parameter: {@link #defaults()} holds the values of the programme rules
 * (≤30% under 500 万元, ≤25% from 500 to 1000 万元 inclusive, ≤20% above 1000 万元).
 */
public record IndirectCostTiers(List<Tier> tiers) {

    /**
     * One tier.
     *
     * @param bound        upper bound of the direct costs in 万元, null for the last tier
     * @param boundIncluded whether direct costs equal to the bound belong to this tier
     * @param maxPercent   the cap, as a percentage of the direct costs (0-100)
     */
    public record Tier(BigDecimal bound, boolean boundIncluded, BigDecimal maxPercent) {

        public Tier {
            if (maxPercent == null || maxPercent.signum() < 0 || maxPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("cap must be between 0 and 100 percent: " + maxPercent);
            }
        }

        /** Direct costs strictly below {@code bound}. */
        public static Tier under(String bound, String maxPercent) {
            return new Tier(new BigDecimal(bound), false, new BigDecimal(maxPercent));
        }

        /** Direct costs up to and including {@code bound}. */
        public static Tier upTo(String bound, String maxPercent) {
            return new Tier(new BigDecimal(bound), true, new BigDecimal(maxPercent));
        }

        /** All larger direct costs; the last tier. */
        public static Tier above(String maxPercent) {
            return new Tier(null, false, new BigDecimal(maxPercent));
        }

        boolean admits(BigDecimal directCosts) {
            if (bound == null) {
                return true;
            }
            int c = directCosts.compareTo(bound);
            return c < 0 || (c == 0 && boundIncluded);
        }
    }

    public IndirectCostTiers {
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty() || tiers.get(tiers.size() - 1).bound() != null) {
            throw new IllegalArgumentException("the last tier must be unbounded");
        }
        for (int i = 0; i < tiers.size() - 1; i++) {
            if (tiers.get(i).bound() == null) {
                throw new IllegalArgumentException("only the last tier may be unbounded");
            }
            if (i > 0 && tiers.get(i).bound().compareTo(tiers.get(i - 1).bound()) <= 0) {
                throw new IllegalArgumentException("tier bounds must increase");
            }
        }
    }

    public static IndirectCostTiers of(Tier... tiers) {
        return new IndirectCostTiers(List.of(tiers));
    }

    public static IndirectCostTiers defaults() {
        return of(Tier.under("500", "30"), Tier.upTo("1000", "25"), Tier.above("20"));
    }

    /** The cap in percent for the given direct costs. */
    public BigDecimal maxPercentFor(BigDecimal directCosts) {
        return tiers.stream().filter(t -> t.admits(directCosts)).findFirst().orElseThrow().maxPercent();
    }
}
