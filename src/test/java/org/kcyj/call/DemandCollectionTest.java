package org.kcyj.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.MutableClock;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.kcyj.support.TestClockConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 需求征集: demand owners submit demands within the programme's eligibility rules and the demand
 * deadline; they see only their unit's demands; managers condense them into topics or reject them.
 */
@IntegrationTest
@Import(TestClockConfig.class)
class DemandCollectionTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDirectory users;
    @Autowired
    MutableClock clock;

    private Scenario scenario;

    @BeforeEach
    void setUp() {
        scenario = new Scenario(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A demand owner of a unit of their own, registered in the city, with the R&D spend given (万元). */
    private String owner(String username, int rdSpend) {
        return Scenario.demandOwner(users, jdbc, username, username + " 科技有限公司", rdSpend);
    }

    private int demandsOf(long call) {
        return jdbc.sql("select count(*) from app.demand where call_id = ?").param(call).query(Integer.class).single();
    }

    private Map<String, Object> demand(String number, String user) {
        return Api.as(port, user).get("/api/v1/demands/" + number).json();
    }

    @Test
    void anEligibleOwnerSubmitsADemandNumberedByTheCallsYear() {
        long call = scenario.collectingCall("需求征集批次", 10);
        String owner = owner("dc-owner-a", 500);

        Api.Response submitted = Api.as(port, owner).post("/api/v1/calls/" + call + "/demands",
                Scenario.demand("高温永磁材料"));

        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        Map<String, Object> json = submitted.json();
        String number = (String) json.get("number");
        assertThat(number).matches("XQ2026-\\d{4}");
        assertThat(json).containsEntry("status", "SUBMITTED").containsEntry("unitName", "dc-owner-a 科技有限公司")
                .containsEntry("durationMonths", 24).containsEntry("callId", (int) call);
        assertThat(json.get("indicators").toString()).contains("矫顽力", "≥ 2000", "kA/m");
        assertThat(Api.as(port, "manager1").get("/api/v1/calls/" + call + "/demands").text()).contains(number);
        assertThat(jdbc.sql("select count(*) from app.audit_event where subject = ? and action = 'DEMAND_SUBMITTED'")
                .param(number).query(Integer.class).single()).isEqualTo(1);
        String next = scenario.submitDemand(owner, call, "第二项需求");
        assertThat(Integer.parseInt(next.substring(7))).isEqualTo(Integer.parseInt(number.substring(7)) + 1);
    }

    @Test
    void badInputIsRefusedWithEveryFieldAndNothingIsStored() {
        long call = scenario.collectingCall("需求校验批次", 10);
        Api api = Api.as(port, owner("dc-owner-b", 500));

        Api.Response empty = api.post("/api/v1/calls/" + call + "/demands", Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(Scenario.fields(empty)).containsExactlyInAnyOrder("title", "background", "indicators",
                "durationMonths", "coFunding", "contact");

        Map<String, Object> bad = new HashMap<>(Scenario.demand("范围错误"));
        bad.put("durationMonths", 37);
        bad.put("coFunding", -1);
        bad.put("indicators", List.of(Map.of("indicator", "", "targetValue", "", "measureUnit", "kA/m")));
        Api.Response outOfRange = api.post("/api/v1/calls/" + call + "/demands", bad);
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(Scenario.fields(outOfRange)).containsExactlyInAnyOrder("durationMonths", "coFunding",
                "indicators[0].indicator", "indicators[0].targetValue");
        assertThat(demandsOf(call)).isZero();
    }

    @Test
    void unitsOutsideTheRulesAreRefusedWithTheReasonAndNothingIsStored() {
        long call = scenario.collectingCall("出题资格批次", 10);

        Api.Response lowSpend = Api.as(port, owner("dc-low-spend", 120)).post("/api/v1/calls/" + call + "/demands",
                Scenario.demand("研发投入不足"));
        assertThat(lowSpend.status()).isEqualTo(409);
        assertThat((String) lowSpend.json().get("detail")).isEqualTo("本单位年度研发投入 120 万元，低于 300 万元的要求。");

        String unknown = owner("dc-no-spend", 0);
        jdbc.sql("update app.unit set rd_spend = null where name = ?").param("dc-no-spend 科技有限公司").update();
        Api.Response noSpend = Api.as(port, unknown).post("/api/v1/calls/" + call + "/demands", Scenario.demand("未登记"));
        assertThat(noSpend.status()).isEqualTo(409);
        assertThat((String) noSpend.json().get("detail")).contains("未登记年度研发投入", "300 万元");

        String outside = owner("dc-outside", 800);
        jdbc.sql("update app.unit set local_registered = false where name = ?").param("dc-outside 科技有限公司").update();
        Api.Response notLocal = Api.as(port, outside).post("/api/v1/calls/" + call + "/demands", Scenario.demand("外地"));
        assertThat(notLocal.status()).isEqualTo(409);
        assertThat((String) notLocal.json().get("detail")).contains("未在本市注册");

        // Two demands adopted in a call not yet closed: the default limit (2) is reached.
        String busy = owner("dc-busy", 800);
        List<String> adopted = List.of(scenario.submitDemand(busy, call, "榜单一"), scenario.submitDemand(busy, call, "榜单二"));
        assertThat(Api.as(port, "manager1").post("/api/v1/calls/" + call + "/topics", topic("01", adopted)).status())
                .isEqualTo(201);
        Api.Response third = Api.as(port, busy).post("/api/v1/calls/" + call + "/demands", Scenario.demand("第三项"));
        assertThat(third.status()).isEqualTo(409);
        assertThat((String) third.json().get("detail")).contains("已有 2 项需求被采纳", "2 项的上限");
        assertThat(Api.as(port, busy)
                .exchange(org.springframework.http.HttpMethod.POST, "/api/v1/calls/" + call + "/demands?lang=en",
                        Scenario.demand("第三项")).json().get("detail").toString()).contains("limit of 2");

        assertThat(demandsOf(call)).isEqualTo(2);
    }

    @Test
    void afterTheDemandDeadlineDemandsAreRefusedWithTheDeadline() {
        long call = scenario.collectingCall("逾期需求批次", 1);
        String owner = owner("dc-late", 500);
        Instant deadline = Instant.parse((String) Api.as(port, owner).get("/api/v1/calls/" + call).json().get("demandDeadline"));

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        Api.Response late = Api.as(port, owner).post("/api/v1/calls/" + call + "/demands", Scenario.demand("逾期"));

        assertThat(late.status()).isEqualTo(409);
        assertThat((String) late.json().get("detail")).contains(BusinessTime.display(deadline), "截止");
        assertThat(demandsOf(call)).isZero();

        clock.reset();
        long open = scenario.openCall("不征集需求批次", 10);
        Api.Response notCollecting = Api.as(port, owner).post("/api/v1/calls/" + open + "/demands", Scenario.demand("无征集"));
        assertThat(notCollecting.status()).isEqualTo(409);
        assertThat(demandsOf(open)).isZero();
    }

    @Test
    void onlyDemandOwnersSubmitAndEachSeesOnlyTheirUnitsDemands() {
        long call = scenario.collectingCall("需求归属批次", 10);
        String a = owner("dc-own-a", 500);
        String b = owner("dc-own-b", 500);
        String colleague = Scenario.demandOwner(users, jdbc, "dc-own-a2", "dc-own-a 科技有限公司", 500);
        String ofA = scenario.submitDemand(a, call, "甲单位需求");
        String ofB = scenario.submitDemand(b, call, "乙单位需求");

        assertThat(Api.as(port, "applicant1").post("/api/v1/calls/" + call + "/demands", Scenario.demand("越权")).status())
                .isEqualTo(403);
        assertThat(Api.as(port, "applicant1").get("/api/v1/demands").status()).isEqualTo(403);
        assertThat(Api.as(port, "reviewer1").get("/api/v1/demands/" + ofA).status()).isEqualTo(403);
        assertThat(Api.as(port, b).get("/api/v1/demands/" + ofA).status()).isEqualTo(404);
        assertThat(Api.as(port, b).post("/api/v1/demands/" + ofA + "/withdrawal", Map.of()).status()).isEqualTo(404);
        assertThat(Api.as(port, b).get("/api/v1/demands").jsonList()).extracting(d -> d.get("number")).containsExactly(ofB);
        assertThat(Api.as(port, colleague).get("/api/v1/demands/" + ofA).status()).isEqualTo(200);
        assertThat(Api.as(port, "manager1").get("/api/v1/demands").jsonList()).extracting(d -> d.get("number"))
                .contains(ofA, ofB);
        assertThat(demand(ofA, a)).containsEntry("status", "SUBMITTED");
    }

    @Test
    void anOwnerWithdrawsAnUndecidedDemandButNotADecidedOne() {
        long call = scenario.collectingCall("撤回需求批次", 10);
        String owner = owner("dc-withdraw", 500);
        String first = scenario.submitDemand(owner, call, "将撤回");
        String second = scenario.submitDemand(owner, call, "已处理");

        Api.Response withdrawn = Api.as(port, owner).post("/api/v1/demands/" + first + "/withdrawal",
                Map.of("reason", "需求已自行解决"));
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(withdrawn.json()).containsEntry("status", "WITHDRAWN");
        assertThat(Api.as(port, owner).post("/api/v1/demands/" + first + "/withdrawal", Map.of()).status()).isEqualTo(409);
        // The reason stays with the demand, for its owner and for the programme.
        for (String reader : List.of(owner, "manager1")) {
            assertThat(Portal.signIn(port, reader).get("/portal/demands/" + first).html())
                    .contains("撤回的理由：", "需求已自行解决").doesNotContain("未采纳的理由");
        }

        assertThat(Api.as(port, "manager1").post("/api/v1/demands/" + second + "/rejection",
                Map.of("reason", "与本专项支持方向不符，建议另行申报。")).status()).isEqualTo(200);
        Api.Response decided = Api.as(port, owner).post("/api/v1/demands/" + second + "/withdrawal", Map.of());
        assertThat(decided.status()).isEqualTo(409);
        assertThat(demand(second, owner)).containsEntry("status", "REJECTED");
        assertThat(Api.as(port, "manager1").post("/api/v1/demands/" + first + "/rejection",
                Map.of("reason", "已撤回的需求不能再处理。")).status()).isEqualTo(409);
    }

    @Test
    void managersMergeDemandsIntoTopicsAndRejectOthersWithAReasonTheOwnerReads() {
        long call = scenario.collectingCall("凝练批次", 10);
        String a = owner("dc-merge-a", 500);
        String b = owner("dc-merge-b", 500);
        String d1 = scenario.submitDemand(a, call, "需求一");
        String d2 = scenario.submitDemand(b, call, "需求二");
        String d3 = scenario.submitDemand(b, call, "需求三");
        Api manager = Api.as(port, "manager1");

        Api.Response tooShort = manager.post("/api/v1/demands/" + d3 + "/rejection", Map.of("reason", "不合适"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(Scenario.fields(tooShort)).containsExactly("reason");
        assertThat(demand(d3, b)).containsEntry("status", "SUBMITTED").containsEntry("reason", null);
        assertThat(manager.post("/api/v1/demands/" + d3 + "/rejection",
                Map.of("reason", "技术路线已有成熟方案，不宜列入榜单。")).status()).isEqualTo(200);
        assertThat(demand(d3, b)).containsEntry("status", "REJECTED").containsEntry("reason", "技术路线已有成熟方案，不宜列入榜单。");

        Api.Response created = manager.post("/api/v1/calls/" + call + "/topics", topic("01", List.of(d1, d2)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long topicId = ((Number) created.json().get("id")).longValue();
        assertThat(created.json().get("demandNumbers")).isEqualTo(List.of(d1, d2));
        assertThat(demand(d1, a)).containsEntry("status", "MERGED").containsEntry("mergedWith", List.of(d2))
                .containsEntry("topicCode", "01");
        assertThat(demand(d2, b)).containsEntry("status", "MERGED").containsEntry("mergedWith", List.of(d1));

        assertThat(manager.put("/api/v1/calls/" + call + "/topics/" + topicId, Map.of("demandNumbers", List.of(d1)))
                .status()).isEqualTo(200);
        assertThat(demand(d1, a)).containsEntry("status", "ADOPTED").containsEntry("mergedWith", List.of());
        assertThat(demand(d2, b)).containsEntry("status", "SUBMITTED").containsEntry("topicId", null);

        assertThat(manager.post("/api/v1/demands/" + d2 + "/adoption", Map.of("topicId", String.valueOf(topicId))).status())
                .isEqualTo(200);
        assertThat(demand(d2, b)).containsEntry("status", "MERGED");

        Api.Response duplicate = manager.post("/api/v1/calls/" + call + "/topics", topic("01", List.of()));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(Scenario.fields(duplicate)).containsExactly("code");
        Api.Response unknownDemand = manager.post("/api/v1/calls/" + call + "/topics", topic("02", List.of("XQ1999-0001")));
        assertThat(Scenario.fields(unknownDemand)).containsExactly("demandNumbers");
        Map<String, Object> race = new HashMap<>(topic("03", List.of()));
        race.put("expectedProjects", 2);
        Api.Response tooMany = manager.post("/api/v1/calls/" + call + "/topics", race);
        assertThat(Scenario.fields(tooMany)).as("a 揭榜挂帅 challenge funds one project").containsExactly("expectedProjects");
        assertThat(manager.get("/api/v1/calls/" + call + "/topics").jsonList()).hasSize(1);

        assertThat(manager.exchange(org.springframework.http.HttpMethod.DELETE,
                "/api/v1/calls/" + call + "/topics/" + topicId, null).status()).isEqualTo(204);
        assertThat(demand(d1, a)).containsEntry("status", "SUBMITTED");
        assertThat(demand(d2, b)).containsEntry("status", "SUBMITTED");
        // Topics of a call whose guide is not published are not public.
        assertThat(Api.as(port, "applicant1").get("/api/v1/calls/" + call + "/topics").status()).isEqualTo(404);
    }

    @Test
    void adoptingDemandsThatWouldTakeAUnitPastItsLimitIsRefused() {
        long call = scenario.collectingCall("采纳上限批次", 10);
        String owner = owner("dc-limit", 500);
        List<String> three = List.of(scenario.submitDemand(owner, call, "一"), scenario.submitDemand(owner, call, "二"),
                scenario.submitDemand(owner, call, "三"));

        Api.Response refused = Api.as(port, "manager1").post("/api/v1/calls/" + call + "/topics", topic("01", three));

        assertThat(refused.status()).isEqualTo(409);
        assertThat((String) refused.json().get("detail")).contains("dc-limit 科技有限公司", "2 项的上限");
        assertThat(Api.as(port, "manager1").get("/api/v1/calls/" + call + "/topics").jsonList()).isEmpty();
        assertThat(Api.as(port, owner).get("/api/v1/demands").jsonList()).extracting(d -> d.get("status"))
                .containsOnly("SUBMITTED");
    }

    static Map<String, Object> topic(String code, List<String> demands) {
        return Map.of("code", code, "title", "高温永磁材料 " + code, "description", "面向高温工况的永磁材料研发。",
                "indicators", "矫顽力 ≥ 2000 kA/m", "maxBudget", 800, "expectedProjects", 1, "demandNumbers", demands);
    }
}
