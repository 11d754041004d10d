package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.form.SubmittedForm;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.rules.Budget;
import org.kcyj.proposal.rules.BudgetCategory;
import org.kcyj.proposal.rules.BudgetLine;
import org.kcyj.proposal.rules.BudgetMode;
import org.kcyj.proposal.rules.BudgetPolicy;
import org.kcyj.proposal.rules.BudgetRules;
import org.kcyj.shared.CreditCode;
import org.kcyj.proposal.rules.IndirectCostTiers;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.shared.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * What a complete application must satisfy beyond its form's field rules: valid ID numbers and
 * credit codes (check characters), a budget that adds up within the programme's caps, a plan with
 * milestones inside the project's duration, and at most N experts asked to be excluded.
 */
@Component
class ApplicationRules {
    private final ProgrammeParameters parameters;

    ApplicationRules(ProgrammeParameters parameters) {
        this.parameters = parameters;
    }

    List<FieldProblem> problems(SubmittedForm form, ProgrammeCall call, Proposal proposal, LocalDate today) {
        long programme = call.programmeId();
        List<FieldProblem> problems = new ArrayList<>();
        ResidentIdNumber.validate("piIdNumber", form.text("piIdNumber"), today).ifPresent(problems::add);
        List<SubmittedForm> team = form.rows("team");
        for (int i = 0; i < team.size(); i++) {
            ResidentIdNumber.validate("team[" + i + "].idNumber", team.get(i).text("idNumber"), today).ifPresent(problems::add);
        }
        List<SubmittedForm> partners = form.rows("partners");
        for (int i = 0; i < partners.size(); i++) {
            CreditCode.validate("partners[" + i + "].creditCode", partners.get(i).text("creditCode")).ifPresent(problems::add);
        }
        requireRows(form, "milestones", problems);
        requireRows(form, "indicators", problems);
        BigDecimal duration = form.decimal("durationMonths");
        int maxMonths = parameters.integer(programme, ProgrammeParameters.PROJECT_MAX_MONTHS);
        if (duration != null && duration.compareTo(BigDecimal.valueOf(maxMonths)) > 0) {
            problems.add(new FieldProblem("durationMonths", "validation.duration-over-max", maxMonths));
        }
        List<SubmittedForm> milestones = form.rows("milestones");
        for (int i = 0; i < milestones.size(); i++) {
            BigDecimal month = milestones.get(i).decimal("dueMonth");
            if (duration != null && month != null && month.compareTo(duration) > 0) {
                problems.add(new FieldProblem("milestones[" + i + "].dueMonth", "rules.milestone-after-end",
                        duration.toPlainString()));
            }
        }
        int maxExcluded = parameters.integer(programme, ProgrammeParameters.MAX_EXCLUDED_EXPERTS);
        if (form.rows("exclusions").size() > maxExcluded) {
            problems.add(new FieldProblem("exclusions", "rules.exclusions-max", maxExcluded));
        }
        new BudgetRules(policy(programme)).check(budget(form)).forEach(p ->
                problems.add(new FieldProblem(budgetField(p.field()), p.code(), p.args())));
        return problems;
    }

    private static void requireRows(SubmittedForm form, String list, List<FieldProblem> problems) {
        if (form.rows(list).isEmpty()) {
            problems.add(new FieldProblem(list, "validation.required"));
        }
    }

    private BudgetPolicy policy(long programme) {
        IndirectCostTiers tiers = IndirectCostTiers.of(
                IndirectCostTiers.Tier.under(value(programme, ProgrammeParameters.INDIRECT_TIER_MEDIUM_FROM),
                        value(programme, ProgrammeParameters.INDIRECT_CAP_SMALL)),
                IndirectCostTiers.Tier.upTo(value(programme, ProgrammeParameters.INDIRECT_TIER_LARGE_FROM),
                        value(programme, ProgrammeParameters.INDIRECT_CAP_MEDIUM)),
                IndirectCostTiers.Tier.above(value(programme, ProgrammeParameters.INDIRECT_CAP_LARGE)));
        return new BudgetPolicy(tiers, parameters.decimal(programme, ProgrammeParameters.MIN_MATCHING_RATIO));
    }

    private String value(long programme, String name) {
        return parameters.value(programme, name);
    }

    private static Budget budget(SubmittedForm form) {
        List<BudgetLine> lines = form.rows("budgetLines").stream()
                .map(r -> new BudgetLine(Optional.ofNullable(r.text("category")).map(BudgetCategory::valueOf).orElse(null),
                        r.decimal("amount")))
                .toList();
        BudgetMode mode = Optional.ofNullable(form.text("budgetMode")).map(BudgetMode::valueOf).orElse(null);
        return new Budget(mode, lines, form.decimal("requestedBudget"), form.decimal("selfFunding"),
                form.decimal("coFunding"), form.decimal("totalBudget"),
                Boolean.TRUE.equals(form.values().get("negativeListAcknowledged")));
    }

    /** The budget rules name fields by their model; the form names them so. */
    static String budgetField(String field) {
        return switch (field) {
            case "budget.mode" -> "budgetMode";
            case "budget.fiscalRequested" -> "requestedBudget";
            case "budget.selfFunding", "budget.matchingFunds" -> "selfFunding";
            case "budget.coFunding" -> "coFunding";
            case "budget.total" -> "totalBudget";
            case "budget.negativeListAcknowledged" -> "negativeListAcknowledged";
            case "budget.lines", "budget.indirect", "budget" -> "budgetLines";
            default -> field.startsWith("budget.lines[") ? "budgetLines" + field.substring("budget.lines".length()) : field;
        };
    }

    /** An ID number as shown to anyone but its applicant: first 4 and last 4 characters. */
    static String mask(String idNumber) {
        if (idNumber == null || idNumber.length() < 8) {
            return idNumber == null ? "" : "****";
        }
        return idNumber.substring(0, 4) + "*".repeat(idNumber.length() - 8) + idNumber.substring(idNumber.length() - 4);
    }

    /** Masks the PI's and every member's ID number in displayed content. */
    @SuppressWarnings("unchecked")
    static void maskIdNumbers(Map<String, Object> shown) {
        if (shown.get("piIdNumber") instanceof String id) {
            shown.put("piIdNumber", mask(id));
        }
        if (shown.get("team") instanceof List<?> team) {
            List<Object> masked = new ArrayList<>();
            for (Object row : team) {
                if (row instanceof Map<?, ?> member) {
                    Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) member);
                    if (copy.get("idNumber") instanceof String id) {
                        copy.put("idNumber", mask(id));
                    }
                    masked.add(copy);
                }
            }
            shown.put("team", masked);
        }
    }
}
