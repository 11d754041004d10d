package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A timer firing while a user acts on the same step has exactly one winner: either the user's act is applied
 * and the timer's job is gone, or the timer's path is taken and the user gets a 409 (never a 500); the
 * process moves once, one replacement at most is drawn and mailed, and each outcome is audited once.
 * The timer fires, in alternate rounds, as the job executor runs a job it holds ({@link
 * ManagementService#executeJob}) and as an administrator fires it ({@code POST /api/v1/timers/{id}/execution},
 * which must answer 200 or 409, never 500); the user acts through the API. Each round is a fresh proposal; both
 * sides start together and one is held back by a share of the user's request time, which sweeps from the user
 * held back (the timer clearly first), through the two overlapping, to the timer held back (the user clearly
 * first). Both outcomes must occur. Runs on H2 and PostgreSQL (tag db) and prints, per race, how many rounds
 * each side won and how the losers were refused.
 */
@IntegrationTest
class TimerRaceTest {
    private static final int ROUNDS = 8;
    /** The expert who races the timer, in slot 1; the others only fill the slots a proposal needs. */
    private static final String RACER = "reviewer1";
    private static final List<String> REVIEWERS = List.of(RACER, "reviewer2", "reviewer5");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;

    private ExecutorService pool;
    /** How long the user's requests take (a running mean, from a first guess); the timer aims within it. */
    private volatile long userMillis = 200;

    @BeforeEach
    void threads() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    /**
     * What one round's two sides got: the user's answer, and how the timer lost (null when it fired): the
     * engine's exception, or the administrator's refusal.
     */
    private record Race(Api.Response user, String timerFailure) {
        boolean timerWon() {
            return timerFailure == null;
        }

        boolean userWon() {
            return user.status() == 200;
        }

        String describe(int round, String no) {
            return "round " + round + " (" + no + "): " + this;
        }

        @Override
        public String toString() {
            String answer = user.text();
            return "user " + user.status() + " " + answer.substring(0, Math.min(answer.length(), 300)) + ", timer "
                    + (timerFailure == null ? "fired" : "failed: " + timerFailure);
        }
    }

    /** Tallies of a race's rounds, printed once per database. */
    private static final class Tally {
        int timerWon;
        int userWon;
        final Map<String, Integer> userRefusals = new TreeMap<>();
        final Map<String, Integer> timerFailures = new TreeMap<>();

        void add(Race race) {
            if (race.timerWon()) {
                timerWon++;
                userRefusals.merge(String.valueOf(race.user().json().get("type")).replace("urn:kcyj:problem:", ""), 1,
                        Integer::sum);
            } else {
                userWon++;
                timerFailures.merge(race.timerFailure(), 1, Integer::sum);
            }
        }

        /** Prints the tally, then requires both outcomes. */
        void report(String race) {
            System.out.printf("TimerRaceTest [%s] %s: %d rounds, timer won %d, user won %d; user refused with %s;"
                            + " timer failed with %s%n", System.getProperty("test.database", "h2"), race,
                    timerWon + userWon, timerWon, userWon, userRefusals, timerFailures);
            assertThat(timerWon).as(race + ": the timer won the rounds where it went clearly first").isPositive();
            assertThat(userWon).as(race + ": the user won the rounds where they went clearly first").isPositive();
        }
    }

    @Test
    void anInvitationExpiringAsTheExpertAcceptsHasOneWinner() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("定时器竞争：邀请过期", 10);
        Tally tally = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            String no = assigned(scenario, call);
            String expiry = timer(no, "Event_InvitationExpired", RACER);
            Race race = judged(tally, round, no, expiry, () -> Api.as(port, RACER)
                    .post("/api/v1/proposals/" + no + "/invitation", Map.of("response", "ACCEPT", "noConflict", true)));
            String as = race.describe(round, no);

            assertThat(management.createJobQuery().jobId(expiry).count()).as(as).isZero();
            assertThat(invitationStatus(no, RACER)).as(as).isEqualTo(race.userWon() ? "ACCEPTED" : "EXPIRED");
            assertThat(openTasks(no, "Task_RespondToInvitation", RACER)).as(as).isZero();
            assertThat(openTasks(no, "Task_ReviewProposal", RACER)).as(as).isEqualTo(race.userWon() ? 1 : 0);
            assertThat(waitingTimers(no, "Event_ReviewOverdue")).as(as).isEqualTo(race.userWon() ? 1 : 0);
            assertThat(audited(no, "REVIEW_INVITATION_ACCEPT")).as(as).isEqualTo(race.userWon() ? 1 : 0);
            assertThat(audited(no, "REVIEW_INVITATION_EXPIRED")).as(as).isEqualTo(race.timerWon() ? 1 : 0);
            assertReplacement(no, race, as);
            assertThat(Api.as(port, RACER).get("/api/v1/proposals/" + no).status())
                    .as("only an expert who accepted reads the proposal; " + as).isEqualTo(race.userWon() ? 200 : 404);
        }
        tally.report("invitation expiry vs. the expert accepting");
    }

    @Test
    void theOverdueTimerReplacingAReviewerAsTheySubmitHasOneWinner() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("定时器竞争：逾期更换", 10);
        Tally tally = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            String no = assigned(scenario, call);
            scenario.accept(no, RACER);
            String overdue = timer(no, "Event_ReviewOverdue", RACER);
            Map<String, Object> review = Reviews.body(70 + round, "FUNDABLE");
            Race race = judged(tally, round, no, overdue,
                    () -> Api.as(port, RACER).post("/api/v1/proposals/" + no + "/reviews", review));
            String as = race.describe(round, no);

            assertThat(management.createJobQuery().jobId(overdue).count()).as(as).isZero();
            assertThat(invitationStatus(no, RACER)).as(as).isEqualTo(race.userWon() ? "SUBMITTED" : "OVERDUE");
            assertThat(jdbc.sql("select count(*) from app.review r join app.proposal p on p.id = r.proposal_id"
                            + " where p.number = ? and r.reviewer = ?").params(no, RACER).query(Integer.class).single())
                    .as("the review is stored only if it won; " + as).isEqualTo(race.userWon() ? 1 : 0);
            assertThat(openTasks(no, "Task_ReviewProposal", RACER)).as(as).isZero();
            assertThat(waitingTimers(no, "Event_ReviewOverdue")).as("the slot's other timers went with it; " + as).isZero();
            assertThat(waitingTimers(no, "Event_ReviewReminder")).as(as).isZero();
            assertThat(waitingTimers(no, "Event_ReviewDeadlinePassed")).as(as).isZero();
            assertThat(audited(no, "REVIEW_SUBMITTED")).as(as).isEqualTo(race.userWon() ? 1 : 0);
            assertThat(audited(no, "REVIEWER_REPLACED_OVERDUE")).as(as).isEqualTo(race.timerWon() ? 1 : 0);
            assertReplacement(no, race, as);
            assertThat(Api.as(port, RACER).get("/api/v1/proposals/" + no).status())
                    .as("a replaced reviewer loses the proposal; " + as).isEqualTo(race.userWon() ? 200 : 404);
        }
        tally.report("overdue replacement vs. the reviewer submitting");
    }

    /** Runs the round's race, checks that it had exactly one winner and counts it. */
    private Race judged(Tally tally, int round, String no, String jobId, Callable<Api.Response> user) throws Exception {
        Race race = race(round, jobId, user);
        assertOneWinner(race, race.describe(round, no));
        tally.add(race);
        return race;
    }

    /**
     * Both sides wait at a barrier; then one of them is held back by the round's share of the time the user's
     * requests take: the user by one and a half times it in the first round, the timer by as much in the last,
     * and less in between, so that the rounds sweep from the timer firing first, through the two overlapping,
     * to the user acting first. Even rounds fire the timer as the job executor does, odd ones as an
     * administrator does.
     */
    private Race race(int round, String jobId, Callable<Api.Response> user) throws Exception {
        long offset = Math.round(userMillis * 1.5 * (2.0 * round / (ROUNDS - 1) - 1));
        boolean byAdministrator = round % 2 == 1;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<String> timer = pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            Thread.sleep(Math.max(0, offset));
            return byAdministrator ? fireAsAdministrator(jobId) : fireAsJobExecutor(jobId);
        });
        Future<Api.Response> answer = pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            Thread.sleep(Math.max(0, -offset));
            long sent = System.nanoTime();
            Api.Response response = user.call();
            userMillis = (userMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)) / 2;
            return response;
        });
        return new Race(answer.get(60, TimeUnit.SECONDS), timer.get(60, TimeUnit.SECONDS));
    }

    /** Null if the job ran; else how it failed: on finding its job gone, or the engine's exception. */
    private String fireAsJobExecutor(String jobId) {
        try {
            management.executeJob(jobId);
            return null;
        } catch (RuntimeException lost) {
            return String.valueOf(lost.getMessage()).contains("No job found") ? "job already gone"
                    : lost.getClass().getSimpleName();
        }
    }

    /** Null if the administrator's request fired the timer; else the refusal, which must be a 409. */
    private String fireAsAdministrator(String jobId) {
        Api.Response fired = Api.as(port, "admin").post("/api/v1/timers/" + jobId + "/execution", Map.of());
        if (fired.status() == 200) {
            return null;
        }
        assertThat(fired.status()).as("the administrator is refused with a 409, never a 500: " + fired.text())
                .isIn(404, 409);
        return "administrator " + fired.status() + " " + String.valueOf(fired.json().get("type"))
                .replace("urn:kcyj:problem:", "");
    }

    /**
     * Exactly one side won, and a user who lost got a 409 that says why (never a 500). A timer that lost failed
     * as a whole: on the engine's optimistic lock, on finding its job gone, or on reading a process that the
     * user's commit changed under it; its job is gone with the step either way (asserted by the callers), so
     * the job executor neither repeats it nor raises an incident.
     */
    private static void assertOneWinner(Race race, String as) {
        assertThat(race.user().status()).as("the user's answer; " + as).isIn(200, 409);
        assertThat(race.userWon()).as("exactly one winner; " + as).isNotEqualTo(race.timerWon());
        if (!race.userWon()) {
            assertThat(race.user().contentType()).as(as).startsWith("application/problem+json");
            assertThat((String) race.user().json().get("type")).as("a refusal the user can read; " + as)
                    .isIn("urn:kcyj:problem:invitation-answered", "urn:kcyj:problem:stage",
                            "urn:kcyj:problem:concurrent-change");
        }
    }

    /**
     * Slot 1 drew exactly one replacement, invited and mailed once, if the timer won; none if the user did.
     * The other slots are untouched either way.
     */
    private void assertReplacement(String no, Race race, String as) {
        List<Map<String, Object>> others = jdbc.sql("""
                        select i.id, i.expert, i.slot, i.attempt, i.status, u.email from app.review_invitation i
                        join app.proposal p on p.id = i.proposal_id join app.app_user u on u.username = i.expert
                        where p.number = :number and i.expert not in (:reviewers) order by i.id""")
                .param("number", no).param("reviewers", REVIEWERS).query().listOfRows();
        assertThat(audited(no, "REVIEWER_REPLACEMENT_DRAWN")).as(as).isEqualTo(race.timerWon() ? 1 : 0);
        assertThat(invitationMails(no)).as("invitation mails; " + as).isEqualTo(REVIEWERS.size() + (race.timerWon() ? 1 : 0));
        assertThat(openTasks(no, "Task_RespondToInvitation", null)).as("experts asked to answer; " + as)
                .isEqualTo(REVIEWERS.size() - 1 + (race.timerWon() ? 1 : 0));
        assertThat(waitingTimers(no, "Event_InvitationExpired")).as(as)
                .isEqualTo(REVIEWERS.size() - 1 + (race.timerWon() ? 1 : 0));
        if (race.userWon()) {
            assertThat(others).as("no replacement; " + as).isEmpty();
            return;
        }
        assertThat(others).as("one replacement; " + as).hasSize(1);
        Map<String, Object> replacement = others.get(0);
        assertThat(((Number) replacement.get("slot")).intValue()).as(as).isEqualTo(1);
        assertThat(((Number) replacement.get("attempt")).intValue()).as(as).isEqualTo(2);
        assertThat(replacement.get("status")).as(as).isEqualTo("INVITED");
        assertThat(openTasks(no, "Task_RespondToInvitation", (String) replacement.get("expert"))).as(as).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from app.mail_outbox where idempotency_key = ? and recipient = ?")
                .params("review-invitation-" + replacement.get("id"), replacement.get("email")).query(Integer.class).single())
                .as("the replacement is mailed once; " + as).isEqualTo(1);
    }

    /** A fresh proposal of the call, passed and assigned to {@link #REVIEWERS}, none of whom has answered. */
    private String assigned(Scenario scenario, long call) {
        String no = scenario.submitted("applicant1", call);
        scenario.passed(no);
        Api.Response assigned = Api.as(port, "manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", REVIEWERS));
        assertThat(assigned.status()).as(assigned.text()).isEqualTo(200);
        return no;
    }

    /** The one timer of the proposal waiting at the event for the expert's task. */
    private String timer(String no, String event, String expert) {
        List<String> executions = tasks.createTaskQuery().processInstanceBusinessKey(no).taskAssignee(expert).list()
                .stream().map(org.camunda.bpm.engine.task.Task::getExecutionId).toList();
        List<Job> found = management.createJobQuery().timers().activityId(event).list().stream()
                .filter(j -> executions.contains(j.getExecutionId())).toList();
        assertThat(found).as(event + " of " + expert + " on " + no).hasSize(1);
        return found.get(0).getId();
    }

    private long waitingTimers(String no, String event) {
        List<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(no).list().stream()
                .map(ProcessInstance::getId).toList();
        return management.createJobQuery().timers().activityId(event).list().stream()
                .filter(j -> instances.contains(j.getProcessInstanceId())).count();
    }

    private long openTasks(String no, String taskKey, String assignee) {
        var query = tasks.createTaskQuery().processInstanceBusinessKey(no).taskDefinitionKey(taskKey);
        return (assignee == null ? query : query.taskAssignee(assignee)).count();
    }

    private String invitationStatus(String no, String expert) {
        return jdbc.sql("""
                        select i.status from app.review_invitation i join app.proposal p on p.id = i.proposal_id
                        where p.number = ? and i.expert = ?""").params(no, expert).query(String.class).single();
    }

    private int audited(String no, String action) {
        return jdbc.sql("select count(*) from app.audit_event where subject = ? and action = ?").params(no, action)
                .query(Integer.class).single();
    }

    private int invitationMails(String no) {
        return jdbc.sql("select count(*) from app.mail_outbox where subject like ?").param("【评审邀请】" + no + " %")
                .query(Integer.class).single();
    }
}
