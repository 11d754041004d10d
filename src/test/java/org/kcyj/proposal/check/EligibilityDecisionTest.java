package org.kcyj.proposal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.proposal.check.FactsBuilder.eligible;
import static org.kcyj.proposal.check.FactsBuilder.youth;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The eligibility table (processes/eligibility.dmn) on a standalone DMN engine: each rule on both sides of its boundary. */
class EligibilityDecisionTest {

    private static final EligibilityFinding YOUTH_AGE = block("YOUTH_AGE");
    private static final EligibilityFinding ACTIVE_PROJECT_CAP = block("ACTIVE_PROJECT_CAP");
    private static final EligibilityFinding LEAD_UNIT_INVALID = block("LEAD_UNIT_INVALID");
    private static final EligibilityFinding LEAD_UNIT_NOT_LOCAL = block("LEAD_UNIT_NOT_LOCAL");
    private static final EligibilityFinding OVER_TOPIC_BUDGET = block("OVER_TOPIC_BUDGET");
    private static final EligibilityFinding BUDGET_NEAR_CAP = new EligibilityFinding("BUDGET_NEAR_CAP", EligibilityFinding.WARN);
    private static final EligibilityFinding PLEDGE_MISSING = block("PLEDGE_MISSING");

    private static DmnEngine engine;
    private static DmnDecision decision;

    @BeforeAll
    static void parseTable() throws IOException {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = EligibilityDecisionTest.class.getClassLoader().getResourceAsStream("processes/eligibility.dmn")) {
            assertThat(in).as("processes/eligibility.dmn on the classpath").isNotNull();
            decision = engine.parseDecision(EligibilityRules.DECISION_KEY, in);
        }
    }

    private static EligibilityFinding block(String code) {
        return new EligibilityFinding(code, EligibilityFinding.BLOCK);
    }

    private static List<EligibilityFinding> findings(FactsBuilder facts) {
        return engine.evaluateDecisionTable(decision, facts.build().asVariables()).getResultList().stream()
                .map(row -> new EligibilityFinding((String) row.get("ruleCode"), (String) row.get("severity")))
                .toList();
    }

    @Test
    void tableCollectsEveryMatchAndHasAHistoryTimeToLive() throws IOException {
        try (InputStream in = EligibilityDecisionTest.class.getClassLoader().getResourceAsStream("processes/eligibility.dmn")) {
            Decision model = Dmn.readModelFromStream(in).getModelElementById(EligibilityRules.DECISION_KEY);
            assertThat(model.getName()).isEqualTo("申报资格审查 Eligibility");
            assertThat(model.getCamundaHistoryTimeToLive()).isEqualTo(180);
            assertThat(((DecisionTable) model.getExpression()).getHitPolicy()).isEqualTo(HitPolicy.COLLECT);
        }
    }

    @Test
    void eligibleProposalHasNoFindings() {
        assertThat(findings(eligible())).isEmpty();
    }

    // ---------------------------------------------------------------- youth track age

    @Test
    void youthPiAtTheAgeLimitIsBlockedAndOneYearYoungerIsNot() {
        assertThat(findings(youth("MALE", 35))).containsExactly(YOUTH_AGE);
        assertThat(findings(youth("MALE", 34))).isEmpty();
    }

    @Test
    void womenHaveTheirOwnAgeLimit() {
        assertThat(findings(youth("FEMALE", 40))).containsExactly(YOUTH_AGE);
        assertThat(findings(youth("FEMALE", 39))).isEmpty();
        assertThat(findings(youth("FEMALE", 35))).as("the general limit does not apply to women").isEmpty();
        assertThat(findings(youth("MALE", 39))).as("the women's limit does not apply to men").containsExactly(YOUTH_AGE);
    }

    @Test
    void ageLimitsFollowTheParameters() {
        FactsBuilder facts = youth("MALE", 38);
        facts.youthAgeLimit = 40;
        assertThat(findings(facts)).isEmpty();
        facts.youthAgeLimit = 38;
        assertThat(findings(facts)).containsExactly(YOUTH_AGE);
    }

    @Test
    void generalTrackHasNoAgeLimit() {
        FactsBuilder facts = eligible();
        facts.piAge = 70;
        assertThat(findings(facts)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHALLENGE", "RACE"})
    void challengesAndRacesIgnoreAge(String mode) {
        assertThat(findings(youth("MALE", 50).callMode(mode))).isEmpty();
        assertThat(findings(youth("FEMALE", 50).callMode(mode))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPETITIVE", "DIRECTED", "POST_SUBSIDY"})
    void otherModesApplyTheAgeLimit(String mode) {
        assertThat(findings(youth("MALE", 35).callMode(mode))).containsExactly(YOUTH_AGE);
    }

    // ---------------------------------------------------------------- 限项

    @Test
    void piAtTheProjectCapIsBlockedAndBelowItIsNot() {
        assertThat(findings(eligible().activeProjects(1, 1))).containsExactly(ACTIVE_PROJECT_CAP);
        assertThat(findings(eligible().activeProjects(0, 1))).isEmpty();
        assertThat(findings(eligible().activeProjects(1, 2))).isEmpty();
        assertThat(findings(eligible().activeProjects(2, 2))).containsExactly(ACTIVE_PROJECT_CAP);
        assertThat(findings(eligible().activeProjects(3, 2))).containsExactly(ACTIVE_PROJECT_CAP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHALLENGE", "RACE", "DIRECTED", "POST_SUBSIDY"})
    void projectCapAppliesInEveryMode(String mode) {
        assertThat(findings(eligible().callMode(mode).activeProjects(1, 1))).containsExactly(ACTIVE_PROJECT_CAP);
    }

    // ---------------------------------------------------------------- lead unit

    @Test
    void invalidLeadUnitIsBlocked() {
        assertThat(findings(eligible().leadUnit(false, true, true))).containsExactly(LEAD_UNIT_INVALID);
    }

    @Test
    void nonLocalLeadUnitIsBlockedOnlyWhereTheProgrammeRequiresALocalOne() {
        assertThat(findings(eligible().leadUnit(true, false, true))).containsExactly(LEAD_UNIT_NOT_LOCAL);
        assertThat(findings(eligible().leadUnit(true, false, false))).isEmpty();
        assertThat(findings(eligible().leadUnit(true, true, false))).isEmpty();
    }

    // ---------------------------------------------------------------- budget

    @Test
    void budgetEqualToTheCapPassesWithAWarningAndOneCentOverIsBlocked() {
        assertThat(findings(eligible().budget("100", "100"))).containsExactly(BUDGET_NEAR_CAP);
        assertThat(findings(eligible().budget("100.00", "100"))).containsExactly(BUDGET_NEAR_CAP);
        assertThat(findings(eligible().budget("100.01", "100"))).containsExactly(OVER_TOPIC_BUDGET);
        assertThat(findings(eligible().budget("1500.5", "1500"))).containsExactly(OVER_TOPIC_BUDGET);
    }

    @Test
    void budgetWarningStartsAboveNinetyPercentOfTheCap() {
        assertThat(findings(eligible().budget("90", "100"))).isEmpty();
        assertThat(findings(eligible().budget("90.01", "100"))).containsExactly(BUDGET_NEAR_CAP);
        assertThat(findings(eligible().budget("90.01", "100")).get(0).blocks()).isFalse();
        assertThat(findings(eligible().budget("1349.99", "1500"))).isEmpty();
        assertThat(findings(eligible().budget("1350.01", "1500"))).containsExactly(BUDGET_NEAR_CAP);
    }

    @Test
    void topicWithoutACapChecksNoBudget() {
        assertThat(findings(eligible().budget("100000", null))).isEmpty();
    }

    // ---------------------------------------------------------------- pledge

    @Test
    void missingPledgeIsBlocked() {
        assertThat(findings(eligible().pledgeSigned(false))).containsExactly(PLEDGE_MISSING);
    }

    // ---------------------------------------------------------------- together

    @Test
    void everyBrokenRuleIsReportedInTableOrder() {
        FactsBuilder facts = youth("FEMALE", 41)
                .activeProjects(1, 1)
                .leadUnit(false, false, true)
                .budget("120", "100")
                .pledgeSigned(false);
        assertThat(findings(facts)).containsExactly(YOUTH_AGE, ACTIVE_PROJECT_CAP, LEAD_UNIT_INVALID,
                LEAD_UNIT_NOT_LOCAL, OVER_TOPIC_BUDGET, PLEDGE_MISSING);
    }

    @Test
    void aWarningComesAlongWithBlocks() {
        FactsBuilder facts = eligible().budget("95", "100").pledgeSigned(false).activeProjects(1, 1);
        assertThat(findings(facts)).containsExactly(ACTIVE_PROJECT_CAP, BUDGET_NEAR_CAP, PLEDGE_MISSING);
    }
}
