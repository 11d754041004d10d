package org.kcyj.decision;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class DecisionDelegates {

    @Bean
    JavaDelegate openPublicity(FundingService funding) {
        return execution -> funding.openPublicity(proposalId(execution));
    }

    @Bean
    JavaDelegate issueApprovalNotice(FundingService funding) {
        return execution -> funding.issueApprovalNotice(proposalId(execution));
    }

    public static long proposalId(DelegateExecution execution) {
        return ((Number) execution.getVariable("proposalId")).longValue();
    }
}
