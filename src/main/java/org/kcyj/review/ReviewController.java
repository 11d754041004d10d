package org.kcyj.review;

import org.kcyj.form.StepForm;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.kcyj.identity.UserAccount;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Retries;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "reviews", description = "专家评审 Peer review")
class ReviewController {
    private static final String STAFF = "hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')";

    private final ReviewService reviews;
    private final InvitationService invitations;
    private final ConflictCheck conflicts;
    private final OpinionService opinions;
    private final ReviewerDrawService draws;
    private final PanelService panels;
    private final ReviewDocuments documents;
    private final ProposalAccess access;
    private final org.kcyj.call.CallService calls;
    private final CurrentUser currentUser;

    ReviewController(ReviewService reviews, InvitationService invitations, ConflictCheck conflicts,
                     OpinionService opinions, ReviewerDrawService draws, PanelService panels, ProposalAccess access,
                     org.kcyj.call.CallService calls, ReviewDocuments documents, CurrentUser currentUser) {
        this.calls = calls;
        this.documents = documents;
        this.panels = panels;
        this.reviews = reviews;
        this.invitations = invitations;
        this.conflicts = conflicts;
        this.opinions = opinions;
        this.draws = draws;
        this.access = access;
        this.currentUser = currentUser;
    }

    @PostMapping("/api/v1/calls/{callId}/reviewer-draws")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Preview a seeded reviewer draw for every proposal of the call waiting for reviewers: {seed?}")
    ReviewerDrawService.Draw previewDraw(@PathVariable long callId, @RequestBody(required = false) Map<String, Object> body) {
        Object seed = body == null ? null : body.get("seed");
        return draws.preview(currentUser.get(), callId, seed == null ? null : parseSeed(seed));
    }

    @PostMapping("/api/v1/reviewer-draws/{drawId}/application")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Apply a previewed draw: invitations go out proposal by proposal in the background")
    ReviewerDrawService.Draw applyDraw(@PathVariable long drawId) {
        return draws.apply(currentUser.get(), drawId);
    }

    @GetMapping("/api/v1/reviewer-draws/{drawId}")
    @PreAuthorize(STAFF)
    @Operation(summary = "A draw with its seed, result, shortfalls and progress")
    ReviewerDrawService.Draw draw(@PathVariable long drawId) {
        return draws.get(currentUser.get(), drawId);
    }

    @GetMapping("/api/v1/calls/{callId}/review-ranking")
    @PreAuthorize(STAFF)
    @Operation(summary = "Reviewed proposals ranked by score within each topic, with trimmed means and flags")
    List<ReviewService.Ranked> ranking(@PathVariable long callId) {
        if (!calls.staffReads(currentUser.get(), callId)) {
            throw DomainException.notFound(); // another programme's, for a manager scoped to theirs
        }
        return reviews.ranking(callId);
    }

    @PostMapping("/api/v1/calls/{callId}/review-summary")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Issue the call's 评审结果汇总表 as it stands (a new version when the results changed)")
    Map<String, String> summary(@PathVariable long callId) {
        calls.requireManagerOf(currentUser.get(), callId);
        if (reviews.ranking(callId).isEmpty()) {
            throw DomainException.conflict("error.no-review-results");
        }
        return Map.of("number", documents.resultSummary(callId).number());
    }

    @PostMapping("/api/v1/calls/{callId}/panels")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Convene the call's panel once written review is over: {seed?}")
    PanelService.Panel convene(@PathVariable long callId, @RequestBody(required = false) Map<String, Object> body) {
        Object seed = body == null ? null : body.get("seed");
        return panels.convene(currentUser.get(), callId, seed == null ? null : parseSeed(seed));
    }

    @GetMapping("/api/v1/panels/{panelId}")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN', 'REVIEWER')")
    @Operation(summary = "A panel: its session list, members (staff only) and outcome")
    PanelService.Panel panel(@PathVariable long panelId) {
        return panels.get(currentUser.get(), panelId);
    }

    @GetMapping("/api/v1/panels/{panelId}/ballot")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "The caller's ballot: one row per proposal of the session")
    Map<String, Object> ballot(@PathVariable long panelId) {
        return panels.ballot(currentUser.get(), panelId);
    }

    @PostMapping("/api/v1/panels/{panelId}/votes")
    @StepForm("Form_CastPanelVotes")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "Cast the caller's votes: {votes: [{number, vote: FOR|AGAINST|ABSTAIN, endorse: YES|NO}], comment}")
    void vote(@PathVariable long panelId, @RequestBody Map<String, Object> body) {
        UserAccount user = currentUser.get();
        Retries.onConcurrentChange(() -> panels.vote(user, panelId, body));
    }

    @PostMapping("/api/v1/proposals/{number}/reviewer-assignment")
    @StepForm("Form_AssignReviewers")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Assign reviewers by hand: {reviewers: [username, ...]} (at least N, none conflicted)")
    Map<String, List<String>> assign(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return Map.of("reviewers", reviews.assignReviewers(currentUser.get(), number, body));
    }

    @GetMapping("/api/v1/proposals/{number}/conflicts")
    @PreAuthorize(STAFF)
    @Operation(summary = "Every conflict between the expert pool and the proposal, with evidence and waivers")
    List<ConflictCheck.Flag> conflicts(@PathVariable String number) {
        UserAccount user = currentUser.get();
        var proposal = access.readable(user, number);
        ConflictCheck.requireNotOwn(user, proposal);
        if (!access.staffReads(user, proposal)) {
            throw DomainException.notFound();
        }
        return conflicts.flags(proposal, reviews.rules(proposal).conflictPolicy());
    }

    @PostMapping("/api/v1/proposals/{number}/conflict-waivers")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Waive one flagged conflict: {expert, rule, reason}")
    List<ConflictCheck.Flag> waive(@PathVariable String number, @RequestBody Map<String, Object> body) {
        UserAccount user = currentUser.get();
        var proposal = access.readable(user, number);
        var policy = reviews.rules(proposal).conflictPolicy();
        conflicts.waive(user, proposal, text(body, "expert"), text(body, "rule"), text(body, "reason"), policy);
        return conflicts.flags(proposal, policy);
    }

    @GetMapping("/api/v1/proposals/{number}/invitations")
    @PreAuthorize(STAFF)
    @Operation(summary = "The proposal's invitations by slot: expert, status, dates")
    List<Invitation> invitationsOf(@PathVariable String number) {
        UserAccount user = currentUser.get();
        return invitations.ofProposal(user, access.readable(user, number));
    }

    @PostMapping("/api/v1/proposals/{number}/pool-shortfall")
    @StepForm("Form_ResolvePoolExhausted")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "When no expert is left for a slot: {decision: RETRY|DROP, comment}")
    void resolveShortfall(@PathVariable String number, @RequestBody Map<String, Object> body) {
        invitations.resolvePoolExhausted(currentUser.get(), number, body);
    }

    @GetMapping("/api/v1/review-invitations")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "The caller's invitations, newest first")
    List<InvitationService.InvitationSummary> mine() {
        return invitations.mine(currentUser.get());
    }

    @GetMapping("/api/v1/proposals/{number}/invitation")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "The caller's invitation to this proposal: what to check for conflicts before answering")
    InvitationService.InvitationSummary invitation(@PathVariable String number) {
        return invitations.summary(currentUser.get(), number);
    }

    @PostMapping("/api/v1/proposals/{number}/invitation")
    @StepForm("Form_RespondToInvitation")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "Answer the invitation: {response: ACCEPT|DECLINE|CONFLICT, noConflict: true to accept, note}")
    Map<String, String> respond(@PathVariable String number, @RequestBody Map<String, Object> body) {
        UserAccount user = currentUser.get();
        return Map.of("status", Retries.onConcurrentChange(() -> invitations.respond(user, number, body)).status().name());
    }

    @GetMapping("/api/v1/proposals/{number}/review-form")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "The review form's starting values: the programme's criteria and the caller's draft")
    Map<String, Object> reviewForm(@PathVariable String number) {
        return reviews.formValues(currentUser.get(), number);
    }

    @PostMapping("/api/v1/proposals/{number}/review-draft")
    @StepForm("Form_ReviewProposal")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "Save the caller's review as a draft (same fields as the review)")
    void saveDraft(@PathVariable String number, @RequestBody Map<String, Object> body) {
        reviews.saveDraft(currentUser.get(), number, body);
    }

    @PostMapping("/api/v1/proposals/{number}/reviews")
    @StepForm("Form_ReviewProposal")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "Submit the caller's review: {criteria: [{criterion, score}], grade: A-D, "
            + "fundingOpinion: PRIORITY|FUNDABLE|NOT_FUNDABLE, opinion}")
    ReviewService.Review submit(@PathVariable String number, @RequestBody Map<String, Object> body) {
        UserAccount user = currentUser.get();
        return Retries.onConcurrentChange(() -> reviews.submitReview(user, number, body));
    }

    @GetMapping("/api/v1/proposals/{number}/reviews")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN', 'REVIEWER')")
    @Operation(summary = "Reviews: all for programme staff; a reviewer's own, and the others anonymised once theirs is in")
    List<ReviewService.Review> list(@PathVariable String number) {
        return reviews.reviewsFor(currentUser.get(), number);
    }

    @GetMapping("/api/v1/proposals/{number}/opinions")
    @PreAuthorize("hasAnyRole('APPLICANT', 'PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "The anonymised opinions for the applicant, after the funding decision")
    List<OpinionService.Opinion> opinions(@PathVariable String number) {
        return opinions.opinions(currentUser.get(), number);
    }

    @PostMapping("/api/v1/proposals/{number}/opinions/{opinion}/rating")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Rate one anonymised opinion: {rating: 1-4}")
    OpinionService.Opinion rate(@PathVariable String number, @PathVariable int opinion, @RequestBody Map<String, Object> body) {
        return opinions.rate(currentUser.get(), number, opinion, body);
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static long parseSeed(Object seed) {
        try {
            return seed instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(seed).strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("seed", "validation.number");
        }
    }
}
