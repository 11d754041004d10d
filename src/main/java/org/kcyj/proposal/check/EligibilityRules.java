package org.kcyj.proposal.check;

import java.util.List;

import org.kcyj.workflow.Decisions;
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

    private final Decisions decisions;

    public EligibilityRules(Decisions decisions) {
        this.decisions = decisions;
    }

    /** Every rule the proposal breaks or should be looked at for, in the table's row order; empty if none. */
    public List<EligibilityFinding> evaluate(EligibilityFacts facts) {
        return decisions.evaluate(DECISION_KEY, facts.asVariables()).stream()
                .map(row -> new EligibilityFinding((String) row.get(OUTPUT_RULE_CODE), (String) row.get(OUTPUT_SEVERITY)))
                .toList();
    }
}
