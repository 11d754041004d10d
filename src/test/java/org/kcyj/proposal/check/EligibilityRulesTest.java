package org.kcyj.proposal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.proposal.check.FactsBuilder.eligible;
import static org.kcyj.proposal.check.FactsBuilder.youth;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** EligibilityRules against the table deployed to an in-memory process engine, through its DecisionService. */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = "processes/eligibility.dmn")
class EligibilityRulesTest {

    ProcessEngine processEngine;

    @Test
    void reportsTheFindingsOfTheDeployedTable() {
        EligibilityRules rules = new EligibilityRules(new org.kcyj.workflow.Decisions(processEngine.getDecisionService()));

        assertThat(rules.evaluate(eligible().build())).isEmpty();
        assertThat(rules.evaluate(youth("FEMALE", 40).budget("95", "100").pledgeSigned(false).build()))
                .containsExactly(new EligibilityFinding("YOUTH_AGE", EligibilityFinding.BLOCK),
                        new EligibilityFinding("BUDGET_NEAR_CAP", EligibilityFinding.WARN),
                        new EligibilityFinding("PLEDGE_MISSING", EligibilityFinding.BLOCK))
                .extracting(EligibilityFinding::blocks).containsExactly(true, false, true);
        assertThat(rules.evaluate(eligible().budget("100.01", "100").build()))
                .containsExactly(new EligibilityFinding("OVER_TOPIC_BUDGET", EligibilityFinding.BLOCK));
        assertThat(rules.evaluate(eligible().budget("100000", null).build())).isEmpty();
    }

    @Test
    void evaluationsAreKeptInTheDecisionHistory() {
        new EligibilityRules(new org.kcyj.workflow.Decisions(processEngine.getDecisionService())).evaluate(eligible().activeProjects(1, 1).build());

        HistoricDecisionInstance evaluation = processEngine.getHistoryService().createHistoricDecisionInstanceQuery()
                .decisionDefinitionKey(EligibilityRules.DECISION_KEY).includeInputs().includeOutputs().singleResult();
        assertThat(evaluation).isNotNull();
        assertThat(evaluation.getOutputs()).extracting(o -> o.getVariableName() + "=" + o.getValue())
                .containsExactlyInAnyOrder("ruleCode=ACTIVE_PROJECT_CAP", "severity=BLOCK");
    }
}
