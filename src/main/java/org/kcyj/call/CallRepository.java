package org.kcyj.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CallRepository {
    private static final String SELECT = """
            select c.id, c.programme_id, p.code, p.name, c.title, c.call_year, c.budget, c.application_deadline,
                   c.status, c.published_at
            from app.programme_call c join app.programme p on p.id = c.programme_id""";
    private final JdbcClient jdbc;

    CallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long programmeId, String title, int year, BigDecimal budget, Instant deadline, String by, Instant at) {
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into app.programme_call (programme_id, title, call_year, budget, application_deadline, status,
                                                    created_by, created_at)
                        values (?, ?, ?, ?, ?, 'DRAFT', ?, ?)""")
                .params(programmeId, title, year, budget, java.sql.Timestamp.from(deadline), by, java.sql.Timestamp.from(at))
                .update(key, "id");
        return ((Number) key.getKeys().get("id")).longValue();
    }

    Optional<ProgrammeCall> find(long id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(CallRepository::map).optional();
    }

    List<ProgrammeCall> all() {
        return jdbc.sql(SELECT + " order by c.id desc").query(CallRepository::map).list();
    }

    List<ProgrammeCall> withStatus(CallStatus status) {
        return jdbc.sql(SELECT + " where c.status = ? order by c.application_deadline").param(status.name())
                .query(CallRepository::map).list();
    }

    void publish(long id, Instant deadline, String by, Instant at) {
        jdbc.sql("update app.programme_call set application_deadline = ?, published_by = ?, published_at = ? where id = ?")
                .params(java.sql.Timestamp.from(deadline), by, java.sql.Timestamp.from(at), id).update();
    }

    void status(long id, CallStatus status, Instant at) {
        jdbc.sql("update app.programme_call set status = ?, closed_at = case when ? = 'CLOSED' then ? else closed_at end where id = ?")
                .params(status.name(), status.name(), java.sql.Timestamp.from(at), id).update();
    }

    private static ProgrammeCall map(ResultSet rs, int row) throws SQLException {
        return new ProgrammeCall(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant(), CallStatus.valueOf(rs.getString(9)),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant());
    }
}
