package org.kcyj.proposal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The proposal table and the decisions recorded on it. */
@Repository
public class ProposalRepository {
    private static final String SELECT = """
            select p.id, p.number, p.call_id, p.applicant, p.unit_id, u.name, p.title, p.summary, p.pi_name,
                   p.requested_budget, p.status, p.submission_count, p.submitted_at, p.created_at, p.correction_deadline
            from app.proposal p join app.unit u on u.id = p.unit_id""";
    private final JdbcClient jdbc;

    ProposalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Decision(String stage, String outcome, String comment, BigDecimal amount, String decidedBy,
                           Instant decidedAt) {
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

    List<Proposal> byApplicant(String applicant) {
        return jdbc.sql(SELECT + " where p.applicant = ? order by p.id desc").param(applicant)
                .query(ProposalRepository::map).list();
    }

    List<Proposal> byUnit(long unitId) {
        return jdbc.sql(SELECT + " where p.unit_id = ? and p.submission_count > 0 order by p.id desc").param(unitId)
                .query(ProposalRepository::map).list();
    }

    List<Proposal> byReviewer(String reviewer) {
        return jdbc.sql(SELECT + " join app.review_assignment a on a.proposal_id = p.id where a.reviewer = ? order by p.id desc")
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

    boolean isAssignedReviewer(long proposalId, String reviewer) {
        return jdbc.sql("select count(*) from app.review_assignment where proposal_id = ? and reviewer = ?")
                .params(proposalId, reviewer).query(Integer.class).single() > 0;
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        Timestamp submitted = rs.getTimestamp(13);
        return new Proposal(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBigDecimal(10),
                ProposalStatus.valueOf(rs.getString(11)), rs.getInt(12), submitted == null ? null : submitted.toInstant(),
                rs.getTimestamp(14).toInstant(), rs.getTimestamp(15) == null ? null : rs.getTimestamp(15).toInstant());
    }
}
