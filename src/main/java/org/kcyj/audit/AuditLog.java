package org.kcyj.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Append-only record of state changes, written in the same transaction as the change it records,
 * and hash-chained: each event's hash covers its content and the previous event's hash.
 */
@Service
public class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final String EVENT_COLUMNS = "id, occurred_at, actor, action, subject, state_before, state_after, detail, prev_hash, hash";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Event(long id, Instant occurredAt, String actor, String action, String subject, String stateBefore,
                        String stateAfter, String detail, String prevHash, String hash) {
    }

    /** What a check of the chain found: how many events, and the first one that does not hold, if any. */
    public record Verification(long events, boolean intact, Long brokenAt, String reason) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, String subject, String before, String after, String detail) {
        // Locking the head orders concurrent writers: every event links to the one committed before it.
        String prev = jdbc.sql("select last_hash from app.audit_head where id = 1 for update").query(String.class).single();
        Instant at = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        String hash = hash(prev, at, actor, action, subject, before, after, detail);
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into app.audit_event (occurred_at, actor, action, subject, state_before, state_after, detail,
                                                     prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(at), actor, action, subject, before, after, detail, prev, hash)
                .update(key, "id");
        long id = ((Number) key.getKeys().get("id")).longValue();
        jdbc.sql("update app.audit_head set last_id = ?, last_hash = ? where id = 1").params(id, hash).update();
    }

    /** Links events written before the chain existed (older databases), in their order, once. */
    @Transactional
    public int chainUnlinked() {
        String prev = jdbc.sql("select last_hash from app.audit_head where id = 1 for update").query(String.class).single();
        List<Event> unlinked = jdbc.sql("select " + EVENT_COLUMNS + " from app.audit_event where hash is null order by id")
                .query((rs, i) -> event(rs)).list();
        long lastId = 0;
        for (Event e : unlinked) {
            String hash = hash(prev, e.occurredAt(), e.actor(), e.action(), e.subject(), e.stateBefore(), e.stateAfter(),
                    e.detail());
            jdbc.sql("update app.audit_event set prev_hash = ?, hash = ? where id = ?").params(prev, hash, e.id()).update();
            prev = hash;
            lastId = e.id();
        }
        if (!unlinked.isEmpty()) {
            jdbc.sql("update app.audit_head set last_id = ?, last_hash = ? where id = 1").params(lastId, prev).update();
        }
        return unlinked.size();
    }

    public List<Event> forSubject(String subject) {
        return jdbc.sql("select " + EVENT_COLUMNS + " from app.audit_event where subject = ? order by id")
                .param(subject).query((rs, i) -> event(rs)).list();
    }

    /** Walks the whole chain: every hash recomputed, every link followed, the head matched. */
    @Transactional(readOnly = true)
    public Verification verify() {
        String[] expectedPrev = {GENESIS};
        long[] count = {0};
        Verification[] broken = {null};
        jdbc.sql("select " + EVENT_COLUMNS + " from app.audit_event order by id").query(rs -> {
            if (broken[0] != null) {
                return;
            }
            Event e = event(rs);
            count[0]++;
            if (!expectedPrev[0].equals(e.prevHash())) {
                broken[0] = new Verification(count[0], false, e.id(), "previous event missing or changed");
            } else if (!hash(e.prevHash(), e.occurredAt(), e.actor(), e.action(), e.subject(), e.stateBefore(),
                    e.stateAfter(), e.detail()).equals(e.hash())) {
                broken[0] = new Verification(count[0], false, e.id(), "event changed");
            }
            expectedPrev[0] = e.hash();
        });
        if (broken[0] != null) {
            return broken[0];
        }
        String head = jdbc.sql("select last_hash from app.audit_head where id = 1").query(String.class).single();
        if (!head.equals(expectedPrev[0])) {
            return new Verification(count[0], false, null, "latest events missing");
        }
        return new Verification(count[0], true, null, null);
    }

    private static Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    /** SHA-256 over the previous hash and each field, length-prefixed so no two events read alike. */
    static String hash(String prev, Instant at, String actor, String action, String subject, String before,
                       String after, String detail) {
        String[] fields = {actor, action, subject, before, after, detail};
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder canonical = new StringBuilder(prev).append('|').append(at.truncatedTo(ChronoUnit.MILLIS));
            for (String field : fields) {
                canonical.append('|').append(field == null ? -1 : field.length()).append(':').append(field == null ? "" : field);
            }
            return HexFormat.of().formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
