package org.kcyj.review;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.form.FormField;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.review.draw.Conflict;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The peer-review stage's facade: assigning reviewers by hand, the written review with weighted criteria
 * (drafts, submission), who reads which reviews, and the aggregation into one score with its flags.
 * Reviewer identities never leave this stage towards applicants.
 */
@Service
public class ReviewService {
    public static final String FORM_ASSIGN = "Form_AssignReviewers";
    public static final String FORM_REVIEW = "Form_ReviewProposal";

    /** One criterion's score in a review. */
    public record CriterionScore(String code, String name, int weight, int score) {
    }

    /**
     * A review as its reader may see it: {@code reviewer} is the username for staff and for the
     * reviewer's own review; other reviewers' reviews carry only a label (专家一, 专家二, ...).
     */
    public record Review(String reviewer, String label, int score, List<CriterionScore> criteria, String grade,
                         String fundingOpinion, String opinion, Instant submittedAt) {
    }

    /** The aggregated result: {@code meanScore} is the score used (trimmed when {@code trimmed}). */
    public record Result(int reviewCount, BigDecimal meanScore, BigDecimal rawMean, boolean trimmed, BigDecimal spread,
                         boolean spreadFlag, boolean rejectMajority, boolean insufficient) {
    }

    private static final TypeReference<List<CriterionScore>> CRITERIA = new TypeReference<>() {
    };
    private static final String[] LABELS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    private final JdbcClient jdbc;
    private final ProposalRecords proposals;
    private final org.kcyj.identity.UserDirectory identities;
    private final ProposalAccess access;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final ProposalSteps steps;
    private final InvitationStore invitations;
    private final ConflictCheck conflicts;
    private final ExpertPool pool;
    private final FormValidator forms;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final ReviewDocuments documents;
    private final org.kcyj.identity.UserDirectory users;
    private final org.kcyj.mail.Mailer mailer;
    private final Clock clock;

    ReviewService(JdbcClient jdbc, ProposalRecords proposals, org.kcyj.identity.UserDirectory identities,
                  ProposalAccess access, CallService calls,
                  ProgrammeParameters parameters, ProposalSteps steps, InvitationStore invitations,
                  ConflictCheck conflicts, ExpertPool pool, FormValidator forms, AuditLog audit, ObjectMapper json,
                  ReviewDocuments documents, org.kcyj.identity.UserDirectory users, org.kcyj.mail.Mailer mailer,
                  Clock clock) {
        this.documents = documents;
        this.users = users;
        this.mailer = mailer;
        this.jdbc = jdbc;
        this.proposals = proposals;
        this.identities = identities;
        this.access = access;
        this.calls = calls;
        this.parameters = parameters;
        this.steps = steps;
        this.invitations = invitations;
        this.conflicts = conflicts;
        this.pool = pool;
        this.forms = forms;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    ReviewRules rules(Proposal proposal) {
        return ReviewRules.of(parameters, calls.get(proposal.callId()).programmeId());
    }

    /** Experts a manager may pick by hand: available and free of unwaived conflicts with this proposal. */
    public Map<String, List<FormField.Option>> reviewerChoices(Proposal proposal) {
        java.util.Set<String> conflicted = conflicts.flags(proposal, rules(proposal).conflictPolicy()).stream()
                .filter(f -> !f.waived()).map(ConflictCheck.Flag::expert).collect(java.util.stream.Collectors.toSet());
        return Map.of("reviewerOptions", pool.all().stream()
                .filter(ExpertPool.ExpertProfile::available)
                .filter(e -> !conflicted.contains(e.username()))
                .map(e -> new FormField.Option(e.username(), e.name() + (e.international() ? "（国际 international）" : "")
                        + (e.disciplineCodes().isEmpty() ? "" : " " + String.join("/", e.disciplineCodes()))))
                .toList());
    }

    /**
     * Task_AssignReviewers by hand: the manager names the experts (at least N, none conflicted unless
     * waived); each gets a slot and an invitation. The call-wide draw completes the same step.
     */
    @Transactional
    public List<String> assignReviewers(UserAccount manager, String number, Map<String, ?> input) {
        Proposal proposal = access.readable(manager, number);
        access.requireManagerCovers(manager, proposal);
        ProposalSteps.Step step = steps.open(manager, number, PeerReviewProcess.TASK_ASSIGN_REVIEWERS, FORM_ASSIGN,
                input, reviewerPool());
        List<String> reviewers = step.form().texts("reviewers").stream().distinct().toList();
        ReviewRules rules = rules(proposal);
        if (reviewers.size() < rules.perProposal()) {
            throw DomainException.invalid("reviewers", "validation.min-reviewers", rules.perProposal());
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (String reviewer : reviewers) {
            Optional<ExpertPool.ExpertProfile> expert = pool.find(reviewer);
            if (expert.isEmpty() || !expert.get().available()) {
                problems.add(new FieldProblem("reviewers", "validation.expert-unavailable", reviewer));
                continue;
            }
            for (Conflict c : conflicts.blocking(proposal, reviewer, rules.conflictPolicy())) {
                problems.add(new FieldProblem("reviewers", "validation.expert-conflict", expert.get().name(),
                        c.rule().label(), c.evidence()));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        assign(proposal, reviewers.stream().map(r -> Map.entry(r, "主管指派")).toList(), null, manager.username());
        steps.record(step, "REVIEWERS_ASSIGNED", null, reviewers.size() + " 名专家（指派）");
        steps.complete(step, Map.of(PeerReviewProcess.VAR_SLOTS, slots(reviewers.size())));
        return reviewers;
    }

    /** Every expert of the pool as a choice; the conflict check above explains a refusal. */
    private Map<String, List<FormField.Option>> reviewerPool() {
        return Map.of("reviewerOptions", pool.all().stream()
                .map(e -> new FormField.Option(e.username(), e.name())).toList());
    }

    /** Creates the slots' first invitations, in order; slots beyond the experts given are drawn later. */
    void assign(Proposal proposal, List<Map.Entry<String, String>> expertsWithReasons, Long drawId, String by) {
        int slot = 0;
        for (Map.Entry<String, String> expert : expertsWithReasons) {
            invitations.insertPending(proposal.id(), ++slot, 1, expert.getKey(), drawId, expert.getValue(), by,
                    Instant.now(clock));
        }
    }

    static List<Integer> slots(int count) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            slots.add(i);
        }
        return slots;
    }

    /** The reviewer's draft: saved at any time while the review is open; formats checked, nothing required. */
    @Transactional
    public void saveDraft(UserAccount reviewer, String number, Map<String, ?> input) {
        Proposal proposal = access.readable(reviewer, number);
        Invitation invitation = acceptedInvitation(reviewer, proposal);
        SubmittedForm form = forms.validatePartial(FORM_REVIEW, input);
        jdbc.sql("delete from app.review_draft where proposal_id = ? and reviewer = ?")
                .params(proposal.id(), reviewer.username()).update();
        jdbc.sql("insert into app.review_draft (proposal_id, reviewer, content_json, saved_at) values (?, ?, ?, ?)")
                .params(proposal.id(), reviewer.username(), write(form.values()), Timestamp.from(Instant.now(clock)))
                .update();
        audit.record(reviewer.username(), "REVIEW_DRAFT_SAVED", number, null, null, "第 " + invitation.slot() + " 席位");
    }

    /** What the review form starts with: the criteria of the programme, and the reviewer's draft on top. */
    public Map<String, Object> formValues(UserAccount reviewer, String number) {
        Proposal proposal = access.readable(reviewer, number);
        Map<String, Object> draft = jdbc.sql("select content_json from app.review_draft where proposal_id = ? and reviewer = ?")
                .params(proposal.id(), reviewer.username()).query(String.class).optional()
                .map(this::readMap).orElseGet(LinkedHashMap::new);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReviewRules.Criterion c : rules(proposal).criteria()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("criterion", c.name());
            draftScore(draft, c.name()).ifPresent(s -> row.put("score", s));
            rows.add(row);
        }
        Map<String, Object> values = new LinkedHashMap<>(draft);
        values.put("criteria", rows);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Object> draftScore(Map<String, Object> draft, String criterion) {
        Object rows = draft.get("criteria");
        if (!(rows instanceof List<?> list)) {
            return Optional.empty();
        }
        return list.stream().filter(r -> r instanceof Map<?, ?> m && criterion.equals(m.get("criterion")))
                .map(r -> ((Map<String, Object>) r).get("score")).filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Task_ReviewProposal: per-criterion scores within their weights, grade, funding opinion, opinion.
     * A reviewer whom the overdue timer replaced a moment ago no longer reads the proposal; their review
     * is refused as a 409 (the invitation was withdrawn), not as a proposal that does not exist.
     */
    @Transactional
    public Review submitReview(UserAccount reviewer, String number, Map<String, ?> input) {
        if (!reviewer.has(Role.REVIEWER)) {
            throw DomainException.forbidden();
        }
        ProposalSteps.Step step;
        try {
            step = steps.open(reviewer, number, PeerReviewProcess.TASK_REVIEW_PROPOSAL, FORM_REVIEW, input);
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND && replaced(reviewer, number)) {
                throw DomainException.conflict("error.invitation-answered");
            }
            throw e;
        }
        Proposal proposal = step.proposal();
        Invitation invitation = acceptedInvitation(reviewer, proposal);
        ReviewRules rules = rules(proposal);
        SubmittedForm form = step.form();
        List<FieldProblem> problems = new ArrayList<>();
        List<CriterionScore> scores = criteria(form, rules, problems);
        String opinion = form.text("opinion");
        if (opinion.codePointCount(0, opinion.length()) < rules.opinionMinLength()) {
            problems.add(new FieldProblem("opinion", "validation.min-length", rules.opinionMinLength()));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        int total = scores.stream().mapToInt(CriterionScore::score).sum();
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        insert into app.review (proposal_id, reviewer, score, opinion, submitted_at, criteria_json, grade,
                                                funding_opinion, invitation_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(proposal.id(), reviewer.username(), total, opinion, Timestamp.from(now), write(scores),
                        form.text("grade"), form.text("fundingOpinion"), invitation.id()).update();
        if (!invitations.move(invitation.id(), Invitation.Status.ACCEPTED, Invitation.Status.SUBMITTED, now, null)) {
            throw DomainException.conflict("error.stage");
        }
        jdbc.sql("delete from app.review_draft where proposal_id = ? and reviewer = ?")
                .params(proposal.id(), reviewer.username()).update();
        steps.record(step, "REVIEW_SUBMITTED", null, "第 " + invitation.slot() + " 席位");
        steps.complete(step, Map.of());
        return new Review(reviewer.username(), null, total, scores, form.text("grade"), form.text("fundingOpinion"),
                opinion, now);
    }

    /** Every criterion of the programme exactly once, each score a whole number within its weight. */
    private static List<CriterionScore> criteria(SubmittedForm form, ReviewRules rules, List<FieldProblem> problems) {
        List<SubmittedForm> rows = form.rows("criteria").stream().filter(r -> r.text("criterion") != null).toList();
        Map<String, Integer> given = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SubmittedForm row = rows.get(i);
            String name = row.text("criterion").strip();
            ReviewRules.Criterion criterion = rules.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElse(null);
            BigDecimal score = row.decimal("score");
            if (criterion == null) {
                problems.add(new FieldProblem("criteria[" + i + "].criterion", "validation.unknown-criterion", name));
            } else if (given.containsKey(name)) {
                problems.add(new FieldProblem("criteria[" + i + "].criterion", "validation.duplicate-criterion", name));
            } else if (score == null || score.stripTrailingZeros().scale() > 0 || score.signum() < 0
                    || score.compareTo(BigDecimal.valueOf(criterion.weight())) > 0) {
                problems.add(new FieldProblem("criteria[" + i + "].score", "validation.criterion-score", criterion.weight()));
            } else {
                given.put(name, score.intValueExact());
            }
        }
        List<String> missing = rules.criteria().stream().map(ReviewRules.Criterion::name)
                .filter(n -> !given.containsKey(n)).toList();
        if (!missing.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldProblem("criteria", "validation.missing-criteria", String.join("、", missing)));
        }
        return rules.criteria().stream().filter(c -> given.containsKey(c.name()))
                .map(c -> new CriterionScore(c.name(), c.name(), c.weight(), given.get(c.name()))).toList();
    }

    /** Whether the reviewer accepted this proposal and was then replaced as overdue. */
    private boolean replaced(UserAccount reviewer, String number) {
        return proposals.byNumber(number).flatMap(p -> invitations.of(p.id(), reviewer.username()))
                .filter(i -> i.status() == Invitation.Status.OVERDUE).isPresent();
    }

    private Invitation acceptedInvitation(UserAccount reviewer, Proposal proposal) {
        return invitations.of(proposal.id(), reviewer.username())
                .filter(i -> i.status() == Invitation.Status.ACCEPTED)
                .orElseThrow(() -> DomainException.conflict("error.stage"));
    }

    /**
     * Reviews of a proposal: all, with reviewers, for programme staff; a reviewer sees their own, and the
     * others (labelled, without names) only once their own is submitted. Applicants see none here.
     */
    public List<Review> reviewsFor(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        List<Review> all = stored(proposal.id());
        if (proposal.applicant().equals(user.username())) {
            throw DomainException.notFound(); // an applicant who is also staff reads the anonymised opinions only
        }
        if (access.staffReads(user, proposal)) {
            return all;
        }
        if (user.has(Role.REVIEWER)) {
            boolean submitted = all.stream().anyMatch(r -> r.reviewer().equals(user.username()));
            java.util.regex.Pattern identities = identities(proposal.id());
            return all.stream().filter(r -> submitted || r.reviewer().equals(user.username()))
                    .map(r -> r.reviewer().equals(user.username()) ? r : anonymous(r, identities)).toList();
        }
        throw DomainException.notFound();
    }

    /**
     * The reviews as the applicant receives them after the decision: labelled, never named, and any reviewer's
     * name, login, e-mail or unit written into an opinion masked (as in the PDF copy).
     */
    List<Review> anonymised(long proposalId) {
        java.util.regex.Pattern identities = identities(proposalId);
        return stored(proposalId).stream().map(r -> anonymous(r, identities)).toList();
    }

    private static Review anonymous(Review r, java.util.regex.Pattern identities) {
        return new Review(null, r.label(), r.score(), r.criteria(), r.grade(), r.fundingOpinion(),
                OpinionFeedbackDocument.mask(r.opinion(), identities), null);
    }

    /** Everything that would name one of the proposal's reviewers. */
    private java.util.regex.Pattern identities(long proposalId) {
        List<String> raw = new ArrayList<>();
        List<String> reviewers = new ArrayList<>();
        jdbc.sql("""
                        select r.reviewer, e.name, e.unit_name from app.review r
                        left join app.expert e on e.username = r.reviewer where r.proposal_id = ?""")
                .param(proposalId).query(rs -> {
                    reviewers.add(rs.getString(1));
                    raw.add(rs.getString(1));
                    raw.add(rs.getString(2));
                    raw.add(rs.getString(3));
                });
        identities.people(reviewers).values().forEach(p -> {
            raw.add(p.displayName());
            raw.add(p.email());
        });
        return OpinionFeedbackDocument.pattern(raw);
    }

    List<Long> reviewIds(long proposalId) {
        return jdbc.sql("select id from app.review where proposal_id = ? order by id").param(proposalId)
                .query(Long.class).list();
    }

    private List<Review> stored(long proposalId) {
        List<Review> reviews = jdbc.sql("""
                        select reviewer, score, opinion, submitted_at, criteria_json, grade, funding_opinion
                        from app.review where proposal_id = ? order by id""")
                .param(proposalId)
                .query((rs, i) -> new Review(rs.getString(1), label(i), rs.getInt(2), readCriteria(rs.getString(5)),
                        rs.getString(6), rs.getString(7), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
        return reviews;
    }

    static String label(int index) {
        return "专家" + (index < LABELS.length ? LABELS[index] : String.valueOf(index + 1));
    }

    /** The results of these proposals, by proposal id (those not aggregated yet are left out). */
    private Map<Long, Result> results(List<Long> proposalIds) {
        Map<Long, Result> results = new HashMap<>();
        if (proposalIds.isEmpty()) {
            return results;
        }
        jdbc.sql("""
                        select proposal_id, review_count, mean_score, raw_mean, trimmed, spread, spread_flag,
                               reject_majority, insufficient
                        from app.review_result where proposal_id in (:proposals)""")
                .param("proposals", proposalIds)
                .query(rs -> {
                    results.put(rs.getLong(1), new Result(rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                            rs.getBoolean(5), rs.getBigDecimal(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
                });
        return results;
    }

    public Optional<Result> result(long proposalId) {
        return jdbc.sql("""
                        select review_count, mean_score, raw_mean, trimmed, spread, spread_flag, reject_majority, insufficient
                        from app.review_result where proposal_id = ?""").param(proposalId)
                .query((rs, i) -> new Result(rs.getInt(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBoolean(4),
                        rs.getBigDecimal(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8))).optional();
    }

    /**
     * Task_AggregateScores: the score (trimmed mean from {@code review.trim-from} scores), the spread flag
     * and the non-consensus mark, recorded once per proposal (the table's key makes a second attempt fail).
     * Returns whether a panel follows.
     */
    @Transactional
    public boolean aggregate(long proposalId) {
        Proposal proposal = proposals.get(proposalId);
        ReviewRules rules = rules(proposal);
        List<Integer> scores = jdbc.sql("select score from app.review where proposal_id = ?").param(proposalId)
                .query(Integer.class).list();
        long notFundable = jdbc.sql("select count(*) from app.review where proposal_id = ? and funding_opinion = 'NOT_FUNDABLE'")
                .param(proposalId).query(Long.class).single();
        Aggregation.Outcome outcome = Aggregation.of(scores, notFundable, rules.trimFrom(), rules.spreadFlag(),
                rules.perProposal());
        jdbc.sql("""
                        insert into app.review_result (proposal_id, review_count, mean_score, computed_at, raw_mean, trimmed,
                                                       spread, spread_flag, reject_majority, insufficient)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(proposalId, outcome.count(), outcome.score(), Timestamp.from(Instant.now(clock)), outcome.rawMean(),
                        outcome.trimmed(), outcome.spread(), outcome.spreadFlag(), outcome.rejectMajority(),
                        outcome.insufficient()).update();
        // The 专家评审意见表 of each review, issued once the written review is complete (not while
        // reviewers are still submitting side by side, when rendering would hold their transactions).
        reviewIds(proposalId).forEach(documents::reviewSheet);
        ProposalStatus before = proposals.markReviewed(proposalId);
        users.find(proposal.applicant()).ifPresent(applicant -> mailer.queue("review-complete-" + proposalId,
                applicant.email(), "【评审进展】" + proposal.number() + " 已完成专家函评",
                applicant.displayName() + "：您好！\n\n您申报的项目 " + proposal.number() + "《" + proposal.title() + "》已完成专家函评（"
                        + outcome.count() + " 份意见）。" + (rules.panelRequired() ? "其后将进行会评。" : "")
                        + "专家意见将在立项决定后以匿名方式反馈，届时请登录系统查看并评价。"));
        audit.record("system", "REVIEWS_AGGREGATED", proposal.number(), before.name(), ProposalStatus.REVIEWED.name(),
                outcome.count() + " 份评审，得分 " + outcome.score().toPlainString() + (outcome.trimmed() ? "（去掉最高最低分）" : "")
                        + (outcome.spreadFlag() ? "，分歧较大" : "") + (outcome.rejectMajority() ? "，多数不予资助" : "")
                        + (outcome.insufficient() ? "，评审份数不足 " + rules.perProposal() : ""));
        return rules.panelRequired();
    }

    /** One proposal's place in its topic's ranking. */
    public record Ranked(String number, String title, String unitName, Long topicId, String topic, int rank,
                         Result result) {
    }

    /** The call's reviewed proposals ranked by score within each topic (ties by number). */
    public List<Ranked> ranking(long callId) {
        record Row(long id, String number, String title, String unit, Long topicId, String topic) {
        }
        // the call's proposals by number (with their units' names), their topics and results, each read at once
        List<Proposal> ofCall = proposals.ofCall(callId);
        Map<Long, Result> results = results(ofCall.stream().map(Proposal::id).toList());
        Map<Long, String> topics = ProposalTopics.labels(calls, ofCall);
        List<Row> rows = ofCall.stream().filter(p -> results.containsKey(p.id()))
                .map(p -> new Row(p.id(), p.number(), p.title(), p.unitName(), p.topicId(),
                        topics.getOrDefault(p.id(), "")))
                .toList();
        List<Ranked> ranked = new ArrayList<>();
        Map<String, List<Row>> byTopic = new LinkedHashMap<>();
        rows.forEach(r -> byTopic.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(r));
        for (List<Row> topic : byTopic.values()) {
            List<Map.Entry<Row, Result>> scored = topic.stream().map(r -> Map.entry(r, results.get(r.id())))
                    .sorted(Comparator.comparing((Map.Entry<Row, Result> e) -> e.getValue().meanScore()).reversed()
                            .thenComparing(e -> e.getKey().number()))
                    .toList();
            int rank = 0;
            for (Map.Entry<Row, Result> e : scored) {
                Row r = e.getKey();
                ranked.add(new Ranked(r.number(), r.title(), r.unit(), r.topicId(), r.topic(), ++rank, e.getValue()));
            }
        }
        return ranked;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Review content cannot be written", e);
        }
    }

    private Map<String, Object> readMap(String stored) {
        try {
            return json.readValue(stored, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored review draft is not JSON", e);
        }
    }

    private List<CriterionScore> readCriteria(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored, CRITERIA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored criteria are not JSON", e);
        }
    }
}
