package org.kcyj.proposal;

import org.kcyj.workflow.ProcessStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps of the proposal process: read the proposal id, call the stage's facade, at most set a gateway flag. */
@Configuration
class ProposalDelegates {

    @Bean
    ProcessStep registerSubmission(Submissions submissions) {
        return step -> submissions.register(step.id(ProposalProcess.VAR_PROPOSAL_ID));
    }

    @Bean
    ProcessStep markLapsed(Submissions submissions) {
        return step -> submissions.lapse(step.id(ProposalProcess.VAR_PROPOSAL_ID));
    }

    @Bean
    ProcessStep runFormalChecks(Submissions submissions) {
        return step -> step.set(ProposalProcess.VAR_INTEGRITY_VETO,
                submissions.runAutomaticChecks(step.id(ProposalProcess.VAR_PROPOSAL_ID)));
    }

    @Bean
    ProcessStep recordVeto(Submissions submissions) {
        return step -> submissions.veto(step.id(ProposalProcess.VAR_PROPOSAL_ID));
    }

    @Bean
    ProcessStep issueFormalCheckNotice(Submissions submissions) {
        return step -> submissions.issueFormalCheckNotice(step.id(ProposalProcess.VAR_PROPOSAL_ID));
    }

    @Bean
    ProcessStep recordWithdrawal(Submissions submissions) {
        return step -> submissions.recordWithdrawal(step.id(ProposalProcess.VAR_PROPOSAL_ID));
    }
}
