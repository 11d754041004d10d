package org.kcyj.proposal.rules;

import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.shared.CreditCode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Every code the validators report has a message in Chinese and in English, with its arguments filled in. */
class RuleMessagesTest {

    private static final List<String> BUDGET_CODES = List.of("rules.budget.lines-sum", "rules.budget.total-mismatch",
            "rules.budget.duplicate-category", "rules.budget.indirect-cap", "rules.budget.matching-ratio",
            "rules.budget.lump-sum-lines", "rules.budget.negative-list", "validation.required", "validation.min",
            "validation.max", "validation.decimals");

    /** Like the application's: Chinese by default, whatever the machine's locale. */
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    RuleMessagesTest() {
        messages.setBasenames("messages", "messages-rules");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
    }

    @Test
    void everyCodeHasAChineseAndAnEnglishMessage() {

        List<String> codes = new ArrayList<>(BUDGET_CODES);
        for (ResidentIdNumber.Problem problem : ResidentIdNumber.Problem.values()) {
            codes.add(problem.code());
        }
        for (CreditCode.Problem problem : CreditCode.Problem.values()) {
            codes.add(problem.code());
        }
        Object[] args = {"400.00", "400.01", "30"};
        for (String code : codes) {
            String chinese = messages.getMessage(code, args, Locale.SIMPLIFIED_CHINESE);
            String english = messages.getMessage(code, args, Locale.ENGLISH);
            assertThat(chinese).as(code).containsPattern("\\p{IsHan}").doesNotContainPattern("\\{\\d\\}");
            assertThat(english).as(code).matches("\\p{ASCII}+").doesNotContainPattern("\\{\\d\\}");
        }
    }

    @Test
    void theIndirectCapMessageReadsNaturally() {
        Object[] args = {"30", "96.00", "320.00"};
        assertThat(messages.getMessage("rules.budget.indirect-cap", args, Locale.SIMPLIFIED_CHINESE))
                .isEqualTo("间接费用不得超过直接费用的30%，即不超过96.00万元（直接费用320.00万元）。");
        assertThat(messages.getMessage("rules.budget.indirect-cap", args, Locale.ENGLISH))
                .isEqualTo("Indirect costs may be at most 30% of the direct costs, that is 96.00 (direct costs 320.00, in 10,000 yuan).");
    }
}
