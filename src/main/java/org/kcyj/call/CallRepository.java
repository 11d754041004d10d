package org.kcyj.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CallRepository {
    private static final String SELECT = """
            select c.id, c.programme_id, p.code, p.name, c.title, c.call_year, c.organisation_mode, c.budget,
                   c.demand_deadline, c.opens_at, c.application_deadline, c.grace_minutes, c.status, c.published_at,
                   c.opened_at, c.closed_at, g.document_number
            from app.programme_call c join app.programme p on p.id = c.programme_id
                 left join app.call_guide g on g.call_id = c.id""";
    private final JdbcClient jdbc;

    CallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The configuration a manager sets, as stored. */
    record Settings(String title, int year, OrganisationMode mode, BigDecimal budget, Instant demandDeadline,
                    Instant opensAt, Instant applicationDeadline, int graceMinutes) {
    }

    long insert(long programmeId, Settings s, CallStatus status, String by, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into app.programme_call (programme_id, title, call_year, organisation_mode, budget,
                            demand_deadline, opens_at, application_deadline, grace_minutes, status, created_by,
                            created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(programmeId, s.title(), s.year(), s.mode().name(), s.budget(), ts(s.demandDeadline()),
                        ts(s.opensAt()), ts(s.applicationDeadline()), s.graceMinutes(), status.name(), by, ts(at), ts(at))
                .update(key, "id");
        return ((Number) key.getKeys().get("id")).longValue();
    }

    void update(long id, Settings s, Instant at) {
        jdbc.sql("""
                        update app.programme_call set title = ?, call_year = ?, organisation_mode = ?, budget = ?,
                            demand_deadline = ?, opens_at = ?, application_deadline = ?, grace_minutes = ?, updated_at = ?
                        where id = ?""")
                .params(s.title(), s.year(), s.mode().name(), s.budget(), ts(s.demandDeadline()), ts(s.opensAt()),
                        ts(s.applicationDeadline()), s.graceMinutes(), ts(at), id)
                .update();
    }

    Optional<ProgrammeCall> find(long id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(CallRepository::map).optional();
    }

    /** The call, its row locked until the transaction ends, so two acts on one call happen one after the other. */
    Optional<ProgrammeCall> lock(long id) {
        jdbc.sql("select id from app.programme_call where id = ? for update").param(id).query(Long.class).optional();
        return find(id);
    }

    List<ProgrammeCall> all() {
        return jdbc.sql(SELECT + " order by c.id desc").query(CallRepository::map).list();
    }

    List<ProgrammeCall> withStatus(List<CallStatus> statuses) {
        return jdbc.sql(SELECT + " where c.status in (:statuses) order by c.application_deadline, c.id")
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(CallRepository::map).list();
    }

    String createdBy(long id) {
        return jdbc.sql("select created_by from app.programme_call where id = ?").param(id).query(String.class).single();
    }

    void status(long id, CallStatus status, Instant at) {
        jdbc.sql("update app.programme_call set status = ?, updated_at = ? where id = ?")
                .params(status.name(), ts(at), id).update();
    }

    void published(long id, String by, Instant at) {
        jdbc.sql("update app.programme_call set status = ?, published_by = ?, published_at = ?, updated_at = ? where id = ?")
                .params(CallStatus.ANNOUNCED.name(), by, ts(at), ts(at), id).update();
    }

    void opened(long id, Instant at) {
        jdbc.sql("update app.programme_call set status = ?, opened_at = ?, updated_at = ? where id = ?")
                .params(CallStatus.OPEN.name(), ts(at), ts(at), id).update();
    }

    void closed(long id, Instant at) {
        jdbc.sql("update app.programme_call set status = ?, closed_at = ?, updated_at = ? where id = ?")
                .params(CallStatus.CLOSED.name(), ts(at), ts(at), id).update();
    }

    private static ProgrammeCall map(ResultSet rs, int row) throws SQLException {
        return new ProgrammeCall(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), OrganisationMode.valueOf(rs.getString(7)), rs.getBigDecimal(8), instant(rs, 9),
                instant(rs, 10), instant(rs, 11), rs.getInt(12), CallStatus.valueOf(rs.getString(13)), instant(rs, 14),
                instant(rs, 15), instant(rs, 16), rs.getString(17));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
