package org.kcyj.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.form.FormField;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.identity.UserDirectory;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalRepository;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.shared.DomainException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The peer-review stage's facade: managers assign reviewers, each reviewer submits a score and an
 * opinion, the scores are aggregated. Reviewer identities never leave this stage towards applicants.
 */
@Service
public class ReviewService {
    public static final String FORM_ASSIGN = "Form_AssignReviewers";
    public static final String FORM_REVIEW = "Form_ReviewProposal";

    public record Review(String reviewer, int score, String opinion, Instant submittedAt) {
    }

    public record Result(int reviewCount, BigDecimal meanScore) {
    }

    private final JdbcClient jdbc;
    private final ProposalRepository proposals;
    private final ProposalAccess access;
    private final CallService calls;
    private final UserDirectory users;
    private final ProgrammeParameters parameters;
    private final ProposalSteps steps;
    private final AuditLog audit;
    private final Clock clock;

    ReviewService(JdbcClient jdbc, ProposalRepository proposals, ProposalAccess access, CallService calls,
                  UserDirectory users, ProgrammeParameters parameters, ProposalSteps steps, AuditLog audit,
                  Clock clock) {
        this.jdbc = jdbc;
        this.proposals = proposals;
        this.access = access;
        this.calls = calls;
        this.users = users;
        this.parameters = parameters;
        this.steps = steps;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The experts a manager may pick for this proposal: the reviewer pool less the applicant and anyone
     * of the applicant's unit (the first conflict rules; the full set comes with the expert pool).
     */
    public Map<String, List<FormField.Option>> reviewerChoices(Proposal proposal) {
        return Map.of("reviewerOptions", users.withRole(Role.REVIEWER).stream()
                .filter(u -> !u.username().equals(proposal.applicant()))
                .filter(u -> u.unitId() == null || u.unitId() != proposal.unitId())
                .map(u -> new FormField.Option(u.username(), u.displayName() + (u.international() ? "（国际 international）" : "")))
                .toList());
    }

    @Transactional
    public List<String> assignReviewers(UserAccount manager, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, PeerReviewProcess.TASK_ASSIGN_REVIEWERS, FORM_ASSIGN,
                input, reviewerChoices(access.readable(manager, number)));
        Proposal proposal = step.proposal();
        List<String> reviewers = new ArrayList<>(step.form().texts("reviewers"));
        int minimum = parameters.integer(calls.get(proposal.callId()).programmeId(), ProgrammeParameters.REVIEW_MIN_REVIEWERS);
        if (reviewers.size() < minimum) {
            throw DomainException.invalid("reviewers", "validation.min-reviewers", minimum);
        }
        for (String reviewer : reviewers) {
            jdbc.sql("insert into app.review_assignment (proposal_id, reviewer, assigned_by, assigned_at) values (?, ?, ?, ?)")
                    .params(proposal.id(), reviewer, manager.username(), Timestamp.from(Instant.now(clock))).update();
        }
        steps.record(step, "REVIEWERS_ASSIGNED", null, reviewers.size() + " reviewers");
        steps.complete(step, Map.of(PeerReviewProcess.VAR_REVIEWERS, reviewers));
        return reviewers;
    }

    @Transactional
    public Review submitReview(UserAccount reviewer, String number, Map<String, ?> input) {
        if (!reviewer.has(Role.REVIEWER)) {
            throw DomainException.forbidden();
        }
        ProposalSteps.Step step = steps.open(reviewer, number, PeerReviewProcess.TASK_REVIEW_PROPOSAL, FORM_REVIEW, input);
        Proposal proposal = step.proposal();
        SubmittedForm form = step.form();
        int minimum = parameters.integer(calls.get(proposal.callId()).programmeId(),
                ProgrammeParameters.REVIEW_OPINION_MIN_LENGTH);
        String opinion = form.text("opinion");
        if (opinion.codePointCount(0, opinion.length()) < minimum) {
            throw DomainException.invalid("opinion", "validation.min-length", minimum);
        }
        int score = form.decimal("score").intValueExact();
        Instant now = Instant.now(clock);
        jdbc.sql("insert into app.review (proposal_id, reviewer, score, opinion, submitted_at) values (?, ?, ?, ?, ?)")
                .params(proposal.id(), reviewer.username(), score, opinion, Timestamp.from(now)).update();
        steps.record(step, "REVIEW_SUBMITTED", null, null);
        steps.complete(step, Map.of());
        return new Review(reviewer.username(), score, opinion, now);
    }

    /** Reviews of a proposal for programme staff; a reviewer sees their own only. Applicants see none here. */
    public List<Review> reviewsFor(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        List<Review> all = jdbc.sql("select reviewer, score, opinion, submitted_at from app.review where proposal_id = ? order by id")
                .param(proposal.id())
                .query((rs, i) -> new Review(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
        if (ProposalAccess.isStaff(user)) {
            return all;
        }
        if (user.has(Role.REVIEWER)) {
            return all.stream().filter(r -> r.reviewer().equals(user.username())).toList();
        }
        throw DomainException.notFound();
    }

    public Optional<Result> result(long proposalId) {
        return jdbc.sql("select review_count, mean_score from app.review_result where proposal_id = ?").param(proposalId)
                .query((rs, i) -> new Result(rs.getInt(1), rs.getBigDecimal(2))).optional();
    }

    /** Mean of the submitted scores, recorded once per proposal. */
    @Transactional
    public void aggregate(long proposalId) {
        List<Integer> scores = jdbc.sql("select score from app.review where proposal_id = ?").param(proposalId)
                .query(Integer.class).list();
        if (scores.isEmpty()) {
            throw new IllegalStateException("No reviews to aggregate for proposal " + proposalId);
        }
        BigDecimal mean = BigDecimal.valueOf(scores.stream().mapToInt(Integer::intValue).sum())
                .divide(BigDecimal.valueOf(scores.size()), 2, RoundingMode.HALF_UP);
        jdbc.sql("insert into app.review_result (proposal_id, review_count, mean_score, computed_at) values (?, ?, ?, ?)")
                .params(proposalId, scores.size(), mean, Timestamp.from(Instant.now(clock))).update();
        ProposalStatus before = proposals.changeStatus(proposalId, ProposalStatus.REVIEWED, Instant.now(clock));
        audit.record("system", "REVIEWS_AGGREGATED", proposals.byId(proposalId).number(), before.name(),
                ProposalStatus.REVIEWED.name(), "mean " + mean.toPlainString());
    }
}
