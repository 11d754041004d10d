package org.kcyj.proposal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kcyj.proposal.rules.BudgetCategory.EQUIPMENT;
import static org.kcyj.proposal.rules.BudgetCategory.EXPERT;
import static org.kcyj.proposal.rules.BudgetCategory.FUEL_POWER;
import static org.kcyj.proposal.rules.BudgetCategory.INDIRECT;
import static org.kcyj.proposal.rules.BudgetCategory.LABOUR;
import static org.kcyj.proposal.rules.BudgetCategory.MATERIALS;
import static org.kcyj.proposal.rules.BudgetCategory.OTHER;
import static org.kcyj.proposal.rules.BudgetCategory.PUBLICATION;
import static org.kcyj.proposal.rules.BudgetCategory.TESTING;
import static org.kcyj.proposal.rules.BudgetCategory.TRAVEL_MEETING;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcyj.proposal.rules.IndirectCostTiers.Tier;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.http.HttpStatus;

class BudgetRulesTest {

    private final BudgetRules rules = new BudgetRules(BudgetPolicy.defaults());

    /** A typical itemised budget: 320 万元 direct costs, 80 万元 indirect (cap 30% = 96). */
    static List<BudgetLine> typicalLines() {
        return List.of(line(EQUIPMENT, "120.00"), line(MATERIALS, "80.50"), line(TESTING, "30"),
                line(FUEL_POWER, "5"), line(TRAVEL_MEETING, "12.30"), line(PUBLICATION, "8"), line(LABOUR, "60"),
                line(EXPERT, "4.20"), line(OTHER, "0"), line(INDIRECT, "80.00"));
    }

    static Budget itemised(List<BudgetLine> lines, String fiscal, String self, String co, String total) {
        return new Budget(BudgetMode.ITEMISED, lines, amount(fiscal), amount(self), amount(co), amount(total), false);
    }

    @Test
    void aTypicalItemisedBudgetPasses() {
        assertThat(rules.check(itemised(typicalLines(), "400", "200", "100", "700"))).isEmpty();
    }

    @Test
    void linesThatDoNotAddUpToTheFiscalFundingAreReportedOnTheLines() {
        assertThat(describe(rules.check(itemised(typicalLines(), "400.01", "200", "100", "700.01"))))
                .containsExactly("budget.lines rules.budget.lines-sum [400.00, 400.01]");
    }

    @Test
    void sourcesThatDoNotAddUpToTheTotalAreReportedOnTheTotal() {
        assertThat(describe(rules.check(itemised(typicalLines(), "400", "200", "100", "699.99"))))
                .containsExactly("budget.total rules.budget.total-mismatch [700.00, 699.99]");
    }

    @Test
    void absentSelfAndCoFundingCountAsZero() {
        assertThat(rules.check(itemised(typicalLines(), "400", null, null, "400"))).isEmpty();
    }

    @Test
    void indirectCostsOverTheCapAreReportedWithTheCapAndTheLargestAllowedAmount() {
        List<BudgetLine> lines = new ArrayList<>(typicalLines());
        lines.set(9, line(INDIRECT, "96.01"));
        assertThat(describe(rules.check(itemised(lines, "416.01", "0", "0", "416.01"))))
                .containsExactly("budget.indirect rules.budget.indirect-cap [30, 96.00, 320.00]");
        lines.set(9, line(INDIRECT, "96.00"));
        assertThat(rules.check(itemised(lines, "416", "0", "0", "416"))).isEmpty();
    }

    @Test
    void theCapOfTheTierOfTheDirectCostsAppliesToAllOfThem() {
        // 600 万元 direct costs fall in the 25% tier: at most 150, not 30% of the first 500 plus 25% of the rest
        List<BudgetLine> lines = List.of(line(EQUIPMENT, "600"), line(INDIRECT, "150.01"));
        assertThat(describe(rules.check(itemised(lines, "750.01", "0", "0", "750.01"))))
                .containsExactly("budget.indirect rules.budget.indirect-cap [25, 150.00, 600.00]");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<BudgetLine> lines = new ArrayList<>();
        lines.add(line(EQUIPMENT, "-1"));
        lines.add(line(MATERIALS, "10.005"));
        lines.add(line(EQUIPMENT, "5"));
        lines.add(null);
        lines.add(new BudgetLine(null, null));
        Budget budget = new Budget(BudgetMode.ITEMISED, lines, null, amount("10000000"), amount("-0.5"), null, false);

        assertThat(describe(rules.check(budget))).containsExactlyInAnyOrder(
                "budget.fiscalRequested validation.required []",
                "budget.selfFunding validation.max [9999999.99]",
                "budget.coFunding validation.min [0]",
                "budget.total validation.required []",
                "budget.lines[0].amount validation.min [0]",
                "budget.lines[1].amount validation.decimals [2]",
                "budget.lines[2].category rules.budget.duplicate-category [1]",
                "budget.lines[3] validation.required []",
                "budget.lines[4].category validation.required []",
                "budget.lines[4].amount validation.required []");
    }

    @Test
    void amountsMayHaveTrailingZerosButNotMoreThanTwoDecimals() {
        List<BudgetLine> lines = List.of(line(EQUIPMENT, "100.500"));
        assertThat(rules.check(itemised(lines, "100.5", "0", "0", "100.50"))).isEmpty();
    }

    @Test
    void amountsStayBelowTenMillion() {
        List<BudgetLine> lines = List.of(line(EQUIPMENT, "9999999.99"));
        Budget largest = itemised(lines, "9999999.99", "0", "0", "9999999.99");
        assertThat(rules.check(largest)).isEmpty();
        assertThat(describe(rules.check(itemised(lines, "9999999.99", "0", "0.01", "10000000"))))
                .contains("budget.total validation.max [9999999.99]");
    }

    @Test
    void anItemisedBudgetNeedsLines() {
        assertThat(describe(rules.check(itemised(List.of(), "0", "0", "0", "0"))))
                .containsExactly("budget.lines validation.required []");
    }

    @Test
    void aLumpSumBudgetHasOnlyItsTotalAndNeedsTheNegativeListAcknowledged() {
        Budget lumpSum = new Budget(BudgetMode.LUMP_SUM, List.of(), amount("300"), amount("100"), amount("0"),
                amount("400"), true);
        assertThat(rules.check(lumpSum)).isEmpty();

        Budget unacknowledgedWithLines = new Budget(BudgetMode.LUMP_SUM, List.of(line(EQUIPMENT, "300")),
                amount("300"), amount("100"), amount("0"), amount("400"), false);
        assertThat(describe(rules.check(unacknowledgedWithLines))).containsExactlyInAnyOrder(
                "budget.lines rules.budget.lump-sum-lines []",
                "budget.negativeListAcknowledged rules.budget.negative-list []");
    }

    @Test
    void aOneToOneMatchingRequirementNeedsSelfAndCoFundingAtLeastEqualToTheFiscalFunding() {
        BudgetRules oneToOne = new BudgetRules(BudgetPolicy.defaults().withMinimumMatchingRatio(BigDecimal.ONE));
        assertThat(oneToOne.check(itemised(typicalLines(), "400", "300", "100", "800"))).isEmpty();
        assertThat(describe(oneToOne.check(itemised(typicalLines(), "400", "300", "99.99", "799.99"))))
                .containsExactly("budget.matchingFunds rules.budget.matching-ratio [400.00, 100]");
    }

    @Test
    void missingBudgetOrModeIsRequired() {
        assertThat(describe(rules.check(null))).containsExactly("budget validation.required []");
        Budget noMode = new Budget(null, null, amount("1"), null, null, amount("1"), false);
        assertThat(describe(rules.check(noMode))).containsExactly("budget.mode validation.required []");
    }

    @Test
    void requireThrowsABadRequestListingEveryProblem() {
        Budget budget = itemised(typicalLines(), "400.01", "200", "100", "700");
        assertThatThrownBy(() -> rules.require(budget))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(describe(e.fieldProblems())).containsExactlyInAnyOrder(
                            "budget.lines rules.budget.lines-sum [400.00, 400.01]",
                            "budget.total rules.budget.total-mismatch [700.01, 700.00]");
                });
    }

    @Test
    void tiersMustIncreaseAndEndUnbounded() {
        assertThatThrownBy(() -> IndirectCostTiers.of(Tier.under("500", "30")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndirectCostTiers.of(Tier.under("500", "30"), Tier.upTo("400", "25"), Tier.above("20")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndirectCostTiers.of(Tier.above("30"), Tier.above("20")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tier.above("101")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IndirectCostTiers.of(Tier.above("15")).maxPercentFor(new BigDecimal("123456"))).isEqualByComparingTo("15");
    }

    static BudgetLine line(BudgetCategory category, String amount) {
        return new BudgetLine(category, amount(amount));
    }

    static BigDecimal amount(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    /** "field code [args]", readable in failures; FieldProblem's equals compares the args array by identity. */
    static List<String> describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.code() + " " + Arrays.toString(p.args())).toList();
    }
}
