package org.kcyj.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Managers configure a call (mode, window, grace, demand collection) and change it while it is a draft. */
@IntegrationTest
class CallConfigurationTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TaskService tasks;

    private final LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);

    private Map<String, Object> call(String title) {
        Map<String, Object> body = new HashMap<>();
        body.put("programmeCode", "XCL");
        body.put("title", title);
        body.put("callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue() + 1);
        body.put("mode", "RACE");
        body.put("budget", 8000);
        body.put("opensAt", now.plusDays(40).withHour(9).withMinute(0).toString());
        body.put("applicationDeadline", now.plusDays(70).withHour(17).withMinute(0).toString());
        body.put("graceMinutes", 30);
        return body;
    }

    private int stored(String title) {
        return jdbc.sql("select count(*) from app.programme_call where title = ?").param(title).query(Integer.class).single();
    }

    @Test
    void aManagerCreatesACallWithItsModeWindowAndGracePeriod() {
        Api.Response created = Api.as(port, "manager1").post("/api/v1/calls", call("配置测试批次"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Map<String, Object> json = created.json();
        assertThat(json).containsEntry("mode", "RACE").containsEntry("status", "DRAFT").containsEntry("graceMinutes", 30)
                .containsEntry("year", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue() + 1).containsEntry("programmeCode", "XCL");
        Instant deadline = now.plusDays(70).withHour(17).withMinute(0).atZone(BusinessTime.ZONE).toInstant();
        assertThat(Instant.parse((String) json.get("applicationDeadline"))).isEqualTo(deadline);
        assertThat(Instant.parse((String) json.get("closesAt"))).isEqualTo(deadline.plus(Duration.ofMinutes(30)));
        assertThat(Instant.parse((String) json.get("opensAt")))
                .isEqualTo(now.plusDays(40).withHour(9).withMinute(0).atZone(BusinessTime.ZONE).toInstant());
        long id = ((Number) json.get("id")).longValue();
        // Without a demand deadline the process goes straight to drafting the guide.
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey("CALL-" + id).singleResult().getTaskDefinitionKey())
                .isEqualTo(CallProcess.TASK_DRAFT_GUIDE);
        // A draft is the managers' own: applicants neither list nor read it.
        assertThat(Api.as(port, "applicant1").get("/api/v1/calls/" + id).status()).isEqualTo(404);
        assertThat(Api.as(port, "applicant1").get("/api/v1/calls").text()).doesNotContain("配置测试批次");
        assertThat(Api.as(port, "director").get("/api/v1/calls/" + id).status()).isEqualTo(200);
    }

    @Test
    void aCallWithADemandDeadlineCollectsDemandsAndEveryoneSeesIt() {
        Map<String, Object> body = call("征集配置批次");
        body.put("demandDeadline", now.plusDays(20).toString());
        Api.Response created = Api.as(port, "manager1").post("/api/v1/calls", body);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()).containsEntry("status", "COLLECTING");
        long id = ((Number) created.json().get("id")).longValue();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey("CALL-" + id).count()).isZero();
        assertThat(Api.as(port, "enterprise1").get("/api/v1/calls/" + id).status()).isEqualTo(200);
        assertThat(Api.as(port, "admin").get("/api/v1/timers?businessKey=CALL-" + id).jsonList())
                .extracting(t -> t.get("activityId")).containsExactly(CallProcess.EVENT_DEMAND_DEADLINE);
    }

    @Test
    void badConfigurationsAreRefusedWithEveryFieldAndNothingIsStored() {
        Api manager = Api.as(port, "manager1");
        Api.Response empty = manager.post("/api/v1/calls", Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).contains("application/problem+json");
        assertThat(Scenario.fields(empty))
                .containsExactlyInAnyOrder("programmeCode", "title", "callYear", "budget", "applicationDeadline");

        Map<String, Object> window = call("错误配置批次");
        window.put("opensAt", now.plusDays(80).toString());
        window.put("demandDeadline", now.plusDays(90).toString());
        Api.Response inverted = manager.post("/api/v1/calls", window);
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(Scenario.fields(inverted)).containsExactlyInAnyOrder("opensAt", "demandDeadline");

        Map<String, Object> past = call("错误配置批次");
        past.put("applicationDeadline", now.minusDays(1).toString());
        past.put("opensAt", now.minusDays(2).toString());
        past.put("demandDeadline", now.minusDays(3).toString());
        Api.Response pastDates = manager.post("/api/v1/calls", past);
        assertThat(Scenario.fields(pastDates)).containsExactlyInAnyOrder("applicationDeadline", "opensAt", "demandDeadline");

        Map<String, Object> form = call("错误配置批次");
        form.put("graceMinutes", 1441);
        form.put("mode", "LOTTERY");
        Api.Response badValues = manager.post("/api/v1/calls", form);
        assertThat(Scenario.fields(badValues)).containsExactlyInAnyOrder("graceMinutes", "mode");

        assertThat(stored("错误配置批次")).isZero();
    }

    @Test
    void onlyManagersCreateOrChangeCalls() {
        assertThat(Api.as(port, "applicant1").post("/api/v1/calls", call("越权批次")).status()).isEqualTo(403);
        assertThat(Api.as(port, "director").post("/api/v1/calls", call("越权批次")).status()).isEqualTo(403);
        long id = ((Number) Api.as(port, "manager1").post("/api/v1/calls", call("权限批次")).json().get("id")).longValue();
        assertThat(Api.as(port, "director").put("/api/v1/calls/" + id, Map.of("title", "改名")).status()).isEqualTo(403);
        assertThat(Api.as(port, "manager1").put("/api/v1/calls/99999999", Map.of("title", "改名")).status()).isEqualTo(404);
        assertThat(stored("越权批次")).isZero();
        assertThat(stored("改名")).isZero();
    }

    @Test
    void aDraftCallChangesUntilItsGuideIsSubmitted() {
        Scenario scenario = new Scenario(port);
        Api manager = Api.as(port, "manager1");
        long id = scenario.draftCall("可修改批次", 20);

        Api.Response changed = manager.put("/api/v1/calls/" + id, Map.of("title", "已修改批次", "mode", "DIRECTED",
                "graceMinutes", 10));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json()).containsEntry("title", "已修改批次").containsEntry("mode", "DIRECTED")
                .containsEntry("graceMinutes", 10).containsEntry("budget", 1000.0);

        Api.Response refused = manager.put("/api/v1/calls/" + id, Map.of("programmeCode", "ZNZZ",
                "demandDeadline", now.plusDays(1).toString(), "opensAt", now.plusDays(30).toString()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(Scenario.fields(refused)).containsExactlyInAnyOrder("programmeCode", "demandDeadline", "opensAt");
        assertThat(manager.get("/api/v1/calls/" + id).json()).containsEntry("title", "已修改批次")
                .containsEntry("demandDeadline", null);

        scenario.publishAndOpen(id);
        Api.Response late = manager.put("/api/v1/calls/" + id, Map.of("title", "发布后改名"));
        assertThat(late.status()).isEqualTo(409);
        assertThat((String) late.json().get("detail")).contains("不能再修改");
        assertThat(manager.get("/api/v1/calls/" + id).json()).containsEntry("title", "已修改批次");
    }

    @Test
    void whileDemandsAreCollectedTheirDeadlineMovesWithItsTimer() {
        Scenario scenario = new Scenario(port);
        long id = scenario.collectingCall("延期征集批次", 5);
        Api manager = Api.as(port, "manager1");
        LocalDateTime later = now.plusDays(5).plusHours(12);

        Api.Response moved = manager.put("/api/v1/calls/" + id, Map.of("demandDeadline", later.toString()));

        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        Instant due = later.atZone(BusinessTime.ZONE).toInstant();
        List<Map<String, Object>> timers = Api.as(port, "admin").get("/api/v1/timers?businessKey=CALL-" + id).jsonList();
        assertThat(timers).hasSize(1);
        assertThat(Instant.parse((String) timers.get(0).get("due"))).isEqualTo(due);

        Api.Response removed = manager.put("/api/v1/calls/" + id, Map.of("demandDeadline", ""));
        assertThat(removed.status()).isEqualTo(400);
        assertThat(Scenario.fields(removed)).containsExactly("demandDeadline");
    }
}
