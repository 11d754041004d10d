package org.kcyj.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.call.CallLookup;
import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.call.Topic;
import org.kcyj.document.DocumentContent;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentType;
import org.kcyj.document.DocumentTypes;
import org.kcyj.document.IssuedDocument;
import org.kcyj.identity.UserDirectory;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.review.ReviewFacts.Expert;
import org.kcyj.review.ReviewFacts.Panel;
import org.kcyj.review.ReviewFacts.PanelMember;
import org.kcyj.review.ReviewFacts.PanelOutcome;
import org.kcyj.review.ReviewFacts.ProposalLine;
import org.kcyj.review.ReviewFacts.Result;
import org.kcyj.review.ReviewFacts.Review;
import org.kcyj.review.ReviewFacts.Vote;
import org.kcyj.shared.DomainException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the peer-review stage's four documents:
 * <ul>
 *   <li>{@link #reviewSheet} 专家评审意见表 (PSYJ): one expert's review with their name — internal;</li>
 *   <li>{@link #anonymisedOpinions} 专家评审意见（反馈） (PSFK): all reviews of a proposal without
 *       anything that identifies a reviewer — for the applicant after the decision;</li>
 *   <li>{@link #resultSummary} 评审结果汇总表 (PSHZ): a call's aggregated scores ranked per topic — internal;</li>
 *   <li>{@link #panelRecord} 会评表决记录 (HPJL): a panel's members and votes — internal.</li>
 * </ul>
 * Who may read them is decided by the document access policy (internal ones: programme staff only).
 *
 * <p>Subjects: the proposal number for PSYJ and PSFK, the call's business key ({@code CALL-{id}})
 * for PSHZ and HPJL. Each request carries an idempotency key made of the type, the record and a
 * fingerprint of the content, so issuing again unchanged returns the document issued before (the
 * first one with that content), and issuing after a change gives the next version. The content
 * carries no issue time for that reason (the renderer prints it in the header).
 */
@Component
class ReviewDocuments {

    private final JdbcClient jdbc;
    private final ProposalRecords proposals;
    private final CallService calls;
    private final CallLookup callLookup;
    private final UserDirectory identities;
    private final DocumentService documents;
    private final String issuer;

    ReviewDocuments(JdbcClient jdbc, ProposalRecords proposals, CallService calls, CallLookup callLookup,
                    UserDirectory identities, DocumentService documents, @Value("${kcyj.issuer}") String issuer) {
        this.jdbc = jdbc;
        this.proposals = proposals;
        this.calls = calls;
        this.callLookup = callLookup;
        this.identities = identities;
        this.documents = documents;
        this.issuer = issuer;
    }

    /**
     * 专家评审意见表 of one submitted review: the proposal, the expert (name, title, unit), the
     * no-conflict declaration, the criteria scores, total, grade, funding opinion and opinion.
     *
     * @throws DomainException (404) if there is no such review
     */
    @Transactional
    public IssuedDocument reviewSheet(long reviewId) {
        Review review = review(reviewId).orElseThrow(DomainException::notFound);
        Proposal proposal = proposals.get(review.proposalId());
        ProgrammeCall call = calls.get(proposal.callId());
        DocumentContent content = ReviewSheetDocument.of(proposal, call, topic(proposal), review, issuer);
        return issue(proposal.number(), DocumentTypes.PSYJ, proposal.applicant(), content, "R" + reviewId);
    }

    /**
     * 专家评审意见（反馈申请人）: the proposal's reviews in the order they were submitted (by id),
     * labelled 专家一, 专家二 …, with scores, grade, funding opinion and opinion, and the aggregated
     * score if there is one. No reviewer's name, login, unit, e-mail, review id or dates; a
     * reviewer's identifiers that appear inside an opinion text are masked.
     *
     * @throws DomainException       (404) if there is no such proposal
     * @throws IllegalStateException if the proposal has no reviews
     */
    @Transactional
    public IssuedDocument anonymisedOpinions(long proposalId) {
        Proposal proposal = proposalById(proposalId);
        List<Review> reviews = reviewsOf(proposalId);
        if (reviews.isEmpty()) {
            throw new IllegalStateException("proposal " + proposal.number() + " has no reviews");
        }
        DocumentContent content = OpinionFeedbackDocument.of(proposal, topic(proposal), reviews, result(proposalId),
                issuer);
        return issue(proposal.number(), DocumentTypes.PSFK, proposal.applicant(), content, proposal.number());
    }

    /**
     * 评审结果汇总表 of a call: the proposals with an aggregated score, grouped by topic and ranked
     * within each by the score used (descending; equal scores by proposal number).
     *
     * @throws DomainException       (404) if there is no such call
     * @throws IllegalStateException if no proposal of the call has an aggregated score
     */
    @Transactional
    public IssuedDocument resultSummary(long callId) {
        ProgrammeCall call = calls.get(callId);
        List<ReviewSummaryDocument.Line> lines = summaryLines(callId);
        if (lines.isEmpty()) {
            throw new IllegalStateException("no review results in call " + call.businessKey());
        }
        DocumentContent content = ReviewSummaryDocument.of(call, lines);
        return issue(call.businessKey(), DocumentTypes.PSHZ, callCreator(callId), content, call.businessKey());
    }

    /**
     * 会评表决记录 of a panel: its call, members (name, unit, finance expert), the outcome per proposal
     * in the panel's rank order within each topic, and every member's vote on every proposal.
     *
     * @throws DomainException (404) if there is no such panel
     */
    @Transactional
    public IssuedDocument panelRecord(long panelId) {
        Panel panel = panel(panelId).orElseThrow(DomainException::notFound);
        ProgrammeCall call = calls.get(panel.callId());
        DocumentContent content = PanelRecordDocument.of(call, panel, members(panelId), outcomes(panelId),
                votes(panelId));
        return issue(call.businessKey(), DocumentTypes.HPJL, panel.createdBy(), content, "P" + panelId);
    }

    private IssuedDocument issue(String subject, DocumentType type, String owner, DocumentContent content,
                                 String record) {
        String key = type.code() + ":" + record + ":" + fingerprint(content);
        return documents.issue(new DocumentRequest(subject, type, issuer, owner, content, key));
    }

    /** SHA-256 of everything the document says: equal content, equal key. */
    static String fingerprint(DocumentContent content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    // ---------------------------------------------------------------- reads

    private Proposal proposalById(long proposalId) {
        return proposals.find(proposalId).orElseThrow(DomainException::notFound);
    }

    private Optional<Topic> topic(Proposal proposal) {
        return proposal.topicId() == null ? Optional.empty() : calls.topic(proposal.topicId());
    }

    private String callCreator(long callId) {
        return callLookup.createdBy(callId);
    }

    /**
     * A review with the declaration of no conflict on its invitation (or, for a review recorded without one,
     * on the expert's invitation to the same proposal) and the expert's pool profile; the account's part of
     * the expert is added by {@link #withAccounts}.
     */
    private static final String REVIEW = """
            select r.id, r.proposal_id, r.reviewer, r.score, r.opinion, r.submitted_at, r.criteria_json, r.grade,
                   r.funding_opinion, i.no_conflict_declared_at,
                   e.name, e.title, e.unit_name
            from app.review r
            left join app.expert e on e.username = r.reviewer
            left join app.review_invitation i on i.id = r.invitation_id
                 or (r.invitation_id is null and i.proposal_id = r.proposal_id and i.expert = r.reviewer)
            """;

    private Optional<Review> review(long reviewId) {
        return withAccounts(jdbc.sql(REVIEW + " where r.id = ?").param(reviewId).query(ReviewDocuments::review).list())
                .stream().findFirst();
    }

    private List<Review> reviewsOf(long proposalId) {
        return withAccounts(jdbc.sql(REVIEW + " where r.proposal_id = ? order by r.id").param(proposalId)
                .query(ReviewDocuments::review).list());
    }

    /** The reviews with their experts' accounts (one look-up for all); a review whose expert has no account is left out. */
    private List<Review> withAccounts(List<Review> reviews) {
        Map<String, UserDirectory.Person> people = identities.people(
                reviews.stream().map(r -> r.expert().username()).toList());
        return reviews.stream().filter(r -> people.containsKey(r.expert().username()))
                .map(r -> new Review(r.id(), r.proposalId(), withAccount(r.expert(), people.get(r.expert().username())),
                        r.score(), r.opinion(), r.submittedAt(), r.criteria(), r.grade(), r.fundingOpinion(),
                        r.noConflictDeclaredAt()))
                .toList();
    }

    /** The profile as the pool keeps it (columns 11-13); the account fills in by {@link #withAccount}. */
    private static Review review(ResultSet rs, int row) throws SQLException {
        Expert expert = new Expert(rs.getString(3), rs.getString(11), rs.getString(12), rs.getString(13), null);
        return new Review(rs.getLong(1), rs.getLong(2), expert, rs.getInt(4), rs.getString(5), instant(rs, 6),
                ReviewFacts.criteria(rs.getString(7)), rs.getString(8), rs.getString(9), instant(rs, 10));
    }

    /** The expert pool's name and unit; the account's name and unit for someone not (or no longer) in the pool. */
    private static Expert withAccount(Expert pool, UserDirectory.Person account) {
        return new Expert(pool.username(), pool.name() != null ? pool.name() : account.displayName(), pool.title(),
                pool.unit() != null ? pool.unit() : account.unitName(), account.email());
    }

    private Optional<Result> result(long proposalId) {
        return jdbc.sql("""
                        select proposal_id, review_count, mean_score, raw_mean, trimmed, spread, spread_flag,
                               reject_majority, computed_at
                        from app.review_result where proposal_id = ?""")
                .param(proposalId).query(ReviewDocuments::result).optional();
    }

    private static Result result(ResultSet rs, int row) throws SQLException {
        return new Result(rs.getLong(1), rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBoolean(5),
                rs.getBigDecimal(6), rs.getBoolean(7), rs.getBoolean(8), instant(rs, 9));
    }

    /** Topics in code order (proposals without a topic last); within a topic the given order. */
    private static final Comparator<ProposalLine> BY_TOPIC = Comparator.comparing(ProposalLine::topicCode,
            Comparator.nullsLast(Comparator.naturalOrder()));

    private List<ReviewSummaryDocument.Line> summaryLines(long callId) {
        Map<Long, ProposalLine> lines = proposalLines(proposals.ofCall(callId));
        if (lines.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select proposal_id, review_count, mean_score, raw_mean, trimmed, spread, spread_flag,
                               reject_majority, computed_at
                        from app.review_result where proposal_id in (:proposals)""")
                .param("proposals", List.copyOf(lines.keySet()))
                .query(ReviewDocuments::result)
                .list().stream()
                .map(result -> new ReviewSummaryDocument.Line(lines.get(result.proposalId()), result))
                .sorted(Comparator.comparing(ReviewSummaryDocument.Line::proposal, BY_TOPIC)
                        .thenComparing(line -> line.result().meanScore(), Comparator.reverseOrder())
                        .thenComparing(line -> line.proposal().number()))
                .toList();
    }

    /** The proposals as the call-wide documents list them, by id: their units' names and topics read at once. */
    private Map<Long, ProposalLine> proposalLines(java.util.Collection<Proposal> listed) {
        Map<Long, Topic> topics = ProposalTopics.of(calls, listed);
        Map<Long, ProposalLine> lines = new java.util.HashMap<>();
        for (Proposal p : listed) {
            Topic topic = topics.get(p.id());
            lines.put(p.id(), new ProposalLine(p.id(), p.number(), p.title(), p.unitName(), p.topicId(),
                    topic == null ? null : topic.code(), topic == null ? null : topic.title()));
        }
        return lines;
    }

    private Optional<Panel> panel(long panelId) {
        return jdbc.sql("""
                        select id, call_id, seed, status, created_by, created_at, concluded_at
                        from app.review_panel where id = ?""")
                .param(panelId)
                .query((rs, i) -> new Panel(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), instant(rs, 6), instant(rs, 7)))
                .optional();
    }

    /** Members in seat order: the scientific experts, then the finance experts, each by login. */
    private List<PanelMember> members(long panelId) {
        List<PanelMember> seats = jdbc.sql("""
                        select m.expert, e.name, e.title, e.unit_name, m.finance, m.voted_at
                        from app.panel_member m
                        left join app.expert e on e.username = m.expert
                        where m.panel_id = ?
                        order by m.finance, m.expert""")
                .param(panelId)
                .query((rs, i) -> new PanelMember(new Expert(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), null), rs.getBoolean(5), instant(rs, 6)))
                .list();
        Map<String, UserDirectory.Person> people = identities.people(
                seats.stream().map(m -> m.expert().username()).toList());
        return seats.stream().filter(m -> people.containsKey(m.expert().username()))
                .map(m -> new PanelMember(withAccount(m.expert(), people.get(m.expert().username())), m.finance(),
                        m.votedAt()))
                .toList();
    }

    /**
     * Every proposal the panel voted on or concluded on, in the panel's order: topics by code, then
     * rank within the topic (unranked last), then number.
     */
    private List<PanelOutcome> outcomes(long panelId) {
        record Row(Integer rank, Integer votesFor, Integer against, Integer abstentions, Integer endorsements,
                   boolean recommended, String note) {
        }
        Map<Long, Row> concluded = new java.util.HashMap<>();
        jdbc.sql("""
                        select proposal_id, rank_in_topic, votes_for, votes_against, abstentions, endorsements,
                               recommended, note
                        from app.panel_result where panel_id = ?""")
                .param(panelId)
                .query(rs -> {
                    concluded.put(rs.getLong(1), new Row(integer(rs, 2), integer(rs, 3), integer(rs, 4), integer(rs, 5),
                            integer(rs, 6), rs.getBoolean(7), rs.getString(8)));
                });
        java.util.Set<Long> ids = new java.util.HashSet<>(concluded.keySet());
        ids.addAll(jdbc.sql("select proposal_id from app.panel_vote where panel_id = ?").param(panelId)
                .query(Long.class).list());
        Map<Long, ProposalLine> lines = proposalLines(proposals.byIds(ids).values());
        return lines.values().stream()
                .map(proposal -> {
                    Row r = concluded.get(proposal.id());
                    return r == null ? new PanelOutcome(proposal, null, null, null, null, null, null, null)
                            : new PanelOutcome(proposal, r.rank(), r.votesFor(), r.against(), r.abstentions(),
                            r.endorsements(), r.recommended(), r.note());
                })
                .sorted(Comparator.comparing(PanelOutcome::proposal, BY_TOPIC)
                        .thenComparing(PanelOutcome::rankInTopic, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(outcome -> outcome.proposal().number()))
                .toList();
    }

    private List<Vote> votes(long panelId) {
        return jdbc.sql("""
                        select proposal_id, expert, vote, endorsed, comment_text
                        from app.panel_vote where panel_id = ?""")
                .param(panelId)
                .query((rs, i) -> new Vote(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5)))
                .list();
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
