package org.kcyj.review;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.identity.UserDirectory;
import org.kcyj.mail.Mailer;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.review.draw.ConflictRules;
import org.kcyj.review.draw.Expert;
import org.kcyj.review.draw.ProposalToReview;
import org.kcyj.review.draw.Waivers;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.workflow.Workflow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The panel (会评/答辩) of a call: an odd number of experts with at least one finance expert, drawn at
 * random (seed recorded) from those free of conflicts with every proposal on the list; a session with the
 * ranked list; each member's vote per proposal; a non-consensus proposal (most written reviews said
 * 不予资助) counts only when enough members sign for it; the final ranked recommendation.
 */
@Service
public class PanelService {
    public static final String KEY = "Process_ReviewPanel";
    public static final String TASK_VOTE = "Task_CastPanelVotes";
    public static final String FORM_VOTE = "Form_CastPanelVotes";
    /** The panel's process variables: its id and the members, one vote task each. */
    public static final String VAR_PANEL_ID = "panelId";
    public static final String VAR_MEMBERS = "members";

    public record Member(String username, String name, String unitName, boolean finance, Instant votedAt) {
    }

    public record Outcome(String number, String title, String topic, Integer rankInTopic, int votesFor,
                          int votesAgainst, int abstentions, int endorsements, boolean recommended, String note) {
    }

    public record Panel(long id, long callId, long seed, String status, Instant createdAt, Instant concludedAt,
                        List<Member> members, List<ReviewService.Ranked> session, List<Outcome> outcomes) {
        public String businessKey() {
            return businessKey(id);
        }

        static String businessKey(long id) {
            return "PANEL-" + id;
        }
    }

    private final JdbcClient jdbc;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final ProposalRecords proposals;
    private final org.kcyj.call.CallLookup callLookup;
    private final ReviewService reviews;
    private final ConflictCheck conflicts;
    private final ExpertPool pool;
    private final UserDirectory users;
    private final Mailer mailer;
    private final Workflow workflow;
    private final FormValidator forms;
    private final AuditLog audit;
    private final org.kcyj.document.DocumentService documents;
    private final ReviewDocuments reviewDocuments;
    private final Clock clock;

    PanelService(JdbcClient jdbc, CallService calls, ProgrammeParameters parameters, ProposalRecords proposals,
                 org.kcyj.call.CallLookup callLookup,
                 ReviewService reviews, ConflictCheck conflicts, ExpertPool pool, UserDirectory users, Mailer mailer,
                 Workflow workflow, FormValidator forms, AuditLog audit, org.kcyj.document.DocumentService documents,
                 ReviewDocuments reviewDocuments, Clock clock) {
        this.reviewDocuments = reviewDocuments;
        this.jdbc = jdbc;
        this.calls = calls;
        this.parameters = parameters;
        this.proposals = proposals;
        this.callLookup = callLookup;
        this.reviews = reviews;
        this.conflicts = conflicts;
        this.pool = pool;
        this.users = users;
        this.mailer = mailer;
        this.workflow = workflow;
        this.forms = forms;
        this.audit = audit;
        this.documents = documents;
        this.clock = clock;
    }

    /**
     * Draws the panel and opens the session; refused while proposals of the call are still in written review. Only
     * a manager covering the call's programme convenes it (404 for others, see {@link org.kcyj.identity.ProgrammeScope}).
     */
    @Transactional
    public Panel convene(UserAccount manager, long callId, Long seed) {
        calls.requireManagerOf(manager, callId);
        ReviewRules rules = ReviewRules.of(parameters, calls.get(callId).programmeId());
        // One convening at a time per call: two clicks must not open two panels.
        callLookup.lock(callId);
        if (jdbc.sql("select count(*) from app.review_panel where call_id = ? and status = 'OPEN'").param(callId)
                .query(Integer.class).single() > 0) {
            throw DomainException.conflict("error.panel-open");
        }
        int inReview = proposals.ofCall(callId, ProposalStatus.UNDER_REVIEW).size();
        List<Proposal> listed = waitingForPanel(callId);
        if (inReview > 0 || listed.isEmpty()) {
            throw DomainException.conflict("error.panel-not-ready", inReview);
        }
        long used = seed != null ? seed : new java.security.SecureRandom().nextLong();
        List<String> members = draw(callId, listed, rules, used);
        Instant now = Instant.now(clock);
        jdbc.sql("insert into app.review_panel (call_id, seed, status, created_by, created_at) values (?, ?, 'OPEN', ?, ?)")
                .params(callId, used, manager.username(), Timestamp.from(now)).update();
        long id = jdbc.sql("select max(id) from app.review_panel where call_id = ?").param(callId).query(Long.class).single();
        Map<String, ExpertPool.ExpertProfile> profiles = profiles();
        for (Proposal proposal : listed) {
            jdbc.sql("insert into app.panel_proposal (panel_id, proposal_id) values (?, ?)").params(id, proposal.id()).update();
        }
        for (String member : members) {
            jdbc.sql("insert into app.panel_member (panel_id, expert, finance) values (?, ?, ?)")
                    .params(id, member, profiles.get(member).finance()).update();
            UserAccount account = users.require(member);
            mailer.queue("panel-" + id + "-" + member, account.email(), "【会评邀请】" + calls.get(callId).title(),
                    account.displayName() + " 专家：您好！\n\n您已被抽取为本批次项目会评专家，请登录系统查看排序名单并逐项表决：\n"
                            + documents.publicUrl("/portal/inbox"));
        }
        audit.record(manager.username(), "PANEL_CONVENED", "CALL-" + callId, null, "OPEN",
                "种子 " + used + "，" + members.size() + " 名专家，" + listed.size() + " 个项目");
        workflow.start(KEY, Panel.businessKey(id), Map.of(VAR_PANEL_ID, id, VAR_MEMBERS, new ArrayList<>(members)));
        return get(manager, id);
    }

    private List<String> draw(long callId, List<Proposal> listed, ReviewRules rules, long seed) {
        ConflictRules conflictRules = new ConflictRules();
        Waivers waivers = conflicts.waivers(callId);
        List<ProposalToReview> targets = listed.stream().map(conflicts::proposal).toList();
        Map<String, ExpertPool.ExpertProfile> profiles = profiles();
        LocalDate today = BusinessTime.zoned(Instant.now(clock)).toLocalDate();
        List<Expert> eligible = new ArrayList<>(conflicts.experts(callId).stream()
                .filter(Expert::available)
                .filter(e -> targets.stream().allMatch(t -> conflictRules.conflicts(e, t.application(),
                        rules.conflictPolicy(), today).stream().allMatch(c -> waivers.waived(e.id(), t.proposalNumber(), c.rule()))))
                .sorted(Comparator.comparing(Expert::id)).toList());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = eligible.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Expert t = eligible.get(i);
            eligible.set(i, eligible.get(j));
            eligible.set(j, t);
        }
        int size = rules.panelSize() % 2 == 1 ? rules.panelSize() : rules.panelSize() + 1;
        List<String> members = new ArrayList<>();
        eligible.stream().filter(e -> profiles.get(e.id()).finance()).findFirst().ifPresent(e -> members.add(e.id()));
        long finance = eligible.stream().filter(e -> profiles.get(e.id()).finance()).count();
        if (members.isEmpty() || eligible.size() < size) {
            throw DomainException.conflict("error.panel-pool", size, eligible.size(), finance);
        }
        eligible.stream().map(Expert::id).filter(id -> !members.contains(id)).limit(size - 1L).forEach(members::add);
        return members;
    }

    /** The call's proposals whose review waits for a panel now and that no panel has taken yet. */
    private List<Proposal> waitingForPanel(long callId) {
        List<Proposal> reviewed = proposals.ofCall(callId, ProposalStatus.REVIEWED);
        if (reviewed.isEmpty()) {
            return reviewed;
        }
        Set<Long> ready = new HashSet<>(jdbc.sql("""
                        select r.proposal_id from app.review_result r where r.proposal_id in (:proposals)
                          and not exists (select 1 from app.panel_proposal pp where pp.proposal_id = r.proposal_id)""")
                .param("proposals", reviewed.stream().map(Proposal::id).toList()).query(Long.class).list());
        return reviewed.stream().filter(p -> ready.contains(p.id()))
                .filter(p -> workflow.waitsFor(PeerReviewProcess.MESSAGE_PANEL_CONCLUDED, p.number())).toList();
    }

    /** What a member's ballot starts with: one row per proposal of the session, in ranked order. */
    public Map<String, Object> ballot(UserAccount member, long panelId) {
        Panel panel = get(member, panelId);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReviewService.Ranked r : panel.session()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", r.number());
            rows.add(row);
        }
        return Map.of("votes", rows);
    }

    /** One member's votes on every proposal of the session, in one act. */
    @Transactional
    public void vote(UserAccount member, long panelId, Map<String, ?> input) {
        Panel panel = get(member, panelId);
        if (!"OPEN".equals(panel.status())) {
            throw DomainException.conflict("error.stage");
        }
        OpenTask task = workflow.openTask(panel.businessKey(), TASK_VOTE, member);
        SubmittedForm form = forms.validate(FORM_VOTE, input, Map.of());
        Set<String> listed = new HashSet<>(panel.session().stream().map(ReviewService.Ranked::number).toList());
        Map<String, SubmittedForm> votes = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        List<SubmittedForm> rows = form.rows("votes");
        for (int i = 0; i < rows.size(); i++) {
            String number = rows.get(i).text("number");
            if (number == null) {
                continue;
            }
            if (!listed.contains(number) || votes.put(number, rows.get(i)) != null) {
                problems.add(new FieldProblem("votes[" + i + "].number", "validation.panel-proposal", number));
            }
        }
        if (problems.isEmpty() && !votes.keySet().equals(listed)) {
            problems.add(new FieldProblem("votes", "validation.panel-every-proposal"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = Instant.now(clock);
        Map<String, Long> ids = idsByNumber(panel.callId());
        for (Map.Entry<String, SubmittedForm> vote : votes.entrySet()) {
            long proposalId = ids.get(vote.getKey());
            jdbc.sql("""
                            insert into app.panel_vote (panel_id, proposal_id, expert, vote, endorsed, comment_text, voted_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(panelId, proposalId, member.username(), vote.getValue().text("vote"),
                            "YES".equals(vote.getValue().text("endorse")), form.text("comment"), Timestamp.from(now))
                    .update();
        }
        jdbc.sql("update app.panel_member set voted_at = ? where panel_id = ? and expert = ?")
                .params(Timestamp.from(now), panelId, member.username()).update();
        audit.record(member.username(), "PANEL_VOTES_CAST", "CALL-" + panel.callId(), null, null,
                "会评 " + panelId + "，" + votes.size() + " 个项目");
        workflow.complete(task, Map.of());
    }

    /**
     * Task_ConcludePanel: tallies the votes; a proposal is recommended when more members voted for than
     * against, and — if most written reviews said 不予资助 — enough members signed for it. Recommended
     * proposals rank first within their topic (votes for, then score). Every listed proposal's review ends.
     */
    @Transactional
    public void conclude(long panelId) {
        long callId = jdbc.sql("select call_id from app.review_panel where id = ?").param(panelId).query(Long.class).single();
        ReviewRules rules = ReviewRules.of(parameters, calls.get(callId).programmeId());
        record Tally(ReviewService.Ranked ranked, int votesFor, int against, int abstain, int endorsements,
                     boolean recommended, String note) {
        }
        List<Tally> tallies = new ArrayList<>();
        Map<String, Long> ids = idsByNumber(callId);
        for (ReviewService.Ranked r : session(panelId, callId)) {
            long proposalId = ids.get(r.number());
            Map<String, Integer> counts = new HashMap<>();
            jdbc.sql("select vote, count(*) from app.panel_vote where panel_id = ? and proposal_id = ? group by vote")
                    .params(panelId, proposalId).query(rs -> {
                        counts.put(rs.getString(1), rs.getInt(2));
                    });
            int endorsements = jdbc.sql("select count(*) from app.panel_vote where panel_id = ? and proposal_id = ? and endorsed = true")
                    .params(panelId, proposalId).query(Integer.class).single();
            int votesFor = counts.getOrDefault("FOR", 0);
            int against = counts.getOrDefault("AGAINST", 0);
            boolean nonConsensus = r.result().rejectMajority();
            boolean admitted = !nonConsensus || endorsements >= rules.panelEndorsements();
            boolean recommended = admitted && votesFor > against;
            String note = nonConsensus ? (admitted ? "非共识项目，" + endorsements + " 名专家签名推荐" : "非共识项目，签名不足 "
                    + rules.panelEndorsements() + " 人") : null;
            tallies.add(new Tally(r, votesFor, against, counts.getOrDefault("ABSTAIN", 0), endorsements, recommended, note));
        }
        Map<String, List<Tally>> byTopic = new LinkedHashMap<>();
        tallies.forEach(t -> byTopic.computeIfAbsent(t.ranked().topic(), k -> new ArrayList<>()).add(t));
        for (List<Tally> topic : byTopic.values()) {
            List<Tally> recommended = topic.stream().filter(Tally::recommended)
                    .sorted(Comparator.comparingInt(Tally::votesFor).reversed()
                            .thenComparing(t -> t.ranked().result().meanScore(), Comparator.reverseOrder())
                            .thenComparing(t -> t.ranked().number())).toList();
            for (Tally t : topic) {
                int index = recommended.indexOf(t);
                long proposalId = ids.get(t.ranked().number());
                jdbc.sql("""
                                insert into app.panel_result (panel_id, proposal_id, rank_in_topic, votes_for, votes_against,
                                                              abstentions, endorsements, recommended, note)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(panelId, proposalId, index < 0 ? null : index + 1, t.votesFor(), t.against(), t.abstain(),
                                t.endorsements(), t.recommended(), t.note()).update();
            }
        }
        jdbc.sql("update app.review_panel set status = 'CONCLUDED', concluded_at = ? where id = ?")
                .params(Timestamp.from(Instant.now(clock)), panelId).update();
        reviewDocuments.resultSummary(callId);
        reviewDocuments.panelRecord(panelId);
        audit.record("system", "PANEL_CONCLUDED", "CALL-" + callId, "OPEN", "CONCLUDED",
                tallies.stream().filter(Tally::recommended).count() + " 个项目推荐立项");
        for (Tally t : tallies) {
            if (workflow.waitsFor(PeerReviewProcess.MESSAGE_PANEL_CONCLUDED, t.ranked().number())) {
                workflow.correlate(PeerReviewProcess.MESSAGE_PANEL_CONCLUDED, t.ranked().number());
            }
        }
    }

    /** The session's list, fixed when the panel was convened, in ranked order within topics. */
    private List<ReviewService.Ranked> session(long panelId, long callId) {
        Set<Long> listed = new HashSet<>(jdbc.sql("select proposal_id from app.panel_proposal where panel_id = ?")
                .param(panelId).query(Long.class).list());
        Map<String, Long> ids = idsByNumber(callId);
        return reviews.ranking(callId).stream().filter(r -> listed.contains(ids.get(r.number()))).toList();
    }

    /** The call's proposals' ids by number, read at once. */
    private Map<String, Long> idsByNumber(long callId) {
        Map<String, Long> ids = new HashMap<>();
        proposals.ofCall(callId).forEach(p -> ids.put(p.number(), p.id()));
        return ids;
    }

    /**
     * A panel for programme staff (a scoped manager: of the call's programme) and for its members; 404 for anyone
     * else.
     */
    public Panel get(UserAccount user, long panelId) {
        Optional<Panel> found = jdbc.sql("select id, call_id, seed, status, created_at, concluded_at from app.review_panel where id = ?")
                .param(panelId)
                .query((rs, i) -> new Panel(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        List.of(), List.of(), List.of())).optional();
        Panel panel = found.orElseThrow(DomainException::notFound);
        List<Member> members = members(panelId);
        boolean member = members.stream().anyMatch(m -> m.username().equals(user.username()));
        boolean staff = calls.staffReads(user, panel.callId());
        if (!staff && !member) {
            throw DomainException.notFound();
        }
        List<ReviewService.Ranked> list = session(panelId, panel.callId());
        // Members' names are for staff, and not for staff who applied for a proposal on the list themselves.
        Set<String> numbers = new HashSet<>(list.stream().map(ReviewService.Ranked::number).toList());
        boolean ownOnList = proposals.ofCall(panel.callId()).stream()
                .anyMatch(p -> numbers.contains(p.number()) && p.applicant().equals(user.username()));
        return new Panel(panel.id(), panel.callId(), panel.seed(), panel.status(), panel.createdAt(), panel.concludedAt(),
                staff && !ownOnList ? members : List.of(), list, outcomes(panelId));
    }

    /** The call's latest panel, if any. */
    public Optional<Panel> latest(UserAccount user, long callId) {
        return jdbc.sql("select max(id) from app.review_panel where call_id = ?").param(callId).query(Long.class)
                .optional().map(id -> get(user, id));
    }

    private List<Member> members(long panelId) {
        return jdbc.sql("""
                        select m.expert, e.name, e.unit_name, m.finance, m.voted_at from app.panel_member m
                        join app.expert e on e.username = m.expert where m.panel_id = ? order by m.finance desc, m.expert""")
                .param(panelId)
                .query((rs, i) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant())).list();
    }

    private List<Outcome> outcomes(long panelId) {
        record Row(long proposalId, Integer rank, int votesFor, int against, int abstentions, int endorsements,
                   boolean recommended, String note) {
        }
        List<Row> rows = jdbc.sql("""
                        select proposal_id, rank_in_topic, votes_for, votes_against, abstentions, endorsements,
                               recommended, note
                        from app.panel_result where panel_id = ?""")
                .param(panelId)
                .query((rs, i) -> {
                    int rank = rs.getInt(2);
                    return new Row(rs.getLong(1), rs.wasNull() ? null : rank, rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getBoolean(7), rs.getString(8));
                }).list();
        Map<Long, Proposal> listed = proposals.byIds(rows.stream().map(Row::proposalId).toList());
        Map<Long, String> topics = ProposalTopics.labels(calls, listed.values());
        // topic, recommended first, rank within the topic (unranked last), number
        return rows.stream().map(r -> {
                    Proposal p = listed.get(r.proposalId());
                    return new Outcome(p.number(), p.title(), topics.getOrDefault(r.proposalId(), ""), r.rank(),
                            r.votesFor(), r.against(), r.abstentions(), r.endorsements(), r.recommended(), r.note());
                })
                .sorted(Comparator.comparing(Outcome::topic).thenComparing(Outcome::recommended, Comparator.reverseOrder())
                        .thenComparing(Outcome::rankInTopic, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Outcome::number))
                .toList();
    }


    private Map<String, ExpertPool.ExpertProfile> profiles() {
        Map<String, ExpertPool.ExpertProfile> profiles = new HashMap<>();
        pool.all().forEach(e -> profiles.put(e.username(), e));
        return profiles;
    }
}
