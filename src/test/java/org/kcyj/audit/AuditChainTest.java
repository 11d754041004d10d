package org.kcyj.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log is hash-chained: an event edited or deleted by SQL is found by the verification (edited here
 * as the database's owner, who alone can take the insert-only triggers off). The application's own
 * connection cannot update or delete audit rows at all. Events are chained as their transactions commit, so
 * a long transaction does not queue everybody else behind it.
 */
@IntegrationTest
class AuditChainTest {
    @LocalServerPort
    int port;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    javax.sql.DataSource dataSource;

    @BeforeEach
    void someStateChanges() {
        long call = new Scenario(port).openCall("审计测试批次", 10);
    }

    @Test
    void anUntouchedChainVerifiesAndAdministratorsCanCheckIt() {
        AuditLog.Verification result = audit.verify();
        assertThat(result.intact()).as(String.valueOf(result)).isTrue();
        assertThat(result.events()).isGreaterThanOrEqualTo(2);
        Api.Response api = Api.as(port, "admin").get("/api/v1/audit-events/verification");
        assertThat(api.json()).containsEntry("intact", true);
        assertThat(Api.as(port, "manager1").get("/api/v1/audit-events/verification").status()).isEqualTo(403);
        assertThat(Api.as(port, "applicant1").get("/api/v1/audit-events?subject=CALL-1").status()).isEqualTo(403);
    }

    @Test
    void anEventEditedInTheDatabaseIsFound() {
        long middle = middleEventId();
        AuditLog.Verification result = tamper(j -> j.sql("update app.audit_event set detail = 'edited' where id = ?")
                .param(middle).update());
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(middle);
        assertThat(result.reason()).isEqualTo("event changed");
    }

    @Test
    void anEventDeletedInTheDatabaseIsFound() {
        long middle = middleEventId();
        AuditLog.Verification result = tamper(j -> j.sql("delete from app.audit_event where id = ?").param(middle).update());
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isGreaterThan(middle);
        assertThat(result.reason()).isEqualTo("previous event missing or changed");

        AuditLog.Verification lastGone = tamper(j -> j.sql("delete from app.audit_event where id = (select max(id) from app.audit_event)").update());
        assertThat(lastGone.intact()).isFalse();
        assertThat(lastGone.reason()).isEqualTo("latest events missing");
    }

    @Test
    void aTransactionStillAtWorkHoldsNobodyElseBackAndTheChainFollowsTheCommits() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                audit.record("test", "SLOW_WORK_STARTED", "AUDIT-ORDER", null, null, "还在办理");
                // A second user's whole transaction runs and commits while the first is still at work.
                Future<?> quick = other.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(s ->
                        audit.record("test", "QUICK_WORK_DONE", "AUDIT-ORDER", null, null, "先办完")));
                try {
                    quick.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the second writer waited for the first transaction to end", e);
                }
                audit.record("test", "SLOW_WORK_DONE", "AUDIT-ORDER", null, null, "办完");
            });
        } finally {
            other.shutdownNow();
        }
        assertThat(audit.forSubject("AUDIT-ORDER")).extracting(AuditLog.Event::action)
                .containsExactly("QUICK_WORK_DONE", "SLOW_WORK_STARTED", "SLOW_WORK_DONE");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void anEventOfATransactionThatRollsBackIsNeverWritten() {
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record("test", "CHANGE_ABANDONED", "AUDIT-ROLLBACK", null, null, null);
            throw new IllegalStateException("the change fails after its event was recorded");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(audit.forSubject("AUDIT-ROLLBACK")).isEmpty();
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aTransactionOfItsOwnInsideAnotherKeepsItsEventsWhateverBecomesOfTheOuterOne() {
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record("test", "OUTER_STARTED", "AUDIT-NESTING", null, null, null);
            own.executeWithoutResult(inner -> audit.record("test", "INNER_DONE", "AUDIT-NESTING", null, null, null));
            audit.record("test", "OUTER_CONTINUED", "AUDIT-NESTING", null, null, null);
            throw new IllegalStateException("the outer transaction fails");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(audit.forSubject("AUDIT-NESTING")).extracting(AuditLog.Event::action).containsExactly("INNER_DONE");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void anEventRecordedAfterItsTransactionsEventsWereWrittenIsRefusedNotLost() {
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record("test", "FIRST", "AUDIT-LATE", null, null, null);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    audit.record("test", "TOO_LATE", "AUDIT-LATE", null, null, null);
                }
            });
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("TOO_LATE");
        assertThat(audit.forSubject("AUDIT-LATE")).isEmpty();
        assertThat(audit.verify().intact()).isTrue();
    }

    private long middleEventId() {
        return jdbc.sql("select min(id) + (max(id) - min(id)) / 2 from app.audit_event").query(Long.class).single();
    }

    @Test
    void theApplicationsConnectionCannotUpdateOrDeleteAuditRecords() {
        long middle = middleEventId();
        AuditLog.Event before = eventById(middle);
        List<String> refused = new ArrayList<>(List.of(
                "update app.audit_event set detail = 'edited' where id = " + middle,
                "update app.audit_event set hash = '" + "0".repeat(64) + "' where id = " + middle,
                "delete from app.audit_event where id = " + middle,
                "delete from app.audit_event"));
        if (isPostgres(dataSource)) {
            refused.add("truncate table app.audit_event");
        }
        for (String sql : refused) {
            assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> jdbc.sql(sql).update()))
                    .as(sql).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessageContaining("insert-only");
        }
        assertThat(eventById(middle)).isEqualTo(before);
        assertThat(audit.verify().intact()).isTrue();
    }

    /** The one update the guard allows: an event written before the chain existed is linked, once. */
    @Test
    void anEventWrittenBeforeTheChainIsLinkedOnceAndThenFrozen() {
        new TransactionTemplate(transactions).executeWithoutResult(s -> jdbc.sql(
                "insert into app.audit_event (occurred_at, actor, action, subject, state_before, state_after, detail)"
                        + " values (?, 'legacy', 'LEGACY_EVENT', 'AUDIT-LEGACY', null, null, 'before the chain')")
                .param(java.sql.Timestamp.from(java.time.Instant.parse("2025-01-01T00:00:00Z"))).update());
        assertThat(audit.chainUnlinked()).isEqualTo(1);
        assertThat(audit.verify().intact()).isTrue();
        long id = audit.forSubject("AUDIT-LEGACY").get(0).id();
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(s ->
                jdbc.sql("update app.audit_event set prev_hash = null, hash = null where id = ?").param(id).update()))
                .isInstanceOf(DataAccessException.class);
        assertThat(audit.verify().intact()).isTrue();
    }

    private AuditLog.Event eventById(long id) {
        return jdbc.sql("select id, occurred_at, actor, action, subject, state_before, state_after, detail, prev_hash, hash"
                        + " from app.audit_event where id = ?").param(id)
                .query((rs, i) -> new AuditLog.Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10))).single();
    }

    static boolean isPostgres(javax.sql.DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tampers inside a transaction that is rolled back, so the chain stays whole for the other tests. */
    private AuditLog.Verification tamper(Consumer<JdbcClient> change) {
        return asOwner(jdbc, dataSource, () -> new TransactionTemplate(transactions).execute(status -> {
            suspendGuard(jdbc, dataSource);
            change.accept(jdbc);
            AuditLog.Verification result = audit.verify();
            status.setRollbackOnly();
            return result;
        }));
    }

    /**
     * Runs {@code work} as the database's owner, who alone can take the insert-only triggers off: on
     * PostgreSQL {@link #suspendGuard} disables them inside the work's transaction (undone with it); on H2,
     * whose DDL commits, it drops them and they are created again afterwards.
     */
    static <T> T asOwner(JdbcClient jdbc, javax.sql.DataSource dataSource, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } finally {
            if (!isPostgres(dataSource) && jdbc.sql("select count(*) from information_schema.triggers"
                    + " where lower(trigger_name) = 'audit_event_insert_only'").query(Long.class).single() == 0) {
                try (java.sql.Connection c = dataSource.getConnection()) {
                    AuditInsertOnly.install(c);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Inside the owner's transaction: the insert-only triggers off (see {@link #asOwner}). */
    static void suspendGuard(JdbcClient jdbc, javax.sql.DataSource dataSource) {
        if (isPostgres(dataSource)) {
            jdbc.sql("alter table app.audit_event disable trigger audit_event_insert_only").update();
            jdbc.sql("alter table app.audit_seal disable trigger audit_seal_insert_only").update();
        } else {
            jdbc.sql("drop trigger app.audit_event_insert_only").update();
            jdbc.sql("drop trigger app.audit_seal_insert_only").update();
        }
    }
}
