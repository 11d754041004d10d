package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.kcyj.support.ServerErrors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A call of ten proposals is drawn in one action (five experts each, one proposal per expert); then fifty
 * reviewers submit at the same moment, so that sibling tasks of one process complete concurrently: no review
 * is lost, every answer is 200, and each proposal is aggregated exactly once. Runs on H2 and PostgreSQL (tag db).
 */
@IntegrationTest
class ConcurrentReviewsTest {
    private static final int PROPOSALS = 10;
    private static final int PER_PROPOSAL = 5;

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;

    /** Fifty experts of their own (not the demo pool), each in the pool for discipline 430. */
    private List<String> experts() {
        List<String> experts = new ArrayList<>();
        for (int i = 1; i <= PROPOSALS * PER_PROPOSAL; i++) {
            String username = "crowd" + i;
            if (!users.exists(username)) {
                users.createUser(username, "demo", "并发专家" + i, username + "@experts.example", null, false,
                        EnumSet.of(Role.REVIEWER));
                Timestamp now = Timestamp.from(Instant.now());
                jdbc.sql("""
                                insert into app.expert (username, name, discipline_codes, created_by, created_at, updated_by, updated_at)
                                values (?, ?, '430', 'test', ?, 'test', ?)""")
                        .params(username, "并发专家" + i, now, now).update();
            }
            experts.add(username);
        }
        return experts;
    }

    @Test
    void fiftyReviewersAtOnceLoseNothingAndEachProposalIsAggregatedOnce() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("并发评审", 3);
        List<String> experts = experts();
        List<String> numbers = new ArrayList<>();
        for (int p = 0; p < PROPOSALS; p++) {
            String no = scenario.submitted(p % 2 == 0 ? "applicant1" : "applicant2", call);
            scenario.passed(no);
            numbers.add(no);
        }

        // One draw for the whole call: five experts per proposal, at most one proposal per expert, from the
        // fifty experts of this test (the rest of the pool paused meanwhile).
        List<String> paused = jdbc.sql("select username from app.expert where available = true and username not like 'crowd%'")
                .query(String.class).list();
        List<Map.Entry<String, String>> acts = new ArrayList<>();
        try {
            jdbc.sql("update app.expert set available = false where username in (:names)").param("names", paused).update();
            scenario.parameter("review.min-reviewers", String.valueOf(PER_PROPOSAL));
            scenario.parameter("review.max-per-expert", "1");
            Api manager = Api.as(port, "manager1");
            Map<String, Object> draw = manager.post("/api/v1/calls/" + call + "/reviewer-draws", Map.of("seed", 50)).json();
            assertThat(manager.post("/api/v1/reviewer-draws/" + draw.get("id") + "/application", Map.of()).status()).isEqualTo(200);
            await("the draw is applied").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> manager.get("/api/v1/reviewer-draws/" + draw.get("id")).json().get("status"), "APPLIED"::equals);
        } finally {
            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", paused).update();
            scenario.parameter("review.min-reviewers", "3");
            scenario.parameter("review.max-per-expert", "10");
        }
        for (String no : numbers) {
            List<String> invited = jdbc.sql("""
                            select i.expert from app.review_invitation i join app.proposal p on p.id = i.proposal_id
                            where p.number = ? and i.status = 'INVITED'""").param(no).query(String.class).list();
            assertThat(invited).hasSize(PER_PROPOSAL).allMatch(e -> e.startsWith("crowd"));
            invited.forEach(expert -> {
                scenario.accept(no, expert);
                acts.add(Map.entry(no, expert));
            });
        }
        assertThat(acts.stream().map(Map.Entry::getValue).distinct()).as("fifty different reviewers").hasSize(experts.size());

        ExecutorService pool = Executors.newFixedThreadPool(acts.size());
        try (ServerErrors errors = ServerErrors.capture()) {
            CyclicBarrier start = new CyclicBarrier(acts.size());
            List<Future<Api.Response>> answers = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> act : acts) {
                int total = 60 + (i++ % 35);
                Map<String, Object> body = Reviews.body(total, "FUNDABLE");
                answers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return Api.as(port, act.getValue()).post("/api/v1/proposals/" + act.getKey() + "/reviews", body);
                }));
            }
            for (Future<Api.Response> answer : answers) {
                Api.Response response = answer.get(120, TimeUnit.SECONDS);
                assertThat(response.status()).as(() -> response.text() + "\nserver errors:\n" + errors.describe())
                        .isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        for (String no : numbers) {
            assertThat(jdbc.sql("select count(*) from app.review r join app.proposal p on p.id = r.proposal_id where p.number = ?")
                    .param(no).query(Integer.class).single()).as("reviews of %s", no).isEqualTo(PER_PROPOSAL);
            assertThat(jdbc.sql("select review_count from app.review_result r join app.proposal p on p.id = r.proposal_id where p.number = ?")
                    .param(no).query(Integer.class).list()).as("one result of %s", no).containsExactly(PER_PROPOSAL);
            assertThat(jdbc.sql("select count(*) from app.audit_event where subject = ? and action = 'REVIEWS_AGGREGATED'")
                    .param(no).query(Integer.class).single()).as("aggregated once: %s", no).isEqualTo(1);
            assertThat(jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single())
                    .isEqualTo("REVIEWED");
        }
    }
}
