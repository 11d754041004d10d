package org.kcyj.proposal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.kcyj.call.CallLookup;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.identity.UnitRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The proposal table and the decisions recorded on it. */
@Repository
class ProposalRepository {
    private static final String SELECT = """
            select p.id, p.number, p.call_id, p.applicant, p.unit_id, p.title, p.summary, p.pi_name,
                   p.requested_budget, p.status, p.submission_count, p.submitted_at, p.created_at, p.correction_deadline,
                   p.topic_id, p.track, p.extended_until, p.formal_returns
            from app.proposal p""";
    private final JdbcClient jdbc;
    /** Units' names and facts, calls' programmes: their owners' facades, never their tables. */
    private final UnitRegistry units;
    private final CallLookup calls;

    ProposalRepository(JdbcClient jdbc, UnitRegistry units, CallLookup calls) {
        this.jdbc = jdbc;
        this.units = units;
        this.calls = calls;
    }

    /** The rows read with their units' names, looked up once for the whole list. */
    private List<Proposal> named(List<Proposal> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, String> names = units.names(rows.stream().map(Proposal::unitId).collect(Collectors.toSet()));
        return rows.stream().map(p -> new Proposal(p.id(), p.number(), p.callId(), p.applicant(), p.unitId(),
                names.get(p.unitId()), p.title(), p.summary(), p.piName(), p.requestedBudget(), p.status(),
                p.submissionCount(), p.submittedAt(), p.createdAt(), p.correctionDeadline(), p.topicId(), p.track(),
                p.extendedUntil(), p.formalReturns())).toList();
    }

    private Optional<Proposal> named(Optional<Proposal> row) {
        return row.map(p -> named(List.of(p)).get(0));
    }

    public record Decision(String stage, String outcome, String comment, BigDecimal amount, String decidedBy,
                           Instant decidedAt) {
    }

    /** A deadline extension a manager granted one applicant, with the reason they gave. */
    public record Extension(Instant until, String reason, String grantedBy, Instant grantedAt) {
    }

    long insert(String number, long callId, String applicant, long unitId, Instant now) {
        jdbc.sql("""
                        insert into app.proposal (number, call_id, applicant, unit_id, status, created_at, updated_at)
                        values (?, ?, ?, ?, 'DRAFT', ?, ?)""")
                .params(number, callId, applicant, unitId, Timestamp.from(now), Timestamp.from(now)).update();
        return jdbc.sql("select id from app.proposal where number = ?").param(number).query(Long.class).single();
    }

    public Optional<Proposal> byNumber(String number) {
        return named(jdbc.sql(SELECT + " where p.number = ?").param(number).query(ProposalRepository::map).optional());
    }

    public Proposal byId(long id) {
        return named(List.of(jdbc.sql(SELECT + " where p.id = ?").param(id).query(ProposalRepository::map).single())).get(0);
    }

    /** The proposals with these ids, newest first (unknown ids are left out). */
    List<Proposal> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return named(jdbc.sql(SELECT + " where p.id in (:ids) order by p.id desc").param("ids", List.copyOf(ids))
                .query(ProposalRepository::map).list());
    }

    /** The call's proposals, by number. */
    List<Proposal> ofCall(long callId) {
        return named(jdbc.sql(SELECT + " where p.call_id = ? order by p.number").param(callId)
                .query(ProposalRepository::map).list());
    }

    /** Locks the proposal's row until the caller's transaction ends. */
    void lock(long id) {
        jdbc.sql("select id from app.proposal where id = ? for update").param(id).query(Long.class).single();
    }

    List<Proposal> byApplicant(String applicant) {
        return named(jdbc.sql(SELECT + " where p.applicant = ? order by p.id desc").param(applicant)
                .query(ProposalRepository::map).list());
    }

    List<Proposal> byUnit(long unitId) {
        return named(jdbc.sql(SELECT + " where p.unit_id = ? and p.submission_count > 0 order by p.id desc").param(unitId)
                .query(ProposalRepository::map).list());
    }

    List<Proposal> allSubmitted() {
        return named(jdbc.sql(SELECT + " where p.submission_count > 0 order by p.id desc").query(ProposalRepository::map).list());
    }

    void saveContent(long id, String title, String summary, String piName, BigDecimal budget, Instant now) {
        jdbc.sql("""
                        update app.proposal set title = ?, summary = ?, pi_name = ?, requested_budget = ?, updated_at = ?
                        where id = ?""")
                .params(title, summary, piName, budget, Timestamp.from(now), id).update();
    }

    /** The working copy of the full application: its key columns and the whole form as JSON. */
    void saveApplication(long id, Long topicId, String title, String summary, String piName, BigDecimal budget,
                         String track, String piIdNumber, String contentJson, Instant now) {
        jdbc.sql("""
                        update app.proposal set topic_id = ?, title = ?, summary = ?, pi_name = ?, requested_budget = ?,
                               track = ?, pi_id_number = ?, content_json = ?, updated_at = ?
                        where id = ?""")
                .params(topicId, title, summary, piName, budget, track, piIdNumber, contentJson, Timestamp.from(now), id)
                .update();
    }

    Optional<String> contentJson(long id) {
        return jdbc.sql("select content_json from app.proposal where id = ?").param(id).query(String.class).optional();
    }

    void insertVersion(long id, int version, String contentJson, String sha256, String by, Instant at) {
        jdbc.sql("""
                        insert into app.proposal_version (proposal_id, version, content_json, sha256, submitted_by, submitted_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, version, contentJson, sha256, by, Timestamp.from(at)).update();
    }

    public record Version(int version, String contentJson, String sha256, String submittedBy, Instant submittedAt) {
    }

    List<Version> versions(long id) {
        return jdbc.sql("""
                        select version, content_json, sha256, submitted_by, submitted_at from app.proposal_version
                        where proposal_id = ? order by version""")
                .param(id)
                .query((rs, i) -> new Version(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    void extend(long id, Instant until, String reason, String by, Instant at) {
        jdbc.sql("""
                        insert into app.deadline_extension (proposal_id, extended_until, reason, granted_by, granted_at)
                        values (?, ?, ?, ?, ?)""")
                .params(id, Timestamp.from(until), reason, by, Timestamp.from(at)).update();
        jdbc.sql("update app.proposal set extended_until = ? where id = ?").params(Timestamp.from(until), id).update();
    }

    void countFormalReturn(long id) {
        jdbc.sql("update app.proposal set formal_returns = formal_returns + 1 where id = ?").param(id).update();
    }

    /** Other submitted proposals of the same call, for the duplicate check: number and the content last submitted. */
    List<Map.Entry<String, String>> otherSubmittedInCall(long callId, long exceptId) {
        return jdbc.sql("""
                        select p.number, v.content_json from app.proposal p
                        join app.proposal_version v on v.proposal_id = p.id and v.version = p.submission_count
                        where p.call_id = ? and p.id <> ? and p.status <> 'WITHDRAWN'
                        order by p.id""")
                .params(callId, exceptId)
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list();
    }

    /** The content as last submitted, which is what everyone but the applicant reads. */
    Optional<String> submittedContentJson(long id) {
        return jdbc.sql("""
                        select v.content_json from app.proposal_version v join app.proposal p on p.id = v.proposal_id
                        where p.id = ? and v.version = p.submission_count""")
                .param(id).query(String.class).optional();
    }

    /**
     * Projects of the programme the person leads that are still running (限项): funded and not closed.
     * A project whose acceptance is overdue stays running until it is closed, so it counts.
     */
    int activeProjectsLedBy(long programmeId, String idNumber, long exceptId) {
        List<Long> callIds = calls.idsOfProgramme(programmeId);
        if (callIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        select count(*) from app.proposal p
                        where p.call_id in (:calls) and p.pi_id_number = :id and p.id <> :except
                          and p.status in ('IN_PUBLICITY', 'FUNDED', 'CONTRACTED', 'ACCEPTANCE_APPLIED')""")
                .param("calls", callIds).param("id", idNumber).param("except", exceptId).query(Integer.class).single();
    }

    /** What eligibility rules read about a unit. */
    public record UnitFacts(String creditCode, boolean local, java.time.LocalDate validUntil) {
    }

    UnitFacts unitFacts(long unitId) {
        UnitRegistry.UnitFacts unit = units.facts(unitId).orElseThrow();
        return new UnitFacts(unit.creditCode(), unit.localRegistered(), unit.validUntil());
    }

    void setCorrectionDeadline(long id, Instant deadline) {
        jdbc.sql("update app.proposal set correction_deadline = ? where id = ?").params(Timestamp.from(deadline), id).update();
    }

    void markSubmitted(long id, Instant now) {
        jdbc.sql("""
                        update app.proposal set status = 'SUBMITTED', submission_count = submission_count + 1,
                               submitted_at = ?, updated_at = ? where id = ?""")
                .params(Timestamp.from(now), Timestamp.from(now), id).update();
    }

    /** Moves the proposal to a new status; returns the one it had. */
    public ProposalStatus changeStatus(long id, ProposalStatus status, Instant now) {
        ProposalStatus before = byId(id).status();
        jdbc.sql("update app.proposal set status = ?, updated_at = ? where id = ?")
                .params(status.name(), Timestamp.from(now), id).update();
        return before;
    }

    public void recordDecision(long proposalId, String stage, String outcome, String comment, BigDecimal amount,
                               String by, Instant at) {
        jdbc.sql("""
                        insert into app.stage_decision (proposal_id, stage, outcome, comment_text, amount, decided_by, decided_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(proposalId, stage, outcome, comment, amount, by, Timestamp.from(at)).update();
    }

    /** The proposal's deadline extensions, oldest first. */
    public List<Extension> extensions(long proposalId) {
        return jdbc.sql("""
                        select extended_until, reason, granted_by, granted_at from app.deadline_extension
                        where proposal_id = ? order by id""")
                .param(proposalId)
                .query((rs, i) -> new Extension(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    public List<Decision> decisions(long proposalId) {
        return jdbc.sql("""
                        select stage, outcome, comment_text, amount, decided_by, decided_at from app.stage_decision
                        where proposal_id = ? order by id""")
                .param(proposalId)
                .query((rs, i) -> new Decision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    public Optional<Decision> lastDecision(long proposalId, String stage) {
        return decisions(proposalId).stream().filter(d -> d.stage().equals(stage)).reduce((a, b) -> b);
    }

    /** The code of the programme of the call (for programme scope); empty for a call that does not exist. */
    public Optional<String> programmeCodeOfCall(long callId) {
        return calls.find(callId).map(ProgrammeCall::programmeCode);
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        Timestamp submitted = rs.getTimestamp(12);
        // the unit's name is filled in by named(...)
        return new Proposal(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                null, rs.getString(6), rs.getString(7), rs.getString(8), rs.getBigDecimal(9),
                ProposalStatus.valueOf(rs.getString(10)), rs.getInt(11), submitted == null ? null : submitted.toInstant(),
                rs.getTimestamp(13).toInstant(), instant(rs, 14), rs.getObject(15) == null ? null : rs.getLong(15),
                rs.getString(16), instant(rs, 17), rs.getInt(18));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
