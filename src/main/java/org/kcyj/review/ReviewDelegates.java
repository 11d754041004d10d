package org.kcyj.review;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.kcyj.proposal.ProposalProcess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The peer-review process's service tasks: each hands over to the stage's services. */
@Configuration
class ReviewDelegates {

    @Bean
    JavaDelegate findReviewExpert(InvitationService invitations) {
        return invitations::findExpert;
    }

    @Bean
    JavaDelegate sendReviewInvitation(InvitationService invitations) {
        return invitations::send;
    }

    @Bean
    JavaDelegate recordInvitationExpiry(InvitationService invitations) {
        return invitations::recordExpiry;
    }

    @Bean
    JavaDelegate sendReviewReminder(InvitationService invitations) {
        return invitations::remind;
    }

    @Bean
    JavaDelegate escalateOverdueReview(InvitationService invitations) {
        return invitations::escalate;
    }

    @Bean
    JavaDelegate recordOverdueReview(InvitationService invitations) {
        return invitations::recordOverdue;
    }

    @Bean
    JavaDelegate concludePanel(PanelService panels) {
        return panels::conclude;
    }

    @Bean
    JavaDelegate aggregateReviewScores(ReviewService reviews) {
        return execution -> execution.setVariable(PeerReviewProcess.VAR_PANEL_REQUIRED,
                reviews.aggregate(((Number) execution.getVariable(ProposalProcess.VAR_PROPOSAL_ID)).longValue()));
    }
}
