package org.kcyj.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.kcyj.document.DocumentService;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain's head is published once a day as a public document (审计链日签), and the verification holds
 * the recomputed chain against every seal: an event rewritten before a seal is found even when every later
 * hash and the head were recomputed to match, as a database administrator could.
 */
@IntegrationTest
class AuditSealTest {
    @LocalServerPort
    int port;
    @Autowired
    AuditSeals seals;
    @Autowired
    AuditLog audit;
    @Autowired
    DocumentService documents;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    DataSource dataSource;

    void someEvents(String subject, int count) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < count; i++) {
                audit.record("test", "SEAL_TEST_EVENT", subject, null, null, "event " + i);
            }
        });
    }

    @Test
    void aDayIsSealedOnceHoweverOftenAndWhereverTheJobRuns() throws Exception {
        LocalDate day = LocalDate.of(2031, 3, 1);
        someEvents("AUDIT-SEAL-ONCE", 3);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Callable<AuditSeals.Seal> job = () -> seals.seal(day);
            List<Future<AuditSeals.Seal>> runs = nodes.invokeAll(List.of(job, job));
            AuditSeals.Seal first = runs.get(0).get();
            assertThat(runs.get(1).get()).isEqualTo(first);
            someEvents("AUDIT-SEAL-ONCE", 2);
            assertThat(seals.seal(day)).as("a later run the same day").isEqualTo(first);

            assertThat(first.documentNumber()).isEqualTo("AUDIT-20310301-SJRQ-1");
            assertThat(documents.listFor("AUDIT-20310301")).hasSize(1);
            assertThat(jdbc.sql("select count(*) from app.audit_seal where seal_date = ?").param(day)
                    .query(Long.class).single()).isEqualTo(1);
            long events = jdbc.sql("select count(*) from app.audit_event where id <= ?").param(first.lastId())
                    .query(Long.class).single();
            assertThat(first.events()).isEqualTo(events);
            assertThat(first.headHash()).isEqualTo(jdbc.sql("select hash from app.audit_event where id = ?")
                    .param(first.lastId()).query(String.class).single());
            String text = text(documents.content(first.documentNumber()).orElseThrow());
            assertThat(text).contains("审计链日签", "2031-03-01", "事件数Events" + first.events(), first.headHash());

            // public by number: anyone checks it on the verification page, without a code
            Api.Response page = Api.anonymous(port).get("/verify/" + first.documentNumber());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json()).containsEntry("typeCode", "SJRQ").containsEntry("status", "CURRENT");
            AuditLog.Verification verification = audit.verify();
            assertThat(verification.intact()).as(String.valueOf(verification)).isTrue();
            assertThat(verification.sealsChecked()).isGreaterThanOrEqualTo(1);
        } finally {
            nodes.shutdownNow();
        }
    }

    /**
     * Rewrites one event as the database's owner and recomputes every later hash and the head, so the chain
     * itself verifies; only the seal published after the event tells.
     */
    @Test
    void anEventRewrittenBeforeASealIsFoundEvenWithEveryLaterHashRecomputed() {
        someEvents("AUDIT-SEAL-REWRITE", 3);
        long target = jdbc.sql("select max(id) from app.audit_event where subject = 'AUDIT-SEAL-REWRITE'")
                .query(Long.class).single();
        AuditLog.Verification unsealed = rewriteAndRecompute(target);
        assertThat(unsealed.intact()).as("without a seal after it, a recomputed chain passes: " + unsealed).isTrue();

        AuditSeals.Seal seal = seals.seal(LocalDate.of(2031, 4, 1));
        someEvents("AUDIT-SEAL-REWRITE", 2);
        assertThat(audit.verify().intact()).isTrue();

        AuditLog.Verification found = rewriteAndRecompute(target);
        assertThat(found.intact()).isFalse();
        assertThat(found.brokenSeal()).isEqualTo(seal.documentNumber());
        assertThat(found.reason()).contains("seal", seal.documentNumber());
        assertThat(audit.verify().intact()).as("the rewrite was rolled back").isTrue();

        Api.Response api = Api.as(port, "admin").get("/api/v1/audit-events/verification");
        assertThat(api.json()).containsEntry("intact", true).containsKey("sealsChecked");
    }

    static String text(byte[] pdf) throws java.io.IOException {
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", "");
        }
    }

    /** In a transaction rolled back afterwards: the event's detail changed, every hash from it on recomputed. */
    private AuditLog.Verification rewriteAndRecompute(long target) {
        return AuditChainTest.asOwner(jdbc, dataSource, () -> new TransactionTemplate(transactions).execute(status -> {
            AuditChainTest.suspendGuard(jdbc, dataSource);
            jdbc.sql("update app.audit_event set detail = 'rewritten' where id = ?").param(target).update();
            String prev = jdbc.sql("select prev_hash from app.audit_event where id = ?").param(target)
                    .query(String.class).single();
            List<AuditLog.Event> later = jdbc.sql("select id, occurred_at, actor, action, subject, state_before,"
                            + " state_after, detail, prev_hash, hash from app.audit_event where id >= ? order by id")
                    .param(target)
                    .query((rs, i) -> new AuditLog.Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10))).list();
            long last = target;
            for (AuditLog.Event e : later) {
                String hash = AuditLog.hash(prev, e.occurredAt(), e.actor(), e.action(), e.subject(), e.stateBefore(),
                        e.stateAfter(), e.detail());
                jdbc.sql("update app.audit_event set prev_hash = ?, hash = ? where id = ?").params(prev, hash, e.id()).update();
                prev = hash;
                last = e.id();
            }
            jdbc.sql("update app.audit_head set last_id = ?, last_hash = ? where id = 1").params(last, prev).update();
            AuditLog.Verification result = audit.verify();
            status.setRollbackOnly();
            return result;
        }));
    }
}
