package org.kcyj.call;

import org.kcyj.workflow.ProcessStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps of the programme-call process: read the call id, call the stage's service. */
@Configuration
class CallDelegates {

    @Bean
    ProcessStep endDemandCollection(CallService calls) {
        return step -> calls.endDemandCollection(step.id(CallProcess.VAR_CALL_ID));
    }

    @Bean
    ProcessStep publishGuide(GuideService guides) {
        return step -> guides.publish(step.id(CallProcess.VAR_CALL_ID));
    }

    @Bean
    ProcessStep openApplicationWindow(CallService calls) {
        return step -> calls.markOpen(step.id(CallProcess.VAR_CALL_ID));
    }

    @Bean
    ProcessStep closeApplicationWindow(CallService calls) {
        return step -> calls.markClosed(step.id(CallProcess.VAR_CALL_ID));
    }
}
