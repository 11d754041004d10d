package org.kcyj.workflow;

/**
 * The work of one service task, declared by a stage as a Spring bean named as the BPMN's
 * {@code camunda:delegateExpression} names it (e.g. {@code ${openPublicity}}). A step reads the ids it needs
 * from the process's variables, calls its stage's facade and at most sets a gateway flag: no business logic
 * and no repositories here, and no Camunda types, which stay inside this package ({@link StepDelegates}
 * adapts every step to Camunda's delegate interface).
 */
@FunctionalInterface
public interface ProcessStep {
    void run(StepContext step);
}
