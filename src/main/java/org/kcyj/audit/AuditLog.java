package org.kcyj.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Append-only record of state changes, written in the same transaction as the change it records,
 * and hash-chained: each event's hash covers its content and the previous event's hash. Events are
 * chained in the order their transactions commit.
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

    /**
     * What a check of the chain found: how many events, the first one that does not hold, if any, how many
     * published seals were checked and the first seal the recomputed chain no longer matches, if any.
     */
    public record Verification(long events, boolean intact, Long brokenAt, String reason, int sealsChecked,
                               String brokenSeal) {
    }

    /**
     * Records an event of the caller's transaction. The event is chained when that transaction commits
     * (just before the commit, in the same transaction): the chain's head stays locked only for the moment
     * of writing, not for the rest of the caller's work, so concurrent users are not queued behind one
     * another's documents and workflow steps. An event of a transaction that rolls back is never written.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, String subject, String before, String after, String detail) {
        Pending event = new Pending(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), actor, action, subject, before,
                after, detail);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            append(List.of(event));
            return;
        }
        TransactionEvents events = (TransactionEvents) TransactionSynchronizationManager.getResource(this);
        if (events == null) {
            events = new TransactionEvents();
            TransactionSynchronizationManager.registerSynchronization(events);
            TransactionSynchronizationManager.bindResource(this, events);
        }
        if (events.written) {
            throw new IllegalStateException("Audit event " + action + " recorded after its transaction's events were written");
        }
        events.list.add(event);
    }

    private record Pending(Instant at, String actor, String action, String subject, String before, String after,
                           String detail) {
    }

    /** The events one transaction recorded, appended to the chain just before it commits. */
    private final class TransactionEvents implements TransactionSynchronization {
        final List<Pending> list = new ArrayList<>();
        boolean written;

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true;
            append(list);
        }

        // A transaction of its own started inside this one (REQUIRES_NEW) keeps its own events.
        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(AuditLog.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }
    }

    /** Appends events to the chain in their order; locking the head orders concurrent writers. */
    private void append(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        String prev = lockedHead();
        long id = 0;
        for (Pending e : events) {
            String hash = hash(prev, e.at(), e.actor(), e.action(), e.subject(), e.before(), e.after(), e.detail());
            org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("""
                            insert into app.audit_event (occurred_at, actor, action, subject, state_before, state_after, detail,
                                                         prev_hash, hash)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(Timestamp.from(e.at()), e.actor(), e.action(), e.subject(), e.before(), e.after(), e.detail(),
                            prev, hash)
                    .update(key, "id");
            id = ((Number) key.getKeys().get("id")).longValue();
            prev = hash;
        }
        moveHead(id, prev);
    }

    /** The last link, locked until the transaction ends: concurrent writers chain one after another. */
    private String lockedHead() {
        return jdbc.sql("select last_hash from app.audit_head where id = 1 for update").query(String.class).single();
    }

    private void moveHead(long lastId, String lastHash) {
        jdbc.sql("update app.audit_head set last_id = ?, last_hash = ? where id = 1").params(lastId, lastHash).update();
    }

    /** Links events written before the chain existed (older databases), in their order, once. */
    @Transactional
    public int chainUnlinked() {
        String prev = lockedHead();
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
            moveHead(lastId, prev);
        }
        return unlinked.size();
    }

    public List<Event> forSubject(String subject) {
        return jdbc.sql("select " + EVENT_COLUMNS + " from app.audit_event where subject = ? order by id")
                .param(subject).query((rs, i) -> event(rs)).list();
    }

    /**
     * Walks the whole chain: every hash recomputed, every link followed, the head matched; then the chain
     * recomputed from the first event is held against every published daily seal (审计链日签), so that a
     * rewritten event is found even when every later hash was recomputed to match (as a database
     * administrator could). The first fault found is reported: an event, else the head, else a seal.
     */
    @Transactional(readOnly = true)
    public Verification verify() {
        List<SealCheck> seals = jdbc.sql("select document_number, event_count, last_id, head_hash from app.audit_seal"
                        + " order by last_id, seal_date")
                .query((rs, i) -> new SealCheck(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4))).list();
        Walk walk = new Walk(seals);
        jdbc.sql("select " + EVENT_COLUMNS + " from app.audit_event order by id").query(rs -> {
            walk.next(event(rs));
        });
        walk.finish();
        if (walk.broken != null) {
            return walk.broken;
        }
        String head = jdbc.sql("select last_hash from app.audit_head where id = 1").query(String.class).single();
        if (!head.equals(walk.expectedPrev)) {
            return new Verification(walk.count, false, null, "latest events missing", seals.size(), null);
        }
        if (walk.brokenSeal != null) {
            return new Verification(walk.count, false, walk.brokenSeal.lastId(),
                    "no longer matches the published seal " + walk.brokenSeal.documentNumber(), seals.size(),
                    walk.brokenSeal.documentNumber());
        }
        return new Verification(walk.count, true, null, null, seals.size(), null);
    }

    /** A published seal: the number of events and the head hash the chain had up to event {@code lastId}. */
    private record SealCheck(String documentNumber, long events, long lastId, String headHash) {
    }

    /**
     * One pass over the events: the stored links and hashes (first break), and the chain recomputed from
     * the genesis, compared with each seal once the walk passes its last event (first seal not matched).
     */
    private static final class Walk {
        final List<SealCheck> seals;
        int nextSeal;
        String expectedPrev = GENESIS;
        String recomputed = GENESIS;
        long lastId;
        long count;
        Verification broken;
        SealCheck brokenSeal;

        Walk(List<SealCheck> seals) {
            this.seals = seals;
        }

        void next(Event e) {
            passSealsBefore(e.id());
            count++;
            if (broken == null) {
                if (!expectedPrev.equals(e.prevHash())) {
                    broken = new Verification(count, false, e.id(), "previous event missing or changed", seals.size(), null);
                } else if (!hash(e.prevHash(), e.occurredAt(), e.actor(), e.action(), e.subject(), e.stateBefore(),
                        e.stateAfter(), e.detail()).equals(e.hash())) {
                    broken = new Verification(count, false, e.id(), "event changed", seals.size(), null);
                }
            }
            expectedPrev = e.hash();
            recomputed = hash(recomputed, e.occurredAt(), e.actor(), e.action(), e.subject(), e.stateBefore(),
                    e.stateAfter(), e.detail());
            lastId = e.id();
        }

        /** Seals whose last event precedes {@code id} are judged on the chain as recomputed so far. */
        void passSealsBefore(long id) {
            while (nextSeal < seals.size() && seals.get(nextSeal).lastId() < id) {
                judge(seals.get(nextSeal++));
            }
        }

        void finish() {
            passSealsBefore(Long.MAX_VALUE);
        }

        private void judge(SealCheck seal) {
            boolean matches = seal.lastId() == 0
                    ? count == 0 && seal.events() == 0
                    : lastId == seal.lastId() && count == seal.events() && recomputed.equals(seal.headHash());
            if (!matches && brokenSeal == null) {
                brokenSeal = seal;
            }
        }
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
