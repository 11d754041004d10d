package org.kcyj.review;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalService;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.review.draw.Application;
import org.kcyj.review.draw.Conflict;
import org.kcyj.review.draw.ConflictPolicy;
import org.kcyj.review.draw.ConflictRule;
import org.kcyj.review.draw.ConflictRules;
import org.kcyj.review.draw.ExclusionRequest;
import org.kcyj.review.draw.Expert;
import org.kcyj.review.draw.OwnProposal;
import org.kcyj.review.draw.Person;
import org.kcyj.review.draw.ProposalToReview;
import org.kcyj.review.draw.Waivers;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conflict-of-interest checks between the expert pool and proposals, with their evidence, and the
 * waivers managers record. Feeds the draw ({@link #proposal}, {@link #experts}, {@link #waivers}).
 */
@Component
public class ConflictCheck {

    /** One flagged conflict as managers see it: the rule, its evidence and any waiver. */
    public record Flag(String expert, String expertName, ConflictRule rule, String ruleLabel, String evidence,
                       boolean waived, String waiverReason, String waivedBy) {
    }

    private final ProposalService proposals;
    private final ProposalRecords underReview;
    private final org.kcyj.proposal.ProposalAccess access;
    private final ExpertPool pool;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ConflictRules rules = new ConflictRules();
    private final org.kcyj.call.CallService calls;
    private final org.kcyj.programme.ProgrammeParameters parameters;

    ConflictCheck(ProposalService proposals, ProposalRecords underReview, org.kcyj.proposal.ProposalAccess access, ExpertPool pool, JdbcClient jdbc,
                  AuditLog audit, Clock clock, org.kcyj.call.CallService calls,
                  org.kcyj.programme.ProgrammeParameters parameters) {
        this.calls = calls;
        this.parameters = parameters;
        this.proposals = proposals;
        this.underReview = underReview;
        this.access = access;
        this.pool = pool;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the draw knows of a proposal: number, discipline code and the facts conflicts are found from. */
    ProposalToReview proposal(Proposal p) {
        ProposalService.ConflictFacts facts = proposals.conflictFacts(p);
        SubmittedForm form = facts.application();
        String discipline = Objects.requireNonNullElse(form.text("disciplineCode"), "");
        List<String> partners = form.rows("partners").stream().map(r -> r.text("creditCode")).filter(Objects::nonNull).toList();
        List<String> team = form.rows("team").stream().map(r -> r.text("name")).filter(Objects::nonNull).toList();
        List<ExclusionRequest> exclusions = form.rows("exclusions").stream()
                .filter(r -> r.text("expertName") != null)
                .map(r -> new ExclusionRequest(r.text("expertName"), r.text("reason"))).toList();
        String piName = Objects.requireNonNullElse(form.text("piName"), Objects.requireNonNullElse(p.piName(), ""));
        String lead = Objects.requireNonNullElse(facts.leadUnitCreditCode(), "");
        Application application = new Application(p.number(), String.valueOf(p.callId()), lead, partners,
                new Person(piName, lead), team, exclusions);
        return new ProposalToReview(p.number(), discipline, application);
    }

    /**
     * The pool as the draw sees it: each expert's own proposals in this call are those they applied for
     * themselves or lead as PI (by name).
     */
    List<Expert> experts(long callId) {
        List<Proposal> own = underReview.submittedInCall(callId);
        return pool.all().stream().map(e -> new Expert(e.username(), e.name(), e.unitCreditCode(), e.disciplineCodes(),
                e.international(), e.languages(), e.relatives(), e.collaborations(),
                own.stream().filter(o -> o.applicant().equals(e.username()) || e.name().equals(o.piName()))
                        .map(o -> new OwnProposal(o.number(), String.valueOf(callId))).toList(),
                e.available())).toList();
    }

    /** The waivers recorded for the proposals of a call. */
    Waivers waivers(long callId) {
        Map<Long, String> numbers = new HashMap<>();
        underReview.ofCall(callId).forEach(p -> numbers.put(p.id(), p.number()));
        Set<String> waived = new HashSet<>();
        if (!numbers.isEmpty()) {
            jdbc.sql("select expert, proposal_id, rule_code from app.conflict_waiver where proposal_id in (:proposals)")
                    .param("proposals", List.copyOf(numbers.keySet()))
                    .query(rs -> {
                        waived.add(rs.getString(1) + "|" + numbers.get(rs.getLong(2)) + "|" + rs.getString(3));
                    });
        }
        return (expert, number, rule) -> waived.contains(expert + "|" + number + "|" + rule.name());
    }

    /** Unwaived conflicts of one expert with one proposal (empty: the expert may review it). */
    List<Conflict> blocking(Proposal p, String expert, ConflictPolicy policy) {
        Waivers waivers = waivers(p.callId());
        return experts(p.callId()).stream().filter(e -> e.id().equals(expert)).findFirst()
                .map(e -> rules.conflicts(e, proposal(p).application(), policy, today()))
                .orElse(List.of()).stream()
                .filter(c -> !waivers.waived(expert, p.number(), c.rule())).toList();
    }

    /** Every conflict between the pool and the proposal under its programme's conflict rules, for managers. */
    public List<Flag> flags(Proposal p) {
        return flags(p, policy(p));
    }

    /** Records a manager's waiver of one flagged conflict under the programme's conflict rules (see below). */
    @Transactional
    public void waive(UserAccount manager, Proposal p, String expert, String rule, String reason) {
        waive(manager, p, expert, rule, reason, policy(p));
    }

    private ConflictPolicy policy(Proposal p) {
        return ReviewRules.of(parameters, calls.get(p.callId()).programmeId()).conflictPolicy();
    }

    /** Every conflict between the pool and the proposal, with evidence and waivers, for managers. */
    List<Flag> flags(Proposal p, ConflictPolicy policy) {
        ProposalToReview target = proposal(p);
        List<Flag> flags = new ArrayList<>();
        record Waiver(String expert, String rule, String reason, String by) {
        }
        List<Waiver> waivers = jdbc.sql("select expert, rule_code, reason, waived_by from app.conflict_waiver where proposal_id = ?")
                .param(p.id()).query((rs, i) -> new Waiver(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        for (Expert e : experts(p.callId())) {
            for (Conflict c : rules.conflicts(e, target.application(), policy, today())) {
                Waiver w = waivers.stream().filter(x -> x.expert().equals(e.id()) && x.rule().equals(c.rule().name()))
                        .findFirst().orElse(null);
                flags.add(new Flag(e.id(), e.name(), c.rule(), c.rule().label(), c.evidence(), w != null,
                        w == null ? null : w.reason(), w == null ? null : w.by()));
            }
        }
        return flags;
    }

    /**
     * Records a manager's waiver of one flagged conflict, with the reason; audited. Only a manager covering the
     * proposal's programme waives (404 for others, see {@link org.kcyj.identity.ProgrammeScope}).
     */
    @Transactional
    void waive(UserAccount manager, Proposal p, String expert, String rule, String reason, ConflictPolicy policy) {
        if (!manager.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
        access.requireManagerCovers(manager, p);
        if (p.applicant().equals(manager.username())) {
            throw DomainException.conflictOfInterest();
        }
        if (reason == null || reason.strip().length() < 5) {
            throw DomainException.invalid("reason", "validation.reason-required");
        }
        Flag flag = flags(p, policy).stream().filter(f -> f.expert().equals(expert) && f.rule().name().equals(rule))
                .findFirst().orElseThrow(() -> DomainException.invalid("rule", "validation.no-such-conflict"));
        if (flag.waived()) {
            throw DomainException.conflict("error.already-waived");
        }
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        insert into app.conflict_waiver (proposal_id, expert, rule_code, reason, waived_by, waived_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(p.id(), expert, rule, reason.strip(), manager.username(), Timestamp.from(now)).update();
        audit.record(manager.username(), "CONFLICT_WAIVED", p.number(), rule, "WAIVED",
                expert + "：" + flag.evidence() + "；理由：" + reason.strip());
    }

    private LocalDate today() {
        return BusinessTime.zoned(Instant.now(clock)).toLocalDate();
    }

    /**
     * Programme staff who applied for the proposal themselves see its review as an applicant: who reviews it,
     * its conflicts and waivers are hidden (404), acts on its review refused (403).
     */
    public static void requireNotOwn(UserAccount user, Proposal proposal) {
        if (proposal.applicant().equals(user.username())) {
            throw DomainException.notFound();
        }
    }
}
