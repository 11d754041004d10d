package org.kcyj.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log is hash-chained: an event edited or deleted by SQL is found by the verification. Events are
 * chained as their transactions commit, so a long transaction does not queue everybody else behind it.
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

    /** Tampers inside a transaction that is rolled back, so the chain stays whole for the other tests. */
    private AuditLog.Verification tamper(Consumer<JdbcClient> change) {
        return new TransactionTemplate(transactions).execute(status -> {
            change.accept(jdbc);
            AuditLog.Verification result = audit.verify();
            status.setRollbackOnly();
            return result;
        });
    }
}
