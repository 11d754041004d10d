package org.kcyj.proposal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Every rule of the table has its text in both languages, and findings and facts refuse what the table does not know. */
class EligibilityMessagesTest {

    private static final Object[] ARGS = {36, 35, 1, 1, new BigDecimal("120.5"), new BigDecimal("100")};

    private static Set<String> ruleCodesOfTheTable() throws IOException {
        try (InputStream in = EligibilityMessagesTest.class.getClassLoader().getResourceAsStream("processes/eligibility.dmn")) {
            DecisionTable table = (DecisionTable) Dmn.readModelFromStream(in)
                    .<org.camunda.bpm.model.dmn.instance.Decision>getModelElementById(EligibilityRules.DECISION_KEY)
                    .getExpression();
            Set<String> codes = new TreeSet<>();
            for (Rule rule : table.getRules()) {
                String literal = rule.getOutputEntries().iterator().next().getTextContent().trim();
                codes.add(literal.substring(1, literal.length() - 1));
            }
            return codes;
        }
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages-eligibility");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    @Test
    void everyRuleCodeHasAChineseAndAnEnglishMessage() throws IOException {
        Set<String> codes = ruleCodesOfTheTable();
        assertThat(codes).containsExactlyInAnyOrder("YOUTH_AGE", "ACTIVE_PROJECT_CAP", "LEAD_UNIT_INVALID",
                "LEAD_UNIT_NOT_LOCAL", "OVER_TOPIC_BUDGET", "BUDGET_NEAR_CAP", "PLEDGE_MISSING");
        ResourceBundleMessageSource messages = messages();
        for (String code : codes) {
            String key = new EligibilityFinding(code, EligibilityFinding.BLOCK).messageCode();
            assertThat(messages.getMessage(key, ARGS, Locale.SIMPLIFIED_CHINESE)).as(key).containsPattern("\\p{IsHan}");
            assertThat(messages.getMessage(key, ARGS, Locale.ENGLISH)).as(key).doesNotContainPattern("\\p{IsHan}")
                    .doesNotContain("{");
        }
    }

    @Test
    void messagesFillInTheNumberedArguments() {
        ResourceBundleMessageSource messages = messages();
        assertThat(messages.getMessage("eligibility.YOUTH_AGE", ARGS, Locale.SIMPLIFIED_CHINESE))
                .isEqualTo("青年项目负责人在申报截止日已满36周岁，青年项目要求负责人未满35周岁");
        assertThat(messages.getMessage("eligibility.ACTIVE_PROJECT_CAP", ARGS, Locale.ENGLISH)).contains("leads 1 active").contains("limit is 1");
        assertThat(messages.getMessage("eligibility.OVER_TOPIC_BUDGET", ARGS, Locale.SIMPLIFIED_CHINESE))
                .isEqualTo("申请经费120.5万元，超过指南方向经费上限100万元");
        assertThat(messages.getMessage("eligibility.BUDGET_NEAR_CAP", ARGS, Locale.ENGLISH)).contains("120.5").contains("90%");
    }

    @Test
    void findingsAndFactsRefuseUnknownValues() {
        assertThatThrownBy(() -> new EligibilityFinding("PLEDGE_MISSING", "ERROR")).isInstanceOf(IllegalArgumentException.class);
        FactsBuilder facts = FactsBuilder.eligible();
        facts.callMode = "Challenge";
        assertThatThrownBy(facts::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callMode");
        facts = FactsBuilder.youth("F", 30);
        assertThatThrownBy(facts::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("piGender");
        facts = FactsBuilder.eligible();
        facts.track = null;
        assertThatThrownBy(facts::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track");
    }

    @Test
    void variablesCarryTheTableInputNamesAndANullCap() {
        assertThat(FactsBuilder.eligible().budget("10", null).build().asVariables())
                .containsOnlyKeys("callMode", "track", "piAge", "piGender", "youthAgeLimit", "youthAgeLimitWomen",
                        "piActiveProjects", "maxActiveProjects", "leadUnitValid", "leadUnitLocal", "leadUnitLocalRequired",
                        "requestedBudget", "topicMaxBudget", "pledgeSigned")
                .containsEntry("topicMaxBudget", null);
    }
}
