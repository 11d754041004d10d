package org.kcyj.review;

import java.util.Optional;

import org.kcyj.proposal.ProposalProcess;
import org.kcyj.workflow.ProcessStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps of the peer-review and review-panel processes: read the ids, call the stage's service. */
@Configuration
class ReviewDelegates {

    @Bean
    ProcessStep findReviewExpert(InvitationService invitations) {
        return step -> {
            Optional<Invitation> found = invitations.findExpert(step.id(ProposalProcess.VAR_PROPOSAL_ID),
                    step.intVariable(PeerReviewProcess.VAR_SLOT), step.runId());
            step.set(PeerReviewProcess.VAR_EXPERT_FOUND, found.isPresent());
            // the slot's assignee and the invitation its timers read
            found.ifPresent(invitation -> {
                step.set(PeerReviewProcess.VAR_EXPERT, invitation.expert());
                step.set(PeerReviewProcess.VAR_INVITATION_ID, invitation.id());
            });
        };
    }

    @Bean
    ProcessStep sendReviewInvitation(InvitationService invitations) {
        return step -> invitations.send(step.id(PeerReviewProcess.VAR_INVITATION_ID));
    }

    @Bean
    ProcessStep recordInvitationExpiry(InvitationService invitations) {
        return step -> invitations.recordExpiry(step.id(PeerReviewProcess.VAR_INVITATION_ID));
    }

    @Bean
    ProcessStep sendReviewReminder(InvitationService invitations) {
        return step -> invitations.remind(step.id(PeerReviewProcess.VAR_INVITATION_ID));
    }

    @Bean
    ProcessStep escalateOverdueReview(InvitationService invitations) {
        return step -> invitations.escalate(step.id(PeerReviewProcess.VAR_INVITATION_ID));
    }

    @Bean
    ProcessStep recordOverdueReview(InvitationService invitations) {
        return step -> invitations.recordOverdue(step.id(PeerReviewProcess.VAR_INVITATION_ID));
    }

    @Bean
    ProcessStep concludePanel(PanelService panels) {
        return step -> panels.conclude(step.id(PanelService.VAR_PANEL_ID));
    }

    @Bean
    ProcessStep aggregateReviewScores(ReviewService reviews) {
        return step -> step.set(PeerReviewProcess.VAR_PANEL_REQUIRED,
                reviews.aggregate(step.id(ProposalProcess.VAR_PROPOSAL_ID)));
    }
}
