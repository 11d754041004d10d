package org.kcyj.decision;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.proposal.ProposalProcess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class DecisionDelegates {

    @Bean
    JavaDelegate openPublicity(FundingService funding) {
        return execution -> funding.openPublicity(ProposalProcess.proposalId(execution));
    }

    @Bean
    JavaDelegate issueApprovalNotice(FundingService funding) {
        return execution -> funding.issueApprovalNotice(ProposalProcess.proposalId(execution));
    }
}
