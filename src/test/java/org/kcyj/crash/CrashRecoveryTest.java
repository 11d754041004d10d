package org.kcyj.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.kcyj.support.TestDatabaseEnvironment;
import org.kcyj.support.TestDatabaseEnvironment.Database;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Kill -9 at chosen points of the lifecycle, restart, finish: nothing lost, nothing done twice.
 *
 * <p>The product runs in its own JVM ({@link RunningApplication}) on a PostgreSQL database that outlives it. At
 * each point {@link CrashDriver} holds the thread that reached it, and the test kills the process with SIGKILL.
 * Then it reads the database directly, restarts the product, and carries on as its users would (submitting
 * again, drawing again, firing the timer again). Six points:
 * <ol>
 *   <li>inside the document step of a submission (the 申报书 written, not committed);</li>
 *   <li>after a submission committed, before the applicant got the answer (who then submits again);</li>
 *   <li>inside the background reviewer draw, between two proposals;</li>
 *   <li>inside the timer step that issues the approval notice (立项通知书);</li>
 *   <li>inside a timer job the job executor runs (an invitation expiring, its replacement drawn);</li>
 *   <li>in the mail dispatcher after the mail server accepted a mail, before it was marked sent;</li>
 *   <li>in the mail dispatcher after a mail was claimed, before it reached the server.</li>
 * </ol>
 * Documents, invitations and mails carry idempotency keys; the counts below prove they are used. Run by
 * {@code mvn verify} (its own failsafe execution, tag {@code crash}).
 */
@Tag("crash")
class CrashRecoveryTest {
    /** Short, so the test need not wait ten minutes for a mail left by a dead dispatcher. */
    static final Duration SENDING_LEASE = Duration.ofSeconds(30);
    /** Likewise for a timer job the job executor was running when the node died. */
    static final Duration JOB_LOCK = Duration.ofSeconds(30);
    private static final Duration POINT_TIMEOUT = Duration.ofMinutes(3);
    private static final String DOCUMENT_INSERT = "insert into app\\.document";

    private static GreenMail smtp;
    private static Database database;
    private static JdbcClient jdbc;
    private RunningApplication app;
    private int runs;
    private int kills;

    @BeforeAll
    static void infrastructure() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        database = TestDatabaseEnvironment.newPostgresDatabase("kcyj_crash_");
        jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
    }

    @AfterAll
    static void stopInfrastructure() {
        RunningApplication.killAll();
        if (smtp != null) {
            smtp.stop();
        }
    }

    @AfterEach
    void stopApplication() {
        RunningApplication.disarm();
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void killedAtSevenPointsTheLifecycleFinishesWithNothingLostAndNothingTwice() throws Exception {
        start(false);
        long call = scenario().openCall("断电恢复测试批次", 10);
        long topic = scenario().topicOf(call);
        String first = draft("applicant1", call);
        Map<String, Object> firstApplication = application(topic);

        // 1. Inside the document step: the 申报书 is written in the submission's transaction, which never commits.
        killedWhileSubmitting("inside-the-document-step", "after", "applicant1", first, firstApplication);
        assertThat(status(first)).as("nothing half-done: still a draft").isEqualTo("DRAFT");
        assertThat(documents(first)).isEmpty();
        assertThat(versions(first)).isZero();
        assertThat(audit(first, "PROPOSAL_SUBMITTED")).isZero();

        start(false);
        Api.Response again = submit("applicant1", first, firstApplication);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(documents(first)).containsExactly(first + "-SBS-1", first + "-HZ-1");

        // 2. After the commit, before the answer: the applicant does not know it went through, and submits again.
        String second = draft("applicant2", call);
        Map<String, Object> secondApplication = application(topic);
        killedWhileSubmitting("after-the-commit-before-the-answer", "after-commit", "applicant2", second, secondApplication);
        assertThat(status(second)).as("nothing lost").isEqualTo("SUBMITTED");
        assertThat(documents(second)).containsExactly(second + "-SBS-1", second + "-HZ-1");

        start(false);
        Api.Response repeated = submit("applicant2", second, secondApplication);
        assertThat(repeated.status()).as("a clear refusal, not a second submission: " + repeated.text()).isEqualTo(409);
        assertThat(documents(second)).containsExactly(second + "-SBS-1", second + "-HZ-1");
        assertThat(versions(second)).isEqualTo(1);
        assertThat(audit(second, "PROPOSAL_SUBMITTED")).isEqualTo(1);

        // 3. Inside the background draw: invitations are written proposal by proposal; the second never commits.
        scenario().passed(first);
        scenario().passed(second);
        Api manager = Api.as(app.port(), "manager1");
        long draw = id(manager.post("/api/v1/calls/" + call + "/reviewer-draws", Map.of("seed", 2035)));
        RunningApplication.arm("inside-the-draw", "insert into app\\.review_invitation", "after", 4);
        Api.Response applying = manager.post("/api/v1/reviewer-draws/" + draw + "/application", Map.of());
        assertThat(applying.status()).as(applying.text()).isBetween(200, 202);
        killAt("inside-the-draw");
        Map<String, Integer> invited = invitationsPerProposal(first, second);
        assertThat(invited.values()).as("one proposal invited in full, the other not at all: " + invited)
                .containsExactlyInAnyOrder(3, 0);
        List<Long> committed = jdbc.sql("select id from app.review_invitation order by id").query(Long.class).list();

        start(false);
        assertThat(drawStatus(draw)).as("ended at start-up").isEqualTo("APPLIED");
        long redraw = id(Api.as(app.port(), "manager1").post("/api/v1/calls/" + call + "/reviewer-draws",
                Map.of("seed", 2036)));
        assertThat(Api.as(app.port(), "manager1").post("/api/v1/reviewer-draws/" + redraw + "/application", Map.of())
                .status()).isBetween(200, 202);
        awaitApplied(redraw);
        assertThat(invitationsPerProposal(first, second)).as("three each, none twice")
                .containsEntry(first, 3).containsEntry(second, 3);
        assertThat(jdbc.sql("select id from app.review_invitation order by id").query(Long.class).list())
                .as("the invitations committed before the crash stand").containsAll(committed).hasSize(6);
        assertThat(jdbc.sql("select count(*) from (select distinct proposal_id, expert from app.review_invitation) x")
                .query(Integer.class).single()).isEqualTo(6);

        // 4. Inside the timer step that issues the approval notice: the timer survives the crash and fires again.
        for (String expert : experts(first)) {
            scenario().accept(first, expert);
            scenario().review(first, expert, 85, "PRIORITY");
        }
        Api.Response proposed = Api.as(app.port(), "manager1").post("/api/v1/proposals/" + first + "/funding-proposal",
                Map.of("decision", "FUND", "amount", 300));
        assertThat(proposed.status()).as(proposed.text()).isEqualTo(200);
        Api.Response approved = Api.as(app.port(), "director").post("/api/v1/proposals/" + first + "/funding-approval",
                Map.of("decision", "APPROVE"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(status(first)).isEqualTo("IN_PUBLICITY");
        String timer = publicityTimer(first);
        RunningApplication.arm("inside-the-timer-step", DOCUMENT_INSERT, "after", 1);
        CompletableFuture<Api.Response> fired = later(() -> Api.as(app.port(), "admin")
                .post("/api/v1/timers/" + timer + "/execution", Map.of()));
        killAt("inside-the-timer-step");
        assertThat(fired).failsWithin(Duration.ofSeconds(30));
        assertThat(status(first)).isEqualTo("IN_PUBLICITY");
        assertThat(documents(first)).noneMatch(number -> number.contains("-TZS-"));
        assertThat(jdbc.sql("select count(*) from act_ru_job where id_ = ?").param(timer).query(Integer.class).single())
                .as("the timer is still there").isEqualTo(1);

        // 5. Inside a timer job run by the job executor: an invitation of the second proposal expires (the clock moved
        // on while the product was down) and its replacement is drawn; the job stays locked by the dead node.
        String expiry = jdbc.sql("""
                        select j.id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_
                        join act_ru_execution e on e.id_ = j.process_instance_id_
                        where d.act_id_ = 'Event_InvitationExpired' and e.business_key_ = ?
                        order by j.id_ fetch first 1 rows only""").param(second).query(String.class).single();
        jdbc.sql("update act_ru_job set duedate_ = current_timestamp - interval '1' minute where id_ = ?")
                .param(expiry).update();
        RunningApplication.arm("inside-a-timer-job", "insert into app\\.review_invitation", "after", 1);
        start(false, false);
        killAt("inside-a-timer-job");
        assertThat(invitationsPerProposal(second)).as("the replacement rolled back").containsEntry(second, 3);
        assertThat(jdbc.sql("select count(*) from app.review_invitation where status = 'EXPIRED'").query(Integer.class)
                .single()).isZero();
        assertThat(jdbc.sql("select lock_owner_ from act_ru_job where id_ = ?").param(expiry).query(String.class)
                .single()).as("locked by the node that died").isNotNull();

        // 6. The mail server accepted a mail, the dispatcher died before marking it sent.
        int queued = jdbc.sql("select count(*) from app.mail_outbox").query(Integer.class).single();
        assertThat(queued).as("invitations and more, all waiting: no mail server so far").isGreaterThanOrEqualTo(6);
        assertThat(smtp.getReceivedMessages()).isEmpty();
        RunningApplication.arm("after-the-server-accepted-the-mail", "update app\\.mail_outbox set sent_at", "before", 1);
        start(true, false);
        killAt("after-the-server-accepted-the-mail");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        String deliveredTwice = smtp.getReceivedMessages()[0].getMessageID();

        // 7. A mail claimed, the dispatcher died before talking to the server.
        RunningApplication.arm("after-the-claim", "update app\\.mail_outbox set attempts = attempts \\+ 1", "after", 1);
        start(true, false);
        killAt("after-the-claim");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // Restarted for good: the expiry runs once its lock has ended, every mail goes out, the timer fires again.
        start(true);
        await("the expiry taken up again").atMost(JOB_LOCK.plus(Duration.ofSeconds(90))).pollInterval(Duration.ofMillis(500))
                .until(() -> invitationsPerProposal(second).get(second), invitations -> invitations >= 4);
        assertThat(jdbc.sql("select count(*) from act_ru_job where id_ = ?").param(expiry).query(Integer.class).single())
                .as("the expiry done").isZero();
        assertThat(jdbc.sql("select i.status from app.review_invitation i join app.proposal p on p.id = i.proposal_id"
                + " where p.number = ? order by i.id").param(second).query(String.class).list())
                .as("one expired, one replacement, no more").containsExactlyInAnyOrder("EXPIRED", "INVITED", "INVITED", "INVITED");
        assertThat(audit(second, "REVIEW_INVITATION_EXPIRED")).isEqualTo(1);
        awaitAllMailSent();
        String fireAgain = publicityTimer(first);
        Api.Response notice = Api.as(app.port(), "admin").post("/api/v1/timers/" + fireAgain + "/execution", Map.of());
        assertThat(notice.status()).as(notice.text()).isEqualTo(200);
        assertThat(status(first)).isEqualTo("FUNDED");
        assertThat(documents(first).stream().filter(number -> number.contains("-TZS-"))).containsExactly(first + "-TZS-1");
        assertThat(audit(first, "APPROVAL_NOTICE_ISSUED")).isEqualTo(1);
        awaitAllMailSent();

        // Nothing lost, nothing twice: one delivery per outbox row, except the one mail the server had accepted when
        // the dispatcher died, delivered again under the same Message-ID.
        Map<String, Integer> deliveries = new HashMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            deliveries.merge(messageId(message), 1, Integer::sum);
        }
        List<Map<String, Object>> outbox = jdbc.sql("select id, idempotency_key, sent_at from app.mail_outbox")
                .query().listOfRows();
        assertThat(outbox).allSatisfy(row -> assertThat(row.get("sent_at")).as("sent: " + row).isNotNull());
        assertThat(deliveries).as("one Message-ID per outbox row").hasSize(outbox.size());
        assertThat(deliveries).containsEntry(deliveredTwice, 2);
        assertThat(deliveries.entrySet().stream().filter(e -> !e.getKey().equals(deliveredTwice)))
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));
        assertThat(smtp.getReceivedMessages()).hasSize(outbox.size() + 1);

        // Every document once: 申报书, 回执, 形式审查意见, three 专家评审意见表, one 立项通知书; no second version of any.
        assertThat(documents(first)).containsExactlyInAnyOrder(first + "-SBS-1", first + "-HZ-1", first + "-XSSC-1",
                first + "-PSYJ-1", first + "-PSYJ-2", first + "-PSYJ-3", first + "-TZS-1");
        assertThat(documents(second)).containsExactlyInAnyOrder(second + "-SBS-1", second + "-HZ-1", second + "-XSSC-1");
        // Still consistent: no incident, the audit chain whole.
        assertThat(jdbc.sql("select count(*) from act_ru_incident").query(Integer.class).single()).isZero();
        Map<String, Object> chain = Api.as(app.port(), "admin").get("/api/v1/audit-events/verification").json();
        assertThat(chain.get("intact")).as(chain.toString()).isEqualTo(true);

        System.out.printf("Crash recovery: %d runs, %d SIGKILLs, %d documents, %d invitations, %d mails "
                        + "(%d deliveries, 1 repeated under its Message-ID), nothing lost%n", runs, kills,
                jdbc.sql("select count(*) from app.document").query(Integer.class).single(),
                jdbc.sql("select count(*) from app.review_invitation").query(Integer.class).single(), outbox.size(),
                smtp.getReceivedMessages().length);
    }

    /** The usual steps, on the application now running (each start has a new port). */
    private Scenario scenario() {
        return new Scenario(app.port());
    }

    private void start(boolean mail) {
        start(mail, true);
    }

    private void start(boolean mail, boolean waitUntilReady) {
        runs++;
        app = RunningApplication.start("run-" + runs, database, mail ? smtp.getSmtp().getPort() : 0, waitUntilReady);
    }

    /** The applicant submits; the product is killed when the submission writes its 申报书; the answer never comes. */
    private void killedWhileSubmitting(String point, String when, String applicant, String number,
                                       Map<String, Object> application) {
        RunningApplication.arm(point, DOCUMENT_INSERT, when, 1);
        CompletableFuture<Api.Response> answer = submitLater(applicant, number, application);
        killAt(point);
        assertThat(answer).failsWithin(Duration.ofSeconds(30));
    }

    private void killAt(String point) {
        // the points reached during start-up count the start too
        app.killWhenStopped(point, POINT_TIMEOUT.plus(RunningApplication.START_TIMEOUT));
        app = null;
        kills++;
    }

    private String draft(String applicant, long call) {
        Api.Response drafted = Api.as(app.port(), applicant).post("/api/v1/proposals", Map.of("callId", call));
        assertThat(drafted.status()).as(drafted.text()).isEqualTo(201);
        return (String) drafted.json().get("number");
    }

    private static Map<String, Object> application(long topic) {
        Map<String, Object> application = Applications.complete(topic);
        application.put("requestedBudget", "100");
        application.put("piIdNumber", Applications.uniquePi());
        return application;
    }

    private Api.Response submit(String applicant, String number, Map<String, Object> application) {
        return Api.as(app.port(), applicant).post("/api/v1/proposals/" + number + "/submission", application);
    }

    private CompletableFuture<Api.Response> submitLater(String applicant, String number, Map<String, Object> application) {
        return later(() -> submit(applicant, number, application));
    }

    private static CompletableFuture<Api.Response> later(Supplier<Api.Response> request) {
        return CompletableFuture.supplyAsync(request);
    }

    private static long id(Api.Response response) {
        assertThat(response.status()).as(response.text()).isBetween(200, 201);
        return ((Number) response.json().get("id")).longValue();
    }

    private static String status(String number) {
        return jdbc.sql("select status from app.proposal where number = ?").param(number).query(String.class).single();
    }

    private static List<String> documents(String number) {
        return jdbc.sql("select number from app.document where subject_number = ? order by id").param(number)
                .query(String.class).list();
    }

    private static int versions(String number) {
        return jdbc.sql("select count(*) from app.proposal_version v join app.proposal p on p.id = v.proposal_id"
                + " where p.number = ?").param(number).query(Integer.class).single();
    }

    private static int audit(String subject, String action) {
        return jdbc.sql("select count(*) from app.audit_event where subject = ? and action = ?")
                .params(subject, action).query(Integer.class).single();
    }

    private static Map<String, Integer> invitationsPerProposal(String... numbers) {
        Map<String, Integer> counts = new HashMap<>();
        for (String number : numbers) {
            counts.put(number, jdbc.sql("select count(*) from app.review_invitation i join app.proposal p"
                    + " on p.id = i.proposal_id where p.number = ?").param(number).query(Integer.class).single());
        }
        return counts;
    }

    private static List<String> experts(String number) {
        return jdbc.sql("select i.expert from app.review_invitation i join app.proposal p on p.id = i.proposal_id"
                + " where p.number = ? order by i.id").param(number).query(String.class).list();
    }

    private static String drawStatus(long draw) {
        return jdbc.sql("select status from app.review_draw where id = ?").param(draw).query(String.class).single();
    }

    private void awaitApplied(long draw) {
        await("draw " + draw + " applied").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> drawStatus(draw), "APPLIED"::equals);
    }

    private String publicityTimer(String number) {
        List<String> timers = Api.as(app.port(), "admin").get("/api/v1/timers?businessKey=" + number).jsonList().stream()
                .filter(t -> "Event_PublicityEnded".equals(t.get("activityId"))).map(t -> (String) t.get("id")).toList();
        assertThat(timers).as("the notice period's timer").hasSize(1);
        return timers.get(0);
    }

    private static void awaitAllMailSent() {
        await("every mail sent").atMost(SENDING_LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                jdbc.sql("select count(*) from app.mail_outbox where sent_at is null").query(Integer.class).single(), unsent -> unsent == 0);
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
