package org.kcyj.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.kcyj.programme.Programmes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CallRepository {
    private static final String SELECT = """
            select c.id, c.programme_id, c.title, c.call_year, c.organisation_mode, c.budget,
                   c.demand_deadline, c.opens_at, c.application_deadline, c.grace_minutes, c.status, c.published_at,
                   c.opened_at, c.closed_at, g.document_number
            from app.programme_call c left join app.call_guide g on g.call_id = c.id""";
    private final JdbcClient jdbc;
    /** The programme module keeps the programmes: their codes and names are read from it, not joined. */
    private final Programmes programmes;

    CallRepository(JdbcClient jdbc, Programmes programmes) {
        this.jdbc = jdbc;
        this.programmes = programmes;
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
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(CallRepository::map).optional()
                .map(c -> named(c, programmes.find(c.programmeId()).orElse(null)));
    }

    /** The call, its row locked until the transaction ends, so two acts on one call happen one after the other. */
    Optional<ProgrammeCall> lock(long id) {
        jdbc.sql("select id from app.programme_call where id = ? for update").param(id).query(Long.class).optional();
        return find(id);
    }

    List<ProgrammeCall> all() {
        return named(jdbc.sql(SELECT + " order by c.id desc").query(CallRepository::map).list());
    }

    List<ProgrammeCall> withStatus(List<CallStatus> statuses) {
        return named(jdbc.sql(SELECT + " where c.status in (:statuses) order by c.application_deadline, c.id")
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(CallRepository::map).list());
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

    /** The calls with their programmes' codes and names, all programmes read at once (a handful of rows). */
    private List<ProgrammeCall> named(List<ProgrammeCall> calls) {
        if (calls.isEmpty()) {
            return calls;
        }
        Map<Long, Programmes.Programme> byId = programmes.all().stream()
                .collect(Collectors.toMap(Programmes.Programme::id, p -> p));
        return calls.stream().map(c -> named(c, byId.get(c.programmeId()))).toList();
    }

    private static ProgrammeCall named(ProgrammeCall c, Programmes.Programme programme) {
        // a call's programme is a foreign key: it is always there
        return new ProgrammeCall(c.id(), c.programmeId(), programme.code(), programme.name(), c.title(), c.year(),
                c.mode(), c.budget(), c.demandDeadline(), c.opensAt(), c.applicationDeadline(), c.graceMinutes(),
                c.status(), c.publishedAt(), c.openedAt(), c.closedAt(), c.guideDocument());
    }

    /** A call as stored, its programme's code and name still to be added ({@link #named}). */
    private static ProgrammeCall map(ResultSet rs, int row) throws SQLException {
        return new ProgrammeCall(rs.getLong(1), rs.getLong(2), null, null, rs.getString(3),
                rs.getInt(4), OrganisationMode.valueOf(rs.getString(5)), rs.getBigDecimal(6), instant(rs, 7),
                instant(rs, 8), instant(rs, 9), rs.getInt(10), CallStatus.valueOf(rs.getString(11)), instant(rs, 12),
                instant(rs, 13), instant(rs, 14), rs.getString(15));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
