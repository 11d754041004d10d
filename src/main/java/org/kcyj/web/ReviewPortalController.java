package org.kcyj.web;

import java.util.List;
import java.util.Map;

import org.kcyj.call.CallService;
import org.kcyj.identity.CurrentUser;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.review.ConflictCheck;
import org.kcyj.review.InvitationService;
import org.kcyj.review.OpinionService;
import org.kcyj.review.PanelService;
import org.kcyj.review.ReviewService;
import org.kcyj.review.ReviewerDrawService;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Portal pages of peer review: the expert's invitations, the call's review workspace (draw with preview,
 * progress and re-draw; ranking; panel), conflicts and waivers on a proposal, and the applicant's
 * anonymised opinions with their ratings. Every act goes through the review stage's services.
 */
@Controller
class ReviewPortalController {
    private final InvitationService invitations;
    private final ReviewerDrawService draws;
    private final ReviewService reviews;
    private final PanelService panels;
    private final ConflictCheck conflicts;
    private final OpinionService opinions;
    private final ProposalAccess access;
    private final CallService calls;
    private final Workflow workflow;
    private final CurrentUser currentUser;

    ReviewPortalController(InvitationService invitations, ReviewerDrawService draws, ReviewService reviews,
                           PanelService panels, ConflictCheck conflicts, OpinionService opinions, ProposalAccess access,
                           CallService calls, Workflow workflow, CurrentUser currentUser) {
        this.invitations = invitations;
        this.draws = draws;
        this.reviews = reviews;
        this.panels = panels;
        this.conflicts = conflicts;
        this.opinions = opinions;
        this.access = access;
        this.calls = calls;
        this.workflow = workflow;
        this.currentUser = currentUser;
    }

    @GetMapping("/portal/reviews")
    @PreAuthorize("hasRole('REVIEWER')")
    String mine(Model model) {
        UserAccount user = currentUser.get();
        model.addAttribute("invitations", invitations.mine(user));
        model.addAttribute("tasks", workflow.inbox(user));
        return "portal/reviews";
    }

    @GetMapping("/portal/calls/{id}/review")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    String workspace(@PathVariable long id, Model model) {
        UserAccount user = currentUser.get();
        if (!calls.staffReads(user, id)) {
            throw DomainException.notFound(); // another programme's call, for a manager scoped to theirs
        }
        model.addAttribute("call", calls.get(id));
        model.addAttribute("waiting", draws.waiting(id));
        model.addAttribute("draw", draws.latest(user, id).orElse(null));
        model.addAttribute("ranking", reviews.ranking(id));
        model.addAttribute("panel", panels.latest(user, id).orElse(null));
        model.addAttribute("isManager", user.has(Role.PROGRAM_MANAGER));
        return "portal/call-review";
    }

    @PostMapping("/portal/calls/{id}/review/draws")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    String preview(@PathVariable long id, @RequestParam(required = false) String seed, RedirectAttributes redirect) {
        Long parsed = null;
        if (seed != null && !seed.isBlank()) {
            try {
                parsed = Long.parseLong(seed.strip());
            } catch (NumberFormatException e) {
                throw DomainException.invalid("seed", "validation.number");
            }
        }
        draws.preview(currentUser.get(), id, parsed);
        redirect.addFlashAttribute("message", "review.portal.previewed");
        return "redirect:/portal/calls/" + id + "/review";
    }

    @PostMapping("/portal/reviewer-draws/{drawId}/application")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    String apply(@PathVariable long drawId, RedirectAttributes redirect) {
        ReviewerDrawService.Draw draw = draws.apply(currentUser.get(), drawId);
        redirect.addFlashAttribute("message", "review.portal.applying");
        return "redirect:/portal/calls/" + draw.callId() + "/review";
    }

    @PostMapping("/portal/calls/{id}/review/panels")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    String convene(@PathVariable long id, RedirectAttributes redirect) {
        panels.convene(currentUser.get(), id, null);
        redirect.addFlashAttribute("message", "review.portal.convened");
        return "redirect:/portal/calls/" + id + "/review";
    }

    @GetMapping("/portal/proposals/{number}/review")
    String proposalReview(@PathVariable String number, Model model) {
        UserAccount user = currentUser.get();
        Proposal proposal = access.readable(user, number);
        model.addAttribute("proposal", proposal);
        if (proposal.applicant().equals(user.username())) {
            model.addAttribute("opinionsAvailable", opinions.available(proposal));
            model.addAttribute("opinions", opinions.available(proposal) ? opinions.opinions(user, number) : List.of());
        } else if (access.staffReads(user, proposal)) {
            model.addAttribute("invitations", invitations.ofProposal(user, proposal));
            model.addAttribute("shortfalls", invitations.poolResolutions(user, proposal));
            model.addAttribute("flags", conflicts.flags(proposal));
            model.addAttribute("reviews", reviews.reviewsFor(user, number));
            model.addAttribute("result", reviews.result(proposal.id()).orElse(null));
            model.addAttribute("isManager", user.has(Role.PROGRAM_MANAGER));
        } else {
            throw DomainException.notFound();
        }
        return "portal/proposal-review";
    }

    @PostMapping("/portal/proposals/{number}/conflict-waivers")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    String waive(@PathVariable String number, @RequestParam String expert, @RequestParam String rule,
                 @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        UserAccount user = currentUser.get();
        Proposal proposal = access.readable(user, number);
        conflicts.waive(user, proposal, expert, rule, reason);
        redirect.addFlashAttribute("message", "review.portal.waived");
        return "redirect:/portal/proposals/" + number + "/review";
    }

    @PostMapping("/portal/proposals/{number}/opinions/{opinion}/rating")
    @PreAuthorize("hasRole('APPLICANT')")
    String rate(@PathVariable String number, @PathVariable int opinion, @RequestParam String rating,
                RedirectAttributes redirect) {
        opinions.rate(currentUser.get(), number, opinion, Map.of("rating", rating));
        redirect.addFlashAttribute("message", "review.portal.rated");
        return "redirect:/portal/proposals/" + number + "/review";
    }
}
