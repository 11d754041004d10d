package org.kcyj.review;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.proposal.ProposalProcess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ReviewDelegates {

    @Bean
    JavaDelegate aggregateReviewScores(ReviewService reviews) {
        return execution -> reviews.aggregate(ProposalProcess.proposalId(execution));
    }
}
