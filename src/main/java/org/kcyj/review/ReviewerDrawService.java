package org.kcyj.review;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.workflow.OpenTask;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.review.draw.Assignment;
import org.kcyj.review.draw.ConflictRules;
import org.kcyj.review.draw.DrawResult;
import org.kcyj.review.draw.Pick;
import org.kcyj.review.draw.ProposalToReview;
import org.kcyj.review.draw.ReviewerDraw;
import org.kcyj.review.draw.Shortfall;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The call-wide reviewer draw: one action previews a seeded draw for every proposal waiting for
 * reviewers (the seed is recorded, so the same seed gives the same draw), a re-draw takes a new seed,
 * and applying it invites the drawn experts proposal by proposal in the background, with progress.
 */
@Service
public class ReviewerDrawService {
    private static final Logger log = LoggerFactory.getLogger(ReviewerDrawService.class);

    /** A stored draw: its rules, its result and how far applying it has come. */
    public record Draw(long id, long callId, long seed, int perProposal, int maxPerExpert, int minInternational,
                       String status, int proposalCount, int appliedCount, String createdBy, Instant createdAt,
                       Instant finishedAt, List<Row> rows) {
        public boolean running() {
            return "APPLYING".equals(status);
        }
    }

    /** One proposal in a draw: the experts drawn (with why) and any shortfall explained. */
    public record Row(String number, String title, String disciplineCode, List<Drawn> experts, String shortfall) {
    }

    public record Drawn(String username, String name, boolean international, String reason) {
    }

    private final JdbcClient jdbc;
    private final ProposalRecords proposals;
    private final org.kcyj.call.CallLookup callLookup;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final ConflictCheck conflicts;
    private final ExpertPool pool;
    private final InvitationStore invitations;
    private final ReviewService reviews;
    private final Workflow workflow;
    private final AuditLog audit;
    private final ObjectMapper json;
    /** Draws are applied one at a time, off the request thread. */
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> new Thread(r, "reviewer-draw"));
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom seeds = new SecureRandom();

    ReviewerDrawService(JdbcClient jdbc, ProposalRecords proposals, org.kcyj.call.CallLookup callLookup, CallService calls, ProgrammeParameters parameters,
                        ConflictCheck conflicts, ExpertPool pool, InvitationStore invitations, ReviewService reviews,
                        Workflow workflow, AuditLog audit, ObjectMapper json,
                        TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.proposals = proposals;
        this.callLookup = callLookup;
        this.calls = calls;
        this.parameters = parameters;
        this.conflicts = conflicts;
        this.pool = pool;
        this.invitations = invitations;
        this.reviews = reviews;
        this.workflow = workflow;
        this.audit = audit;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Proposals of the call that passed the formal check and have no reviewers yet. */
    public List<Proposal> waiting(long callId) {
        return proposals.ofCall(callId, ProposalStatus.UNDER_REVIEW).stream()
                .filter(p -> !invitations.hasAny(p.id())).toList();
    }

    /**
     * Draws for every waiting proposal and keeps the result as a preview; nothing is sent yet. Draws, like every
     * manager act of the review, are for the managers covering the call's programme (404 for others, see
     * {@link org.kcyj.identity.ProgrammeScope}).
     */
    @Transactional
    public Draw preview(UserAccount manager, long callId, Long seed) {
        ProgrammeCall call = calls.requireManagerOf(manager, callId);
        lockCall(callId);
        List<Proposal> waiting = waiting(callId);
        if (waiting.isEmpty()) {
            throw DomainException.conflict("error.draw-nothing-waiting");
        }
        ReviewRules rules = ReviewRules.of(parameters, call.programmeId());
        long used = seed != null ? seed : seeds.nextLong();
        List<ProposalToReview> targets = waiting.stream().map(conflicts::proposal).toList();
        DrawResult result = new ReviewerDraw(new ConflictRules(), conflicts.waivers(callId)).draw(targets,
                conflicts.experts(callId), rules.drawRules(), used, rules.conflictPolicy(), today(),
                invitations.loads(proposals.ofCall(callId).stream().map(Proposal::id).toList()));
        Instant now = Instant.now(clock);
        jdbc.sql("update app.review_draw set status = 'SUPERSEDED' where call_id = ? and status = 'PREVIEW'")
                .param(callId).update();
        jdbc.sql("""
                        insert into app.review_draw (call_id, seed, experts_per_proposal, max_per_expert, min_international,
                                                     result_json, status, proposal_count, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, 'PREVIEW', ?, ?, ?)""")
                .params(callId, used, rules.perProposal(), rules.maxPerExpert(), rules.minInternational(), write(result),
                        waiting.size(), manager.username(), Timestamp.from(now)).update();
        long id = jdbc.sql("select max(id) from app.review_draw where call_id = ?").param(callId).query(Long.class).single();
        audit.record(manager.username(), "REVIEWER_DRAW_PREVIEWED", "CALL-" + callId, null, "PREVIEW",
                "种子 " + used + "，" + waiting.size() + " 个项目，" + result.shortfalls().size() + " 个专家不足");
        return get(manager, id);
    }

    /**
     * Starts inviting the previewed draw's experts. Refused when the preview is not the call's latest or
     * the proposals waiting changed since. Each proposal is done in its own transaction; progress is kept.
     */
    public Draw apply(UserAccount manager, long drawId) {
        requireManager(manager);
        Draw draw = transactions.execute(tx -> {
            Draw d = get(manager, drawId);
            calls.requireManagerOf(manager, d.callId());
            lockCall(d.callId());
            List<String> now = waiting(d.callId()).stream().map(Proposal::number).toList();
            List<String> drawn = d.rows().stream().map(Row::number).toList();
            if (!"PREVIEW".equals(d.status()) || !now.equals(drawn)) {
                throw DomainException.conflict("error.draw-stale");
            }
            if (jdbc.sql("update app.review_draw set status = 'APPLYING', applied_at = ? where id = ? and status = 'PREVIEW'")
                    .params(Timestamp.from(Instant.now(clock)), drawId).update() != 1) {
                throw DomainException.conflict("error.draw-stale");
            }
            audit.record(manager.username(), "REVIEWER_DRAW_APPLIED", "CALL-" + d.callId(), "PREVIEW", "APPLYING",
                    "种子 " + d.seed());
            return d;
        });
        executor.execute(() -> run(manager, draw));
        return get(manager, drawId);
    }

    private void run(UserAccount manager, Draw draw) {
        try {
            DrawResult result = read(draw.id());
            for (Assignment assignment : result.assignments()) {
                try {
                    transactions.executeWithoutResult(tx -> invite(manager, draw, assignment));
                } catch (RuntimeException e) {
                    log.warn("Draw {}: inviting reviewers for {} failed", draw.id(), assignment.proposalNumber(), e);
                    transactions.executeWithoutResult(tx -> audit.record("system", "REVIEWER_DRAW_FAILED",
                            assignment.proposalNumber(), null, null, "抽取结果 " + draw.id() + " 未能发出邀请，可重新抽取"));
                }
            }
        } finally {
            // whatever happened, the draw ends: proposals left without reviewers can be drawn again
            transactions.executeWithoutResult(tx -> jdbc.sql(
                            "update app.review_draw set status = 'APPLIED', finished_at = ? where id = ?")
                    .params(Timestamp.from(Instant.now(clock)), draw.id()).update());
        }
    }

    /** One draw at a time per call: previews and applications of the same call wait for each other. */
    private void lockCall(long callId) {
        callLookup.lock(callId);
        if (jdbc.sql("select count(*) from app.review_draw where call_id = ? and status = 'APPLYING'").param(callId)
                .query(Integer.class).single() > 0) {
            throw DomainException.conflict("error.draw-running");
        }
    }

    private void invite(UserAccount manager, Draw draw, Assignment assignment) {
        Optional<Proposal> proposal = proposals.byNumber(assignment.proposalNumber());
        Optional<OpenTask> task = proposal.flatMap(p -> workflow.findOpenTask(p.number(),
                PeerReviewProcess.TASK_ASSIGN_REVIEWERS, manager));
        if (task.isPresent() && !invitations.hasAny(proposal.get().id())) {
            reviews.assign(proposal.get(), assignment.picks().stream()
                    .map(p -> Map.entry(p.expertId(), "抽取（种子 " + draw.seed() + "）：" + p.reason())).toList(),
                    draw.id(), manager.username());
            workflow.complete(task.get(), Map.of(PeerReviewProcess.VAR_SLOTS, ReviewService.slots(draw.perProposal())));
            audit.record(manager.username(), "REVIEWERS_DRAWN", proposal.get().number(), null, null,
                    assignment.picks().size() + " 名专家（抽取 " + draw.id() + "）");
        }
        jdbc.sql("update app.review_draw set applied_count = applied_count + 1 where id = ?").param(draw.id()).update();
    }

    public Draw get(UserAccount manager, long drawId) {
        requireStaff(manager);
        return jdbc.sql("""
                        select id, call_id, seed, experts_per_proposal, max_per_expert, min_international, status,
                               proposal_count, applied_count, created_by, created_at, finished_at
                        from app.review_draw where id = ?""")
                .param(drawId)
                .query((rs, i) -> new Draw(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getString(10),
                        rs.getTimestamp(11).toInstant(), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant(),
                        List.of()))
                .optional().filter(d -> calls.staffReads(manager, d.callId())).map(d -> withRows(d))
                .orElseThrow(DomainException::notFound);
    }

    /** The call's latest draw, if any. */
    public Optional<Draw> latest(UserAccount manager, long callId) {
        requireStaff(manager);
        if (!calls.staffReads(manager, callId)) {
            throw DomainException.notFound();
        }
        return jdbc.sql("select max(id) from app.review_draw where call_id = ?").param(callId).query(Long.class)
                .optional().map(id -> get(manager, id));
    }

    private Draw withRows(Draw d) {
        DrawResult result = read(d.id());
        Map<String, ExpertPool.ExpertProfile> experts = new java.util.HashMap<>();
        pool.all().forEach(e -> experts.put(e.username(), e));
        Map<String, String> titles = new java.util.HashMap<>();
        proposals.ofCall(d.callId()).forEach(p -> titles.put(p.number(), p.title()));
        List<Row> rows = new ArrayList<>();
        for (Assignment a : result.assignments()) {
            String title = titles.getOrDefault(a.proposalNumber(), "");
            List<Drawn> drawn = a.picks().stream().map((Pick p) -> new Drawn(p.expertId(),
                    Optional.ofNullable(experts.get(p.expertId())).map(ExpertPool.ExpertProfile::name).orElse(p.expertId()),
                    p.international(), p.reason())).toList();
            rows.add(new Row(a.proposalNumber(), title, a.disciplineCode(), drawn,
                    result.shortfall(a.proposalNumber()).map(Shortfall::explanation).orElse(null)));
        }
        return new Draw(d.id(), d.callId(), d.seed(), d.perProposal(), d.maxPerExpert(), d.minInternational(),
                d.status(), d.proposalCount(), d.appliedCount(), d.createdBy(), d.createdAt(), d.finishedAt(), rows);
    }

    private DrawResult read(long drawId) {
        String stored = jdbc.sql("select result_json from app.review_draw where id = ?").param(drawId)
                .query(String.class).single();
        try {
            return json.readValue(stored, DrawResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored draw is not readable", e);
        }
    }

    private String write(DrawResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Draw cannot be written", e);
        }
    }

    /**
     * A draw interrupted by a restart ends as applied at start-up: its proposals still waiting for reviewers
     * are simply drawn again (inviting is per proposal and never twice).
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void endInterruptedDraws() {
        int ended = jdbc.sql("update app.review_draw set status = 'APPLIED', finished_at = ? where status = 'APPLYING'")
                .param(Timestamp.from(Instant.now(clock))).update();
        if (ended > 0) {
            log.warn("{} reviewer draw(s) interrupted by a restart were ended; draw the waiting proposals again", ended);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdown();
    }

    private static void requireManager(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
    }

    private static void requireStaff(UserAccount user) {
        if (!org.kcyj.proposal.ProposalAccess.isStaff(user)) {
            throw DomainException.forbidden();
        }
    }

    private LocalDate today() {
        return BusinessTime.zoned(Instant.now(clock)).toLocalDate();
    }
}
