package org.kcyj.proposal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The proposal table and the decisions recorded on it. */
@Repository
public class ProposalRepository {
    /**
     * Invitations that let an expert open the proposal: accepted (after declaring no conflict) or reviewed.
     * An invited expert who has not answered, declined, declared a conflict or was replaced sees nothing.
     */
    private static final String READING_INVITATIONS = "('ACCEPTED', 'SUBMITTED')";

    private static final String SELECT = """
            select p.id, p.number, p.call_id, p.applicant, p.unit_id, u.name, p.title, p.summary, p.pi_name,
                   p.requested_budget, p.status, p.submission_count, p.submitted_at, p.created_at, p.correction_deadline,
                   p.topic_id, p.track, p.extended_until, p.formal_returns
            from app.proposal p join app.unit u on u.id = p.unit_id""";
    private final JdbcClient jdbc;

    ProposalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql(SELECT + " where p.number = ?").param(number).query(ProposalRepository::map).optional();
    }

    public Proposal byId(long id) {
        return jdbc.sql(SELECT + " where p.id = ?").param(id).query(ProposalRepository::map).single();
    }

    List<Proposal> byIds(java.util.Collection<Long> ids) {
        return ids.isEmpty() ? List.of()
                : jdbc.sql(SELECT + " where p.id in (:ids)").param("ids", ids).query(ProposalRepository::map).list();
    }

    List<Proposal> byApplicant(String applicant) {
        return jdbc.sql(SELECT + " where p.applicant = ? order by p.id desc").param(applicant)
                .query(ProposalRepository::map).list();
    }

    List<Proposal> byUnit(long unitId) {
        return jdbc.sql(SELECT + " where p.unit_id = ? and p.submission_count > 0 order by p.id desc").param(unitId)
                .query(ProposalRepository::map).list();
    }

    List<Proposal> byReviewer(String reviewer) {
        return jdbc.sql(SELECT + " join app.review_invitation a on a.proposal_id = p.id where a.expert = ? and a.status in "
                + READING_INVITATIONS + " order by p.id desc")
                .param(reviewer).query(ProposalRepository::map).list();
    }

    List<Proposal> allSubmitted() {
        return jdbc.sql(SELECT + " where p.submission_count > 0 order by p.id desc").query(ProposalRepository::map).list();
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
        return jdbc.sql("""
                        select count(*) from app.proposal p join app.programme_call c on c.id = p.call_id
                        where c.programme_id = ? and p.pi_id_number = ? and p.id <> ?
                          and p.status in ('IN_PUBLICITY', 'FUNDED', 'CONTRACTED', 'ACCEPTANCE_APPLIED')""")
                .params(programmeId, idNumber, exceptId).query(Integer.class).single();
    }

    /** What eligibility rules read about a unit. */
    public record UnitFacts(String creditCode, boolean local, java.time.LocalDate validUntil) {
    }

    UnitFacts unitFacts(long unitId) {
        return jdbc.sql("select credit_code, local_registered, valid_until from app.unit where id = ?").param(unitId)
                .query((rs, i) -> new UnitFacts(rs.getString(1), rs.getBoolean(2),
                        rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate()))
                .single();
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
        return jdbc.sql("select p.code from app.programme_call c join app.programme p on p.id = c.programme_id where c.id = ?")
                .param(callId).query(String.class).optional();
    }

    /**
     * An expert reads a proposal they accepted to review, or one on the list of an open panel they sit on
     * (members judge the proposals they vote on).
     */
    boolean isAssignedReviewer(long proposalId, String reviewer) {
        return jdbc.sql("select count(*) from app.review_invitation where proposal_id = ? and expert = ? and status in "
                        + READING_INVITATIONS)
                .params(proposalId, reviewer).query(Integer.class).single() > 0
                || jdbc.sql("""
                        select count(*) from app.panel_proposal pp join app.review_panel rp on rp.id = pp.panel_id
                        join app.panel_member m on m.panel_id = pp.panel_id
                        where pp.proposal_id = ? and m.expert = ? and rp.status = 'OPEN'""")
                .params(proposalId, reviewer).query(Integer.class).single() > 0;
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        Timestamp submitted = rs.getTimestamp(13);
        return new Proposal(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBigDecimal(10),
                ProposalStatus.valueOf(rs.getString(11)), rs.getInt(12), submitted == null ? null : submitted.toInstant(),
                rs.getTimestamp(14).toInstant(), instant(rs, 15), rs.getObject(16) == null ? null : rs.getLong(16),
                rs.getString(17), instant(rs, 18), rs.getInt(19));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
