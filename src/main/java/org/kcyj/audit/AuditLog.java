package org.kcyj.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Append-only record of state changes; written in the same transaction as the change it records. */
@Service
public class AuditLog {
    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Event(Instant occurredAt, String actor, String action, String subject, String stateBefore,
                        String stateAfter, String detail) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, String subject, String before, String after, String detail) {
        jdbc.sql("""
                        insert into app.audit_event (occurred_at, actor, action, subject, state_before, state_after, detail)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(java.sql.Timestamp.from(Instant.now(clock)), actor, action, subject, before, after, detail).update();
    }

    public List<Event> forSubject(String subject) {
        return jdbc.sql("""
                        select occurred_at, actor, action, subject, state_before, state_after, detail
                        from app.audit_event where subject = ? order by id""")
                .param(subject)
                .query((rs, i) -> new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }
}
