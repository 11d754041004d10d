package org.kcyj.call;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Thin delegates of the programme-call process: read the call id, call the service. */
@Configuration
public class CallDelegates {

    @Bean
    JavaDelegate endDemandCollection(CallService calls) {
        return execution -> calls.endDemandCollection(callId(execution));
    }

    @Bean
    JavaDelegate publishGuide(GuideService guides) {
        return execution -> guides.publish(callId(execution));
    }

    @Bean
    JavaDelegate openApplicationWindow(CallService calls) {
        return execution -> calls.markOpen(callId(execution));
    }

    @Bean
    JavaDelegate closeApplicationWindow(CallService calls) {
        return execution -> calls.markClosed(callId(execution));
    }

    public static long callId(DelegateExecution execution) {
        return ((Number) execution.getVariable(CallProcess.VAR_CALL_ID)).longValue();
    }
}
