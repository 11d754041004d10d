package org.kcyj.proposal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.proposal.rules.BudgetRulesTest.describe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.kcyj.proposal.rules.IndirectCostTiers.Tier;
import org.kcyj.shared.FieldProblem;

/**
 * Budgets that add up pass; moving any one amount by a cent or more is caught on the right field; the
 * indirect-cost cap switches tiers exactly at their bounds. Each property runs 1,000 tries (jqwik's default).
 */
class BudgetRulesProperties {

    private static final BudgetRules RULES = new BudgetRules(BudgetPolicy.defaults());

    @Property
    void budgetsThatAddUpAndRespectTheCapPass(@ForAll("validBudgets") Budget budget) {
        assertThat(RULES.check(budget)).isEmpty();
    }

    @Property
    void movingOneLineByACentOrMoreIsReportedOnTheLines(@ForAll("validBudgets") Budget budget,
                                                        @ForAll @IntRange(min = 0, max = 9) int which,
                                                        @ForAll("deltas") BigDecimal delta) {
        int index = which % budget.lines().size();
        List<BudgetLine> lines = new ArrayList<>(budget.lines());
        BudgetLine line = lines.get(index);
        BigDecimal moved = line.amount().add(delta);
        lines.set(index, new BudgetLine(line.category(), moved));
        BigDecimal sum = lines.stream().map(BudgetLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);

        List<FieldProblem> problems = RULES.check(new Budget(budget.mode(), lines, budget.fiscalRequested(),
                budget.selfFunding(), budget.coFunding(), budget.declaredTotal(), false));

        assertThat(describe(problems)).contains("budget.lines rules.budget.lines-sum "
                + Arrays.toString(new Object[] {sum.setScale(2).toPlainString(),
                        budget.fiscalRequested().setScale(2).toPlainString()}));
        // the changed line may also be negative, and a changed direct cost may move the indirect cap
        assertThat(problems).extracting(FieldProblem::field)
                .isSubsetOf(Set.of("budget.lines", "budget.lines[" + index + "].amount", "budget.indirect"));
        if (moved.signum() < 0) {
            assertThat(describe(problems)).contains("budget.lines[" + index + "].amount validation.min [0]");
        }
    }

    @Property
    void movingASourceOrTheTotalByACentOrMoreIsReportedOnTheTotal(@ForAll("validBudgets") Budget budget,
                                                                   @ForAll @IntRange(min = 0, max = 2) int which,
                                                                   @ForAll("deltas") BigDecimal delta) {
        BigDecimal self = budget.selfFunding();
        BigDecimal co = budget.coFunding();
        BigDecimal total = budget.declaredTotal();
        switch (which) {
            case 0 -> self = self.add(delta);
            case 1 -> co = co.add(delta);
            default -> total = total.add(delta);
        }
        List<FieldProblem> problems = RULES.check(new Budget(budget.mode(), budget.lines(), budget.fiscalRequested(),
                self, co, total, false));

        assertThat(describe(problems)).anyMatch(p -> p.startsWith("budget.total rules.budget.total-mismatch"));
        assertThat(problems).extracting(FieldProblem::field)
                .isSubsetOf(Set.of("budget.total", "budget.selfFunding", "budget.coFunding"));
    }

    @Property
    void movingTheFiscalFundingIsReportedOnTheLinesAndTheTotal(@ForAll("validBudgets") Budget budget,
                                                               @ForAll("deltas") BigDecimal delta) {
        BigDecimal fiscal = budget.fiscalRequested().add(delta);
        List<FieldProblem> problems = RULES.check(new Budget(budget.mode(), budget.lines(), fiscal,
                budget.selfFunding(), budget.coFunding(), budget.declaredTotal(), false));

        assertThat(problems).extracting(FieldProblem::field).contains("budget.lines", "budget.total")
                .isSubsetOf(Set.of("budget.lines", "budget.total", "budget.fiscalRequested"));
    }

    /**
     * With random tiers "under b1: p1, up to b2: p2, above: p3", direct costs of b1 - 0.01, b1, b2 and
     * b2 + 0.01 get p1, p2, p2 and p3; indirect costs equal to the cap (to the cent, rounded down) pass
     * and one cent more fails.
     */
    @Property
    void theIndirectCapSwitchesTiersExactlyAtTheBounds(@ForAll @LongRange(min = 1, max = 200_000) long b1Cents,
                                                       @ForAll @LongRange(min = 1, max = 200_000) long widthCents,
                                                       @ForAll("percents") BigDecimal p1,
                                                       @ForAll("percents") BigDecimal p2,
                                                       @ForAll("percents") BigDecimal p3) {
        BigDecimal b1 = BigDecimal.valueOf(b1Cents, 2);
        BigDecimal b2 = BigDecimal.valueOf(b1Cents + widthCents, 2);
        IndirectCostTiers tiers = new IndirectCostTiers(List.of(new Tier(b1, false, p1), new Tier(b2, true, p2),
                new Tier(null, false, p3)));
        BudgetRules rules = new BudgetRules(new BudgetPolicy(tiers, BigDecimal.ZERO));
        BigDecimal cent = new BigDecimal("0.01");

        assertCapAt(rules, b1.subtract(cent), p1);
        assertCapAt(rules, b1, p2);
        assertCapAt(rules, b2, p2);
        assertCapAt(rules, b2.add(cent), p3);
    }

    private static void assertCapAt(BudgetRules rules, BigDecimal direct, BigDecimal percent) {
        BigDecimal cap = direct.multiply(percent).divide(BigDecimal.valueOf(100)).setScale(2, RoundingMode.FLOOR);
        assertThat(rules.check(withIndirect(direct, cap))).as("direct %s, indirect %s", direct, cap).isEmpty();

        BigDecimal over = cap.add(new BigDecimal("0.01"));
        assertThat(describe(rules.check(withIndirect(direct, over)))).as("direct %s, indirect %s", direct, over)
                .containsExactly("budget.indirect rules.budget.indirect-cap " + Arrays.toString(new Object[] {
                        percent.stripTrailingZeros().toPlainString(), cap.toPlainString(),
                        direct.setScale(2).toPlainString()}));
    }

    /** Direct costs split over two lines, plus the indirect line; fiscal funding and total match. */
    private static Budget withIndirect(BigDecimal direct, BigDecimal indirect) {
        BigDecimal equipment = direct.divide(BigDecimal.valueOf(3), 2, RoundingMode.DOWN);
        List<BudgetLine> lines = List.of(new BudgetLine(BudgetCategory.EQUIPMENT, equipment),
                new BudgetLine(BudgetCategory.LABOUR, direct.subtract(equipment)),
                new BudgetLine(BudgetCategory.INDIRECT, indirect));
        BigDecimal fiscal = direct.add(indirect);
        return new Budget(BudgetMode.ITEMISED, lines, fiscal, BigDecimal.ZERO, BigDecimal.ZERO, fiscal, false);
    }

    @Property
    void theMatchingRequirementHoldsExactlyWhenSelfPlusCoFundingReachTheRatio(
            @ForAll("validBudgets") Budget budget, @ForAll @IntRange(min = 0, max = 300) int ratioPercent) {
        BigDecimal ratio = BigDecimal.valueOf(ratioPercent, 2);
        BudgetRules rules = new BudgetRules(BudgetPolicy.defaults().withMinimumMatchingRatio(ratio));
        boolean enough = budget.selfFunding().add(budget.coFunding())
                .compareTo(budget.fiscalRequested().multiply(ratio)) >= 0;

        assertThat(rules.check(budget)).extracting(FieldProblem::field)
                .containsExactlyElementsOf(enough ? List.of() : List.of("budget.matchingFunds"));
    }

    /**
     * Itemised budgets whose direct lines (1 to 9 distinct categories, in random order, each 0 to 800
     * 万元 so that every default tier is reached) add up with an indirect line below the cap to the
     * fiscal funding, and whose sources add up to the total.
     */
    @Provide
    Arbitrary<Budget> validBudgets() {
        List<BudgetCategory> direct = Arrays.stream(BudgetCategory.values()).filter(BudgetCategory::isDirect).toList();
        Arbitrary<List<BudgetLine>> directLines = Arbitraries.of(direct).list().uniqueElements().ofMinSize(1)
                .ofMaxSize(direct.size())
                .flatMap(categories -> cents(0, 80_000).list().ofSize(categories.size()).map(amounts -> {
                    List<BudgetLine> lines = new ArrayList<>();
                    for (int i = 0; i < categories.size(); i++) {
                        lines.add(new BudgetLine(categories.get(i), amounts.get(i)));
                    }
                    return lines;
                }));
        Arbitrary<Double> shareOfCap = Arbitraries.doubles().between(0, 1).edgeCases(c -> c.add(0.0, 1.0));
        Arbitrary<Integer> indirectPosition = Arbitraries.integers().between(0, 9);
        return Combinators.combine(directLines, shareOfCap, indirectPosition, cents(0, 100_000), cents(0, 100_000))
                .as((lines, share, position, self, co) -> {
                    BigDecimal directSum = lines.stream().map(BudgetLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                    BigDecimal cap = directSum.multiply(IndirectCostTiers.defaults().maxPercentFor(directSum))
                            .divide(BigDecimal.valueOf(100));
                    BigDecimal indirect = cap.multiply(BigDecimal.valueOf(share)).setScale(2, RoundingMode.FLOOR);
                    List<BudgetLine> all = new ArrayList<>(lines);
                    all.add(position % (lines.size() + 1), new BudgetLine(BudgetCategory.INDIRECT, indirect));
                    BigDecimal fiscal = directSum.add(indirect);
                    return new Budget(BudgetMode.ITEMISED, all, fiscal, self, co, fiscal.add(self).add(co), false);
                });
    }

    /** A nonzero change of 0.01 to 1,000.00 万元, either way. */
    @Provide
    Arbitrary<BigDecimal> deltas() {
        return Combinators.combine(cents(1, 100_000), Arbitraries.of(1, -1))
                .as((amount, sign) -> sign > 0 ? amount : amount.negate())
                .edgeCases(c -> c.add(new BigDecimal("0.01"), new BigDecimal("-0.01")));
    }

    @Provide
    Arbitrary<BigDecimal> percents() {
        return Arbitraries.integers().between(0, 1000).map(tenths -> BigDecimal.valueOf(tenths, 1));
    }

    private static Arbitrary<BigDecimal> cents(long min, long max) {
        return Arbitraries.longs().between(min, max).map(c -> BigDecimal.valueOf(c, 2));
    }
}
