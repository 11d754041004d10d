package org.kcyj.proposal.check;

import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * Evaluates the deployed eligibility decision table (processes/eligibility.dmn), so that programme managers
 * change the rules in the table, not here. Each evaluation is kept in Camunda's decision history.
 */
@Component
public class EligibilityRules {

    public static final String DECISION_KEY = "Decision_Eligibility";
    static final String OUTPUT_RULE_CODE = "ruleCode";
    static final String OUTPUT_SEVERITY = "severity";

    private final DecisionService decisions;

    public EligibilityRules(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** Every rule the proposal breaks or should be looked at for, in the table's row order; empty if none. */
    public List<EligibilityFinding> evaluate(EligibilityFacts facts) {
        DmnDecisionTableResult result = decisions.evaluateDecisionTableByKey(DECISION_KEY)
                .variables(facts.asVariables())
                .evaluate();
        return result.getResultList().stream()
                .map(row -> new EligibilityFinding((String) row.get(OUTPUT_RULE_CODE), (String) row.get(OUTPUT_SEVERITY)))
                .toList();
    }
}
