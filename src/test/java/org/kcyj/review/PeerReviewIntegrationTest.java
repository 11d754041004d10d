package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Peer review end to end through the API as the demo users: one action draws a whole call (seeded,
 * previewed, reproducible), experts answer the e-mailed invitation, declines and declared conflicts draw
 * replacements, scores aggregate, a panel votes, and the applicant reads and rates anonymised opinions.
 */
@IntegrationTest
class PeerReviewIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MailDispatcher mail;

    private Api as(String user) {
        return Api.as(port, user);
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isBetween(200, 299);
    }

    private List<String> proposals(Scenario scenario, long call, int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String no = scenario.submitted(i % 2 == 0 ? "applicant1" : "applicant2", call);
            scenario.passed(no);
            numbers.add(no);
        }
        return numbers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> drawn(Map<String, Object> draw) {
        return ((List<Map<String, Object>>) draw.get("rows")).stream().collect(Collectors.toMap(
                r -> (String) r.get("number"),
                r -> ((List<Map<String, Object>>) r.get("experts")).stream().map(e -> (String) e.get("username")).toList()));
    }

    private Map<String, Object> awaitApplied(long drawId) {
        return await("draw " + drawId + " applied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> as("manager1").get("/api/v1/reviewer-draws/" + drawId).json(),
                        draw -> "APPLIED".equals(draw.get("status")));
    }

    private String status(String number, String expert) {
        return jdbc.sql("""
                        select i.status from app.review_invitation i join app.proposal p on p.id = i.proposal_id
                        where p.number = ? and i.expert = ?""")
                .params(number, expert).query(String.class).optional().orElse(null);
    }

    private List<String> invited(String number, String status) {
        return jdbc.sql("""
                        select i.expert from app.review_invitation i join app.proposal p on p.id = i.proposal_id
                        where p.number = ? and i.status = ? order by i.slot""")
                .params(number, status).query(String.class).list();
    }

    private String email(String username) {
        return jdbc.sql("select email from app.app_user where username = ?").param(username).query(String.class).single();
    }

    private String proposalStatus(String number) {
        return (String) ((Map<?, ?>) as("manager1").get("/api/v1/proposals/" + number).json().get("proposal")).get("status");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallIsDrawnInOneActionAnsweredFromMailScoredRankedVotedAndItsOpinionsRated() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("专家评审全流程", 3);
        scenario.parameter("panel.required", "true");
        List<String> numbers = new ArrayList<>();
        numbers.add(scenario.submitted("applicant1", call, Applications.uniquePi()));
        scenario.passed(numbers.get(0));
        numbers.addAll(proposals(scenario, call, 2));

        // One action draws the whole call; the same seed draws the same experts; nothing is sent yet.
        Api manager = as("manager1");
        Map<String, Object> first = manager.post("/api/v1/calls/" + call + "/reviewer-draws", Map.of("seed", 20261128)).json();
        assertThat(first.get("status")).isEqualTo("PREVIEW");
        assertThat(((Number) first.get("seed")).longValue()).isEqualTo(20261128L);
        Map<String, List<String>> picks = drawn(first);
        assertThat(picks.keySet()).containsExactlyInAnyOrderElementsOf(numbers);
        picks.values().forEach(experts -> assertThat(experts).hasSize(3).doesNotHaveDuplicates());
        Map<String, Object> again = manager.post("/api/v1/calls/" + call + "/reviewer-draws", Map.of("seed", 20261128)).json();
        assertThat(drawn(again)).isEqualTo(picks);
        assertThat(manager.get("/api/v1/reviewer-draws/" + first.get("id")).json().get("status")).isEqualTo("SUPERSEDED");
        assertThat(manager.post("/api/v1/reviewer-draws/" + first.get("id") + "/application", Map.of()).status())
                .as("a superseded preview cannot be applied").isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from app.review_invitation i join app.proposal p on p.id = i.proposal_id where p.call_id = ?")
                .param(call).query(Integer.class).single()).isZero();

        // Nobody drawn is conflicted with the proposal they were drawn for.
        for (String no : numbers) {
            List<Map<String, Object>> flags = manager.get("/api/v1/proposals/" + no + "/conflicts").jsonList();
            Set<String> conflicted = flags.stream().filter(f -> !Boolean.TRUE.equals(f.get("waived")))
                    .map(f -> (String) f.get("expert")).collect(Collectors.toSet());
            assertThat(picks.get(no)).doesNotContainAnyElementsOf(conflicted);
            flags.forEach(f -> assertThat((String) f.get("evidence")).isNotBlank());
        }

        long drawId = ((Number) again.get("id")).longValue();
        ok(manager.post("/api/v1/reviewer-draws/" + drawId + "/application", Map.of()));
        Map<String, Object> applied = awaitApplied(drawId);
        assertThat(applied.get("appliedCount")).isEqualTo(3);
        assertThat(as("applicant1").get("/api/v1/reviewer-draws/" + drawId).status()).isEqualTo(403);

        // Every drawn expert is e-mailed; the mail names the proposal and no other expert.
        mail.flush();
        String a = numbers.get(0);
        List<String> experts = picks.get(a);
        for (String expert : experts) {
            TestMailServer.Message invitation = TestMailServer.awaitMessage(email(expert),
                    m -> m.subject().contains("评审邀请") && m.subject().contains(a), Duration.ofSeconds(10));
            assertThat(invitation.body()).contains(a, "/portal/reviews", "回避");
            experts.stream().filter(other -> !other.equals(expert)).forEach(other -> assertThat(invitation.body()).doesNotContain(other));
            assertThat(status(a, expert)).isEqualTo("INVITED");
        }

        // Before accepting, the expert sees enough to judge conflicts, not the application.
        String accepter = experts.get(0);
        assertThat(as(accepter).get("/api/v1/proposals/" + a).status()).isEqualTo(404);
        assertThat(as(accepter).get("/api/v1/proposals/" + a + "/invitation").json()).containsEntry("number", a)
                .containsKey("piName").containsKey("teamMembers");
        Api.Response undeclared = as(accepter).post("/api/v1/proposals/" + a + "/invitation", Map.of("response", "ACCEPT"));
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(Scenario.fields(undeclared)).containsExactly("noConflict");
        scenario.accept(a, accepter);
        assertThat(as(accepter).get("/api/v1/proposals/" + a).status()).isEqualTo(200);
        assertThat(as(accepter).post("/api/v1/proposals/" + a + "/invitation",
                Map.of("response", "DECLINE")).status()).as("answered once").isEqualTo(409);

        // A decline and a declared conflict each draw a replacement for that slot, who is e-mailed too.
        ok(as(experts.get(1)).post("/api/v1/proposals/" + a + "/invitation", Map.of("response", "DECLINE", "note", "出差")));
        Api.Response noReason = as(experts.get(2)).post("/api/v1/proposals/" + a + "/invitation", Map.of("response", "CONFLICT"));
        assertThat(noReason.status()).isEqualTo(400);
        ok(as(experts.get(2)).post("/api/v1/proposals/" + a + "/invitation",
                Map.of("response", "CONFLICT", "note", "曾与项目负责人合作")));
        assertThat(status(a, experts.get(1))).isEqualTo("DECLINED");
        assertThat(status(a, experts.get(2))).isEqualTo("CONFLICT");
        List<String> replacements = invited(a, "INVITED");
        assertThat(replacements).hasSize(2).doesNotContainAnyElementsOf(experts);
        assertThat(as(experts.get(2)).get("/api/v1/proposals/" + a).status()).as("a conflicted expert gets 404").isEqualTo(404);
        mail.flush();
        for (String replacement : replacements) {
            TestMailServer.awaitMessage(email(replacement), m -> m.subject().contains(a), Duration.ofSeconds(10));
            scenario.accept(a, replacement);
        }

        // Drafts keep the reviewer's work; the others' reviews open only after one's own.
        Map<String, Object> draft = Reviews.body(70, "FUNDABLE");
        draft.remove("grade");
        ok(as(accepter).post("/api/v1/proposals/" + a + "/review-draft", draft));
        Map<String, Object> form = as(accepter).get("/api/v1/proposals/" + a + "/review-form").json();
        assertThat((List<Map<String, Object>>) form.get("criteria")).hasSize(5)
                .allSatisfy(row -> assertThat(row).containsKeys("criterion", "score"));
        assertThat(form.get("opinion")).isEqualTo(Reviews.OPINION);

        List<String> reviewersOfA = new ArrayList<>(List.of(accepter));
        reviewersOfA.addAll(replacements);
        scenario.review(a, reviewersOfA.get(1), 90, "PRIORITY");
        assertThat(as(accepter).get("/api/v1/proposals/" + a + "/reviews").jsonList()).as("nothing before one's own").isEmpty();
        scenario.review(a, accepter, 60, "NOT_FUNDABLE");
        List<Map<String, Object>> seen = as(accepter).get("/api/v1/proposals/" + a + "/reviews").jsonList();
        assertThat(seen).hasSize(2);
        assertThat(seen).filteredOn(r -> r.get("reviewer") == null).singleElement()
                .satisfies(r -> assertThat((String) r.get("label")).startsWith("专家"));
        assertThat(as(accepter).get("/api/v1/proposals/" + a + "/reviews").text()).doesNotContain(reviewersOfA.get(1));
        scenario.review(a, reviewersOfA.get(2), 80, "FUNDABLE");

        // The other proposals: everyone accepts and reviews.
        int score = 75;
        for (String no : numbers.subList(1, 3)) {
            for (String expert : picks.get(no)) {
                scenario.accept(no, expert);
                scenario.review(no, expert, score, "FUNDABLE");
                score += 3;
            }
        }
        numbers.forEach(no -> assertThat(proposalStatus(no)).isEqualTo("REVIEWED"));
        Map<String, Object> resultA = jdbc.sql("select review_count, mean_score, spread, spread_flag, trimmed from app.review_result r join app.proposal p on p.id = r.proposal_id where p.number = ?")
                .param(a).query().singleRow();
        assertThat(resultA.get("review_count")).isEqualTo(3);
        assertThat(new java.math.BigDecimal(resultA.get("mean_score").toString())).isEqualByComparingTo("76.67");
        assertThat(resultA.get("spread_flag")).isEqualTo(true);
        List<Map<String, Object>> ranking = manager.get("/api/v1/calls/" + call + "/review-ranking").jsonList();
        assertThat(ranking).extracting(r -> r.get("rank")).containsExactly(1, 2, 3);

        // The panel: drawn with a finance expert, free of conflicts; every member votes; a ranked recommendation.
        Map<String, Object> panel = manager.post("/api/v1/calls/" + call + "/panels", Map.of("seed", 7)).json();
        List<Map<String, Object>> members = (List<Map<String, Object>>) panel.get("members");
        assertThat(members).hasSize(7).anyMatch(m -> Boolean.TRUE.equals(m.get("finance")));
        assertThat((List<?>) panel.get("session")).hasSize(3);
        long panelId = ((Number) panel.get("id")).longValue();
        assertThat(as("applicant1").get("/api/v1/panels/" + panelId).status()).isEqualTo(403);
        for (Map<String, Object> member : members) {
            String username = (String) member.get("username");
            List<Map<String, Object>> ballot = (List<Map<String, Object>>) as(username).get("/api/v1/panels/" + panelId + "/ballot")
                    .json().get("votes");
            List<Map<String, Object>> votes = ballot.stream().map(row -> Map.<String, Object>of("number", row.get("number"),
                    "vote", row.get("number").equals(numbers.get(2)) ? "AGAINST" : "FOR", "endorse", "NO")).toList();
            ok(as(username).post("/api/v1/panels/" + panelId + "/votes", Map.of("votes", votes)));
        }
        Map<String, Object> concluded = manager.get("/api/v1/panels/" + panelId).json();
        assertThat(concluded.get("status")).isEqualTo("CONCLUDED");
        List<Map<String, Object>> outcomes = (List<Map<String, Object>>) concluded.get("outcomes");
        assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.get("recommended"))).extracting(o -> o.get("number"))
                .containsExactlyInAnyOrder(numbers.get(0), numbers.get(1));

        // The decision; then the applicant reads anonymised opinions and rates them.
        assertThat(as("applicant1").get("/api/v1/proposals/" + a + "/opinions").status()).as("not before the decision").isEqualTo(409);
        ok(manager.post("/api/v1/proposals/" + a + "/funding-proposal", Map.of("decision", "FUND", "amount", 100)));
        ok(as("director").post("/api/v1/proposals/" + a + "/funding-approval", Map.of("decision", "APPROVE")));
        Api.Response opinions = as("applicant1").get("/api/v1/proposals/" + a + "/opinions");
        assertThat(opinions.jsonList()).hasSize(3).allSatisfy(o -> {
            Map<?, ?> review = (Map<?, ?>) o.get("review");
            assertThat(review.get("reviewer")).isNull();
            assertThat((String) review.get("label")).startsWith("专家");
        });
        for (String expert : reviewersOfA) {
            assertThat(opinions.text()).doesNotContain(expert, email(expert));
        }
        assertThat(as("applicant2").get("/api/v1/proposals/" + a + "/opinions").status()).isEqualTo(404);
        Api.Response rated = as("applicant1").post("/api/v1/proposals/" + a + "/opinions/1/rating", Map.of("rating", 4));
        assertThat(rated.status()).as(rated.text()).isEqualTo(200);
        assertThat(as("applicant1").post("/api/v1/proposals/" + a + "/opinions/1/rating", Map.of("rating", 3)).status())
                .as("once").isEqualTo(409);
        assertThat(as("applicant1").post("/api/v1/proposals/" + a + "/opinions/2/rating", Map.of("rating", 5)).status())
                .isEqualTo(400);
        assertThat(as("applicant1").post("/api/v1/proposals/" + a + "/opinions/9/rating", Map.of("rating", 2)).status())
                .isEqualTo(404);
    }

    /** Fires the peer-review timer of this proposal waiting at {@code activityId} for {@code expert}. */
    private void fire(String number, String activityId) {
        Api admin = as("admin");
        String timer = admin.get("/api/v1/timers?businessKey=" + number).jsonList().stream()
                .filter(t -> activityId.equals(t.get("activityId"))).map(t -> (String) t.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError("no timer " + activityId + " for " + number));
        ok(admin.post("/api/v1/timers/" + timer + "/execution", Map.of()));
    }

    @Test
    void unansweredInvitationsExpireLateReviewersAreRemindedEscalatedAndReplacedWithoutTheManager() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("评审时限", 3);
        String no = proposals(scenario, call, 1).get(0);
        ok(as("manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer2", "reviewer5"))));

        // reviewer2 reviews at once; reviewer5 never answers: the invitation expires and someone else is invited.
        scenario.accept(no, "reviewer1");
        scenario.accept(no, "reviewer2");
        scenario.review(no, "reviewer2", 82, "FUNDABLE");
        fire(no, "Event_InvitationExpired");
        assertThat(invited(no, "EXPIRED")).containsExactly("reviewer5");
        assertThat(invited(no, "INVITED")).hasSize(1).doesNotContain("reviewer1", "reviewer2", "reviewer5");

        // reviewer1 accepted and is late: reminded, then the managers are told, then replaced.
        fire(no, "Event_ReviewReminder");
        mail.flush();
        TestMailServer.awaitMessage(email("reviewer1"), m -> m.subject().contains("评审提醒") && m.subject().contains(no),
                Duration.ofSeconds(10));
        fire(no, "Event_ReviewDeadlinePassed");
        mail.flush();
        TestMailServer.awaitMessage(email("manager1"),
                m -> m.subject().contains("评审逾期") && m.subject().contains(no) && m.body().contains("宽限期"), Duration.ofSeconds(10));
        assertThat(status(no, "reviewer1")).as("late, not yet replaced").isEqualTo("ACCEPTED");
        fire(no, "Event_ReviewOverdue");
        assertThat(status(no, "reviewer1")).isEqualTo("OVERDUE");
        assertThat(as("reviewer1").get("/api/v1/proposals/" + no).status()).as("the overdue reviewer loses the proposal").isEqualTo(404);
        Api.Response late = as("reviewer1").post("/api/v1/proposals/" + no + "/reviews", Reviews.body(80, "FUNDABLE"));
        assertThat(late.status()).as("told the invitation was withdrawn: " + late.text()).isEqualTo(409);
        assertThat(late.json().get("type")).isEqualTo("urn:kcyj:problem:invitation-answered");
        assertThat(invited(no, "INVITED")).hasSize(2).doesNotContain("reviewer1", "reviewer2", "reviewer5");
        assertThat(jdbc.sql("select count(*) from app.audit_event where subject = ? and action in ('REVIEW_INVITATION_EXPIRED', 'REVIEW_REMINDER_SENT', 'REVIEW_OVERDUE_ESCALATED', 'REVIEWER_REPLACED_OVERDUE')")
                .param(no).query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void whenThePoolIsExhaustedTheManagerIsToldAndDecides() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("专家不足", 3);
        String no = proposals(scenario, call, 1).get(0);
        ok(as("manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer2", "reviewer5"))));
        List<String> paused = jdbc.sql("select username from app.expert where available = true and username not in ('reviewer1', 'reviewer2', 'reviewer5')")
                .query(String.class).list();
        jdbc.sql("update app.expert set available = false where username not in ('reviewer1', 'reviewer2', 'reviewer5')").update();
        try {
            ok(as("reviewer2").post("/api/v1/proposals/" + no + "/invitation", Map.of("response", "DECLINE", "note", "时间冲突")));
            assertThat(as("manager1").get("/api/v1/me/tasks").jsonList())
                    .anyMatch(t -> no.equals(t.get("businessKey")) && "Task_ResolvePoolExhausted".equals(t.get("taskKey")));
            mail.flush();
            TestMailServer.awaitMessage(email("manager1"), m -> m.subject().contains("专家不足") && m.subject().contains(no),
                    Duration.ofSeconds(10));
            Api.Response noComment = as("manager1").post("/api/v1/proposals/" + no + "/pool-shortfall", Map.of("decision", "RETRY"));
            assertThat(noComment.status()).isEqualTo(400);

            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", paused).update();
            ok(as("manager1").post("/api/v1/proposals/" + no + "/pool-shortfall",
                    Map.of("decision", "RETRY", "comment", "已补充专家")));
            assertThat(invited(no, "INVITED")).hasSize(3).doesNotContain("reviewer2");
            // The manager's resolution and its reason stay on the proposal's review page, for staff only.
            assertThat(Portal.signIn(port, "manager1").get("/portal/proposals/" + no + "/review").html())
                    .contains("专家不足的处理", "已补充专家库，重新补抽", "已补充专家</td>", "manager1");
            assertThat(Portal.signIn(port, "applicant1").get("/portal/proposals/" + no + "/review").html())
                    .doesNotContain("专家不足的处理", "已补充专家");
        } finally {
            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", paused).update();
        }
    }
}
