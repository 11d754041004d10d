package org.kcyj.proposal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.form.SubmittedForm;
import org.kcyj.integrity.IntegrityRecord;
import org.kcyj.integrity.IntegrityRecords;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.check.EligibilityFacts;
import org.kcyj.proposal.check.EligibilityFinding;
import org.kcyj.proposal.check.EligibilityRules;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.proposal.rules.TextSimilarity;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The formal check (形式审查): automatic checks first — eligibility (DMN), integrity veto, duplicate
 * text within the call — then the manager's decision: pass, return once for correction, or reject,
 * always with written reasons for the applicant.
 */
@Service
public class FormalCheckService {
    public static final String STAGE = "FORMAL_CHECK";

    /** One thing the automatic checks found. Severity: VETO, BLOCK (cannot pass) or WARN (manager judges). */
    public record Finding(int round, String kind, String code, String severity, String message, String evidence,
                          Instant createdAt) {
        public boolean blocks() {
            return severity.equals("BLOCK") || severity.equals("VETO");
        }
    }

    private final ProposalRepository proposals;
    private final ProposalService service;
    private final ProposalAccess access;
    private final ProposalSteps steps;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final EligibilityRules eligibility;
    private final IntegrityRecords integrity;
    private final ApplicationContent content;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final org.kcyj.document.DocumentService documents;
    private final String issuer;
    private final Clock clock;

    FormalCheckService(ProposalRepository proposals, ProposalService service, ProposalAccess access,
                       ProposalSteps steps, CallService calls, ProgrammeParameters parameters,
                       EligibilityRules eligibility, IntegrityRecords integrity, ApplicationContent content,
                       MessageSource messages, JdbcClient jdbc, org.kcyj.document.DocumentService documents,
                       @org.springframework.beans.factory.annotation.Value("${kcyj.issuer}") String issuer, Clock clock) {
        this.documents = documents;
        this.issuer = issuer;
        this.proposals = proposals;
        this.service = service;
        this.access = access;
        this.steps = steps;
        this.calls = calls;
        this.parameters = parameters;
        this.eligibility = eligibility;
        this.integrity = integrity;
        this.content = content;
        this.messages = messages;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Runs every automatic check on the submitted version and records what it finds for this round
     * (a corrected version is a new round).
     *
     * @return whether an integrity record vetoes the proposal
     */
    @Transactional
    public boolean runAutomaticChecks(long proposalId) {
        Proposal proposal = proposals.byId(proposalId);
        ProgrammeCall call = calls.get(proposal.callId());
        SubmittedForm form = service.submitted(proposal);
        int round = proposal.submissionCount();
        LocalDate deadlineDay = BusinessTime.zoned(call.applicationDeadline()).toLocalDate();
        LocalDate today = LocalDate.now(clock.withZone(BusinessTime.ZONE));
        jdbc.sql("delete from app.formal_check_finding where proposal_id = ? and check_round = ?")
                .params(proposalId, round).update();

        List<Finding> found = new ArrayList<>();
        found.addAll(eligibilityFindings(proposal, call, form, deadlineDay, round));
        List<IntegrityRecord> bans = integrity.banning(partyCodes(form, proposals.unitFacts(proposal.unitId())), today);
        for (IntegrityRecord record : bans) {
            found.add(new Finding(round, "INTEGRITY", "INTEGRITY_VETO", "VETO",
                    text("formal.integrity-veto", record.partyName()), record.citation(), now()));
        }
        found.addAll(duplicateFindings(proposal, call, form, round));
        for (Finding f : found) {
            jdbc.sql("""
                            insert into app.formal_check_finding
                                (proposal_id, check_round, kind, code, severity, message, evidence, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(proposalId, round, f.kind(), f.code(), f.severity(), f.message(), f.evidence(),
                            Timestamp.from(f.createdAt()))
                    .update();
        }
        return !bans.isEmpty();
    }

    private List<Finding> eligibilityFindings(Proposal proposal, ProgrammeCall call, SubmittedForm form,
                                              LocalDate deadlineDay, int round) {
        long programme = call.programmeId();
        Optional<ResidentIdNumber> pi = ResidentIdNumber.parse(form.text("piIdNumber"), deadlineDay);
        int age = pi.map(id -> id.ageOn(deadlineDay)).orElse(0);
        String gender = pi.map(id -> id.gender().name()).orElse("MALE");
        int youthLimit = parameters.integer(programme, ProgrammeParameters.YOUTH_AGE_LIMIT);
        int youthLimitWomen = parameters.integer(programme, ProgrammeParameters.YOUTH_AGE_LIMIT_WOMEN);
        int active = pi.map(id -> proposals.activeProjectsLedBy(programme, id.value(), proposal.id())).orElse(0);
        int maxActive = parameters.integer(programme, ProgrammeParameters.PI_MAX_ACTIVE_PROJECTS);
        ProposalRepository.UnitFacts unit = proposals.unitFacts(proposal.unitId());
        boolean unitValid = unit.creditCode() != null && CreditCode.parse(unit.creditCode()).isPresent()
                && (unit.validUntil() == null || !unit.validUntil().isBefore(deadlineDay));
        BigDecimal requested = Optional.ofNullable(form.decimal("requestedBudget")).orElse(BigDecimal.ZERO);
        BigDecimal topicMax = service.topicOf(proposal)
                .map(t -> t.maxBudget()).orElse(null);
        EligibilityFacts facts = new EligibilityFacts(call.mode().name(), form.text("track"), age, gender, youthLimit,
                youthLimitWomen, active, maxActive, unitValid, unit.local(),
                parameters.flag(programme, ProgrammeParameters.LEAD_UNIT_LOCAL_REQUIRED), requested, topicMax,
                Boolean.TRUE.equals(form.values().get("integrityPledge")));
        int limit = "FEMALE".equals(gender) ? youthLimitWomen : youthLimit;
        List<Finding> found = new ArrayList<>();
        for (EligibilityFinding f : eligibility.evaluate(facts)) {
            found.add(new Finding(round, "ELIGIBILITY", f.ruleCode(), f.severity(),
                    text("eligibility." + f.ruleCode(), age, limit, active, maxActive, plain(requested), plain(topicMax)),
                    null, now()));
        }
        return found;
    }

    private List<Finding> duplicateFindings(Proposal proposal, ProgrammeCall call, SubmittedForm form, int round) {
        long programme = call.programmeId();
        double threshold = parameters.decimal(programme, ProgrammeParameters.SIMILARITY_THRESHOLD).doubleValue();
        int minPassage = parameters.integer(programme, ProgrammeParameters.SIMILARITY_MIN_PASSAGE);
        TextSimilarity similarity = new TextSimilarity(8, minPassage, 5);
        TextSimilarity.Fingerprint mine = similarity.fingerprint(comparableText(form));
        var topics = service.choices(call.id());
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<String, String> other : proposals.otherSubmittedInCall(call.id(), proposal.id())) {
            TextSimilarity.Match match = similarity.compare(mine,
                    similarity.fingerprint(comparableText(content.fromJson(other.getValue(), topics))));
            if (match.score() >= threshold && !match.passages().isEmpty()) {
                StringBuilder evidence = new StringBuilder();
                match.passages().forEach(p -> evidence.append("「").append(p.text()).append("」\n"));
                found.add(new Finding(round, "DUPLICATE", "TEXT_OVERLAP", "WARN",
                        text("formal.duplicate", other.getKey(), Math.round(match.score() * 100)),
                        evidence.toString().strip(), now()));
            }
        }
        return found;
    }

    /** The prose of an application that a copy would show in: title, summary, plan and indicators. */
    static String comparableText(SubmittedForm form) {
        StringBuilder text = new StringBuilder();
        append(text, form.text("title"));
        append(text, form.text("summary"));
        form.rows("milestones").forEach(m -> append(text, m.text("deliverable")));
        form.rows("indicators").forEach(i -> append(text, i.text("name")));
        return text.toString();
    }

    private static void append(StringBuilder text, String part) {
        if (part != null && !part.isBlank()) {
            text.append(part).append('\n');
        }
    }

    /** Whom an integrity record may concern: the PI, the team, the partner units and the lead unit. */
    private static List<String> partyCodes(SubmittedForm form, ProposalRepository.UnitFacts leadUnit) {
        List<String> codes = new ArrayList<>();
        codes.add(form.text("piIdNumber"));
        form.rows("team").forEach(m -> codes.add(m.text("idNumber")));
        form.rows("partners").forEach(p -> codes.add(p.text("creditCode")));
        codes.add(leadUnit.creditCode());
        return codes;
    }

    /** The findings on the version last submitted (the latest round), for programme staff. */
    public List<Finding> findings(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        if (!access.staffReads(user, proposal)) {
            throw DomainException.notFound();
        }
        return latestFindings(proposal);
    }

    List<Finding> latestFindings(Proposal proposal) {
        return jdbc.sql("""
                        select check_round, kind, code, severity, message, evidence, created_at from app.formal_check_finding
                        where proposal_id = ? and check_round = ?
                        order by id""")
                .params(proposal.id(), proposal.submissionCount())
                .query((rs, i) -> new Finding(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /**
     * The manager's decision. PASS is refused while a blocking finding stands; RETURN is allowed
     * once and gives the applicant N working days; RETURN and REJECT need reasons.
     */
    @Transactional
    public Proposal decide(UserAccount manager, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, ProposalProcess.TASK_FORMAL_CHECK,
                ProposalService.FORM_FORMAL_CHECK, input);
        String outcome = step.form().text("decision");
        ProposalSteps.requireReasonUnless(ProposalProcess.OUTCOME_PASS.equals(outcome), step);
        ProposalStatus next;
        switch (outcome) {
            case ProposalProcess.OUTCOME_PASS -> {
                if (latestFindings(step.proposal()).stream().anyMatch(Finding::blocks)) {
                    throw DomainException.conflict("error.formal-check.blocking");
                }
                next = ProposalStatus.UNDER_REVIEW;
            }
            case ProposalProcess.OUTCOME_RETURN -> {
                if (step.proposal().formalReturns() > 0) {
                    throw DomainException.conflict("error.formal-check.returned-once");
                }
                proposals.setCorrectionDeadline(step.proposalId(), service.correctionDeadline(step.proposal()));
                proposals.countFormalReturn(step.proposalId());
                next = ProposalStatus.CORRECTION;
            }
            default -> next = ProposalStatus.REJECTED;
        }
        steps.decide(step, STAGE, outcome, null, next);
        steps.complete(step, Map.of(ProposalProcess.VAR_FORMAL_CHECK_OUTCOME, outcome));
        return proposals.byId(step.proposalId());
    }

    /** An integrity record vetoes the proposal: recorded with the record cited, no manager step. */
    @Transactional
    public void recordVeto(long proposalId) {
        Proposal proposal = proposals.byId(proposalId);
        // The decision reaches the applicant and the unit: it names whose record vetoes the proposal, never the
        // record itself (misconduct, penalty, basis, period), which stays with programme staff.
        String citations = String.join("\n", latestFindings(proposal).stream()
                .filter(f -> f.severity().equals("VETO")).map(Finding::message).toList());
        proposals.recordDecision(proposalId, STAGE, "VETO", citations, null, "system", now());
        proposals.changeStatus(proposalId, ProposalStatus.VETOED, now());
    }

    /**
     * Issues the formal-check notice (形式审查意见) for the latest decision (or veto); a retried job
     * gets the same document back.
     */
    @Transactional
    public void issueNotice(long proposalId) {
        Proposal proposal = proposals.byId(proposalId);
        List<ProposalRepository.Decision> decisions = proposals.decisions(proposalId).stream()
                .filter(d -> d.stage().equals(STAGE)).toList();
        ProposalRepository.Decision decision = decisions.get(decisions.size() - 1);
        List<Finding> shown = latestFindings(proposal).stream().filter(f -> !f.kind().equals("DUPLICATE"))
                .map(FormalCheckService::forApplicant).toList();
        documents.issue(new org.kcyj.document.DocumentRequest(proposal.number(), org.kcyj.document.DocumentTypes.XSSC,
                issuer, proposal.applicant(),
                FormalCheckNoticeDocument.of(proposal, calls.get(proposal.callId()), decision, shown, issuer),
                "XSSC:" + proposal.number() + ":" + decisions.size()));
    }

    /**
     * A finding as the notice shows it to the applicant and the unit: an integrity finding keeps its message
     * (whose record) but not the record's details, which only programme staff read.
     */
    static Finding forApplicant(Finding f) {
        return f.kind().equals("INTEGRITY")
                ? new Finding(f.round(), f.kind(), f.code(), f.severity(), f.message(),
                        "记录详情由项目主管处室掌握，当事人可向其查询 The record's details are kept by the programme office; the person concerned may ask there",
                        f.createdAt())
                : f;
    }

    private String text(String code, Object... args) {
        return messages.getMessage(code, args, code, Locale.SIMPLIFIED_CHINESE);
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
