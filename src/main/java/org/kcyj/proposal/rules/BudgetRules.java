package org.kcyj.proposal.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;

/**
 * Checks a proposal's {@link Budget} against a programme's {@link BudgetPolicy} and reports every
 * problem at once. Amounts are in 万元: zero or more, at most two decimals, below 10,000,000.
 *
 * <p>Rules:
 * <ul>
 *   <li>fiscal + self + co-funding equals the declared total, to the cent;</li>
 *   <li>self- plus co-funding is at least the policy's ratio of the fiscal funding;</li>
 *   <li>itemised: at least one line, each category at most once, the lines add up to the fiscal funding
 *       to the cent, and indirect costs stay within the tier's cap of the direct costs (all other lines);
 *       an INDIRECT line is optional;</li>
 *   <li>lump sum: no lines (only the total is budgeted) and the negative list must be acknowledged.</li>
 * </ul>
 *
 * <p>Fields and codes reported ({@code i} is the 0-based line index):
 * <table>
 *   <caption>Field problems</caption>
 *   <tr><th>field</th><th>codes (arguments)</th></tr>
 *   <tr><td>{@code budget}</td><td>validation.required (no budget at all)</td></tr>
 *   <tr><td>{@code budget.mode}</td><td>validation.required</td></tr>
 *   <tr><td>{@code budget.fiscalRequested}, {@code budget.selfFunding}, {@code budget.coFunding},
 *       {@code budget.total}, {@code budget.lines[i].amount}</td>
 *       <td>validation.required (not for self/co-funding), validation.min (0), validation.decimals (2),
 *       validation.max (9999999.99)</td></tr>
 *   <tr><td>{@code budget.lines}</td><td>validation.required (itemised without lines);
 *       rules.budget.lines-sum (sum of lines, fiscal funding); rules.budget.lump-sum-lines</td></tr>
 *   <tr><td>{@code budget.lines[i]}</td><td>validation.required (a null line)</td></tr>
 *   <tr><td>{@code budget.lines[i].category}</td><td>validation.required;
 *       rules.budget.duplicate-category (1-based number of the line that has it first)</td></tr>
 *   <tr><td>{@code budget.total}</td><td>rules.budget.total-mismatch (sum of sources, declared total)</td></tr>
 *   <tr><td>{@code budget.indirect}</td><td>rules.budget.indirect-cap (cap in percent, largest allowed
 *       amount, direct costs)</td></tr>
 *   <tr><td>{@code budget.matchingFunds}</td><td>rules.budget.matching-ratio (smallest allowed
 *       self- plus co-funding, ratio in percent)</td></tr>
 *   <tr><td>{@code budget.negativeListAcknowledged}</td><td>rules.budget.negative-list</td></tr>
 * </table>
 * Amount arguments are plain strings with two decimals, percentages plain strings.
 */
public final class BudgetRules {

    /** Amounts must stay below this many 万元. */
    public static final BigDecimal AMOUNT_LIMIT = new BigDecimal("10000000");
    private static final BigDecimal LARGEST_AMOUNT = new BigDecimal("9999999.99");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int DECIMALS = 2;

    private final BudgetPolicy policy;

    public BudgetRules(BudgetPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Every problem of {@code budget}; empty when it is valid. */
    public List<FieldProblem> check(Budget budget) {
        List<FieldProblem> problems = new ArrayList<>();
        if (budget == null) {
            problems.add(new FieldProblem("budget", "validation.required"));
            return problems;
        }
        boolean fiscalOk = amount(problems, "budget.fiscalRequested", budget.fiscalRequested(), true);
        boolean selfOk = amount(problems, "budget.selfFunding", budget.selfFunding(), false);
        boolean coOk = amount(problems, "budget.coFunding", budget.coFunding(), false);
        boolean totalOk = amount(problems, "budget.total", budget.declaredTotal(), true);
        BigDecimal fiscal = budget.fiscalRequested();
        BigDecimal matching = zeroIfNull(budget.selfFunding()).add(zeroIfNull(budget.coFunding()));

        if (budget.mode() == null) {
            problems.add(new FieldProblem("budget.mode", "validation.required"));
        } else if (budget.mode() == BudgetMode.ITEMISED) {
            itemised(problems, budget.lines(), fiscalOk ? fiscal : null);
        } else {
            if (!budget.lines().isEmpty()) {
                problems.add(new FieldProblem("budget.lines", "rules.budget.lump-sum-lines"));
            }
            if (!budget.negativeListAcknowledged()) {
                problems.add(new FieldProblem("budget.negativeListAcknowledged", "rules.budget.negative-list"));
            }
        }

        if (fiscalOk && selfOk && coOk && totalOk) {
            BigDecimal sources = fiscal.add(matching);
            if (sources.compareTo(budget.declaredTotal()) != 0) {
                problems.add(new FieldProblem("budget.total", "rules.budget.total-mismatch",
                        money(sources), money(budget.declaredTotal())));
            }
        }
        if (fiscalOk && selfOk && coOk && policy.minimumMatchingRatio().signum() > 0) {
            BigDecimal minimum = fiscal.multiply(policy.minimumMatchingRatio());
            if (matching.compareTo(minimum) < 0) {
                problems.add(new FieldProblem("budget.matchingFunds", "rules.budget.matching-ratio",
                        minimum.setScale(DECIMALS, RoundingMode.CEILING).toPlainString(),
                        percent(policy.minimumMatchingRatio().multiply(HUNDRED))));
            }
        }
        return problems;
    }

    /** Throws {@link DomainException#invalid(List)} with every problem, if there is any. */
    public void require(Budget budget) {
        List<FieldProblem> problems = check(budget);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    private void itemised(List<FieldProblem> problems, List<BudgetLine> lines, BigDecimal fiscal) {
        if (lines.isEmpty()) {
            problems.add(new FieldProblem("budget.lines", "validation.required"));
            return;
        }
        Map<BudgetCategory, Integer> firstLine = new EnumMap<>(BudgetCategory.class);
        boolean allAmounts = true;
        BigDecimal direct = BigDecimal.ZERO;
        BigDecimal indirect = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            String field = "budget.lines[" + i + "]";
            BudgetLine line = lines.get(i);
            if (line == null) {
                problems.add(new FieldProblem(field, "validation.required"));
                allAmounts = false;
                continue;
            }
            if (line.category() == null) {
                problems.add(new FieldProblem(field + ".category", "validation.required"));
            } else {
                Integer first = firstLine.putIfAbsent(line.category(), i);
                if (first != null) {
                    problems.add(new FieldProblem(field + ".category", "rules.budget.duplicate-category", first + 1));
                }
            }
            if (!amount(problems, field + ".amount", line.amount(), true)) {
                allAmounts = false;
            } else if (line.category() == BudgetCategory.INDIRECT) {
                indirect = indirect.add(line.amount());
            } else {
                // a line without a category is counted as direct, so the sums stay checkable
                direct = direct.add(line.amount());
            }
        }
        if (!allAmounts) {
            return;
        }
        BigDecimal sum = direct.add(indirect);
        if (fiscal != null && sum.compareTo(fiscal) != 0) {
            problems.add(new FieldProblem("budget.lines", "rules.budget.lines-sum", money(sum), money(fiscal)));
        }
        BigDecimal capPercent = policy.indirectCostTiers().maxPercentFor(direct);
        BigDecimal allowed = direct.multiply(capPercent).divide(HUNDRED);
        if (indirect.compareTo(allowed) > 0) {
            problems.add(new FieldProblem("budget.indirect", "rules.budget.indirect-cap", percent(capPercent),
                    allowed.setScale(DECIMALS, RoundingMode.FLOOR).toPlainString(), money(direct)));
        }
    }

    /**
     * Reports what is wrong with one amount; true when it is present, so it can take part in sums
     * (a negative or over-precise amount is reported and still summed, to show the other mismatches).
     */
    private static boolean amount(List<FieldProblem> problems, String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(new FieldProblem(field, "validation.required"));
            }
            return !required;
        }
        if (value.signum() < 0) {
            problems.add(new FieldProblem(field, "validation.min", "0"));
        }
        if (value.stripTrailingZeros().scale() > DECIMALS) {
            problems.add(new FieldProblem(field, "validation.decimals", DECIMALS));
        }
        if (value.compareTo(AMOUNT_LIMIT) >= 0) {
            problems.add(new FieldProblem(field, "validation.max", LARGEST_AMOUNT.toPlainString()));
        }
        return true;
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String money(BigDecimal value) {
        return value.scale() <= DECIMALS ? value.setScale(DECIMALS).toPlainString() : value.toPlainString();
    }

    private static String percent(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
