package org.kcyj.award;

import org.kcyj.workflow.ProcessStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps of the award process: read the proposal id, call the stage's facade. */
@Configuration
class AwardSteps {

    @Bean
    ProcessStep openPublicity(FundingService funding) {
        return step -> funding.openPublicity(step.id(AwardProcess.VAR_PROPOSAL_ID));
    }

    @Bean
    ProcessStep issueApprovalNotice(FundingService funding) {
        return step -> funding.issueApprovalNotice(step.id(AwardProcess.VAR_PROPOSAL_ID));
    }
}
