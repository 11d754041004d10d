package org.kcyj.workflow;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Service;

/**
 * Evaluates a deployed DMN decision table (processes/*.dmn); each evaluation is kept in Camunda's decision
 * history. Stages ask for rows of outputs and never see Camunda's types.
 */
@Service
public class Decisions {
    private final DecisionService decisions;

    public Decisions(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** The matched rules' outputs, in the table's row order. */
    public List<Map<String, Object>> evaluate(String decisionKey, Map<String, Object> inputs) {
        return decisions.evaluateDecisionTableByKey(decisionKey).variables(inputs).evaluate().getResultList()
                .stream().map(row -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row))).toList();
    }
}
