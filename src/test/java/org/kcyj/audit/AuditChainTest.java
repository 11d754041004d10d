package org.kcyj.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log is hash-chained: an event edited or deleted by SQL is found by the verification. */
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
