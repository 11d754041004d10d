package org.kcyj.workflow;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Turns every {@link ProcessStep} bean into the Camunda delegate its BPMN names, under the same bean name,
 * so stages declare steps without Camunda types.
 */
@Component
class StepDelegates implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof ProcessStep step && !(bean instanceof JavaDelegate) ? new Delegate(step) : bean;
    }

    /** Both a {@link ProcessStep} (for whoever injects it) and the {@link JavaDelegate} Camunda calls. */
    record Delegate(ProcessStep step) implements ProcessStep, JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            step.run(new ExecutionContext(execution));
        }

        @Override
        public void run(StepContext context) {
            step.run(context);
        }
    }

    /** A step's view of a Camunda execution. */
    record ExecutionContext(DelegateExecution execution) implements StepContext {
        @Override
        public String businessKey() {
            return execution.getProcessBusinessKey();
        }

        @Override
        public Object variable(String name) {
            return execution.getVariable(name);
        }

        @Override
        public void set(String name, Object value) {
            execution.setVariable(name, value);
        }

        @Override
        public String runId() {
            return execution.getActivityInstanceId();
        }
    }
}
