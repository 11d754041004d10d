package org.kcyj.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The guide: submitted once the call has topics, every demand is decided and the lead time holds;
 * approved or returned by the director; published as a PDF and a public page; then the window opens
 * (early, when an administrator fires its timer) and closes after the grace period.
 */
@IntegrationTest
class GuideTest {
    private static final Map<String, Object> GUIDE = Map.of("intro", "本指南围绕新材料产业链关键环节，面向社会公开征集项目。",
            "eligibility", "申报单位须为本市注册的独立法人。", "contacts", "项目主管处室 张老师 0574-00000000");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDirectory users;

    private Scenario scenario;

    @BeforeEach
    void setUp() {
        scenario = new Scenario(port);
    }

    private Api as(String user) {
        return Api.as(port, user);
    }

    private Map<String, Object> call(long id) {
        return as("manager1").get("/api/v1/calls/" + id).json();
    }

    private int documents(long id) {
        return jdbc.sql("select count(*) from app.document where subject_number = ?").param("CALL-" + id)
                .query(Integer.class).single();
    }

    private long create(Map<String, Object> body) {
        Api.Response created = as("manager1").post("/api/v1/calls", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return ((Number) created.json().get("id")).longValue();
    }

    private static Map<String, Object> topic(String code, int projects, List<String> demands) {
        return Map.of("code", code, "title", "方向" + code + " 固态电池电解质", "description", "研究固态电解质界面稳定性。",
                "indicators", "离子电导率 ≥ 10 mS/cm", "maxBudget", 500, "expectedProjects", projects,
                "demandNumbers", demands);
    }

    @Test
    void theGuideNeedsTheCollectionOverTopicsDecidedDemandsAndTheLeadTime() {
        scenario.leadDays(30);
        long id = scenario.collectingCall("指南条件批次", 5);
        String owner = Scenario.demandOwner(users, jdbc, "guide-owner", "指南出题科技有限公司", 600);
        String demand = scenario.submitDemand(owner, id, "固态电池电解质");
        Api manager = as("manager1");

        Api.Response collecting = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(collecting.status()).isEqualTo(409);
        assertThat((String) collecting.json().get("detail")).contains("需求征集尚未结束",
                BusinessTime.display(Instant.parse((String) call(id).get("demandDeadline"))));

        scenario.fireTimer(id, CallProcess.EVENT_DEMAND_DEADLINE);
        assertThat(call(id)).containsEntry("status", "DRAFT");

        Api.Response empty = manager.post("/api/v1/calls/" + id + "/guide", Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(Scenario.fields(empty)).containsExactlyInAnyOrder("intro", "contacts");

        Api.Response noTopics = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(noTopics.status()).isEqualTo(409);
        assertThat((String) noTopics.json().get("detail")).contains("至少需要一个指南方向");

        long topic = ((Number) manager.post("/api/v1/calls/" + id + "/topics", topic("01", 1, List.of())).json()
                .get("id")).longValue();
        Api.Response undecided = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(undecided.status()).isEqualTo(409);
        assertThat((String) undecided.json().get("detail")).contains("1 项需求未处理", demand);

        assertThat(manager.post("/api/v1/demands/" + demand + "/rejection", Map.of("reason", "暂不列入本批次榜单，下一批次再议。"))
                .status()).isEqualTo(200);
        Api.Response challengeWithoutDemand = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(challengeWithoutDemand.status()).isEqualTo(409);
        assertThat((String) challengeWithoutDemand.json().get("detail")).contains("榜单条目 01 未采纳任何需求");

        assertThat(manager.post("/api/v1/demands/" + demand + "/adoption", Map.of("topicId", String.valueOf(topic)))
                .status()).isEqualTo(200);
        Api.Response tooSoon = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(tooSoon.status()).isEqualTo(409);
        String earliest = BusinessTime.display(Instant.now().plus(Duration.ofDays(30))).substring(0, 10);
        assertThat((String) tooSoon.json().get("detail")).contains("至少 30 天", earliest);
        assertThat(manager.get("/api/v1/calls/" + id + "/guide").status()).as("nothing stored").isEqualTo(404);

        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        assertThat(manager.put("/api/v1/calls/" + id, Map.of("opensAt", now.plusDays(31).toString())).status())
                .isEqualTo(200);
        Api.Response submitted = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        assertThat(call(id)).containsEntry("status", "PENDING_APPROVAL");

        // While the director decides, nothing of the call changes.
        assertThat(manager.put("/api/v1/calls/" + id, Map.of("title", "改名")).status()).isEqualTo(409);
        assertThat(manager.post("/api/v1/calls/" + id + "/topics", topic("02", 1, List.of())).status()).isEqualTo(409);
        assertThat(manager.put("/api/v1/calls/" + id + "/topics/" + topic, Map.of("title", "改名")).status()).isEqualTo(409);
        assertThat(manager.exchange(HttpMethod.DELETE, "/api/v1/calls/" + id + "/topics/" + topic, null).status())
                .isEqualTo(409);
        assertThat(manager.post("/api/v1/demands/" + demand + "/rejection", Map.of("reason", "提交审批后不能再处理需求。"))
                .status()).isEqualTo(409);
        assertThat(manager.post("/api/v1/calls/" + id + "/guide", GUIDE).status()).isEqualTo(409);
        assertThat(manager.get("/api/v1/calls/" + id + "/topics").jsonList()).extracting(t -> t.get("title"))
                .containsExactly("方向01 固态电池电解质");

        // Published: everyone reads the topics, but which demands they condense only the programme sees.
        assertThat(as("director").post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE")).status())
                .isEqualTo(200);
        assertThat(manager.get("/api/v1/calls/" + id + "/topics").jsonList().get(0).get("demandNumbers"))
                .isEqualTo(List.of(demand));
        assertThat(as("enterprise1").get("/api/v1/calls/" + id + "/topics").jsonList().get(0).get("demandNumbers"))
                .isEqualTo(List.of());
    }

    @Test
    void theDirectorReturnsWithAReasonThenApprovesAndTheGuideIsPublished() {
        scenario.leadDays(0);
        long id = scenario.draftCall("审批指南批次", 20);
        Api manager = as("manager1");
        assertThat(manager.post("/api/v1/calls/" + id + "/topics", topic("01", 2, List.of())).status()).isEqualTo(201);
        assertThat(manager.post("/api/v1/calls/" + id + "/guide", GUIDE).status()).isEqualTo(200);
        Api director = as("director");

        assertThat(manager.post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE")).status())
                .isEqualTo(403);
        Api.Response noReason = director.post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "RETURN"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(Scenario.fields(noReason)).containsExactly("comment");
        assertThat(call(id)).containsEntry("status", "PENDING_APPROVAL");

        Api.Response returned = director.post("/api/v1/calls/" + id + "/guide/approval",
                Map.of("decision", "RETURN", "comment", "请补充申报条件中的单位资质要求。"));
        assertThat(returned.status()).as(returned.text()).isEqualTo(200);
        assertThat(returned.json()).containsEntry("status", "DRAFT");
        assertThat(manager.get("/api/v1/calls/" + id + "/guide").json().get("decisions").toString())
                .contains("RETURN", "请补充申报条件中的单位资质要求。");
        assertThat(director.post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE")).status())
                .as("nothing to approve while the manager revises").isEqualTo(409);

        assertThat(manager.put("/api/v1/calls/" + id + "/topics/" + scenario.topicOf(id),
                Map.of("indicators", "离子电导率 ≥ 12 mS/cm")).status()).isEqualTo(200);
        assertThat(manager.post("/api/v1/calls/" + id + "/guide", GUIDE).status()).isEqualTo(200);

        // The lead time is checked again on approval: a longer lead time set meanwhile refuses it.
        scenario.leadDays(30);
        Api.Response tooLate = director.post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE"));
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat((String) tooLate.json().get("detail")).contains("至少 30 天");
        assertThat(call(id)).containsEntry("status", "PENDING_APPROVAL").containsEntry("guideDocument", null);
        assertThat(documents(id)).isZero();
        assertThat(Api.anonymous(port).get("/guides/" + id).status()).isEqualTo(404);
        assertThat(as("applicant1").get("/api/v1/calls/" + id + "/guide").status()).isEqualTo(404);

        scenario.leadDays(0);
        Api.Response approved = director.post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json()).containsEntry("status", "ANNOUNCED").containsEntry("guideDocument", "CALL-" + id + "-ZN-1");
        assertThat(approved.json().get("publishedAt")).isNotNull();
        assertThat(documents(id)).isEqualTo(1);

        Map<String, Object> publicGuide = as("applicant1").get("/api/v1/calls/" + id + "/guide").json();
        assertThat(publicGuide).containsEntry("decisions", List.of()).containsEntry("documentNumber", "CALL-" + id + "-ZN-1");
        assertThat(as("applicant1").get("/api/v1/calls/" + id + "/topics").jsonList()).hasSize(1);
        Api.Response page = Api.anonymous(port).get("/guides/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("审批指南批次", "方向01 固态电池电解质", "离子电导率 ≥ 12 mS/cm", "/guides/" + id + "/pdf")
                .doesNotContain("请补充申报条件");
        Api.Response pdf = Api.anonymous(port).get("/guides/" + id + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).startsWith("application/pdf");
        assertThat(sha256(pdf.body())).isEqualTo(jdbc.sql("select sha256 from app.document where number = ?")
                .param("CALL-" + id + "-ZN-1").query(String.class).single());
    }

    @Test
    void theGuidePdfListsTheChallengesTheModeAndTheWindowInBeijingTime() throws IOException {
        scenario.leadDays(0);
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);
        LocalDateTime opens = now.plusDays(3).withHour(9).withMinute(30);
        LocalDateTime deadline = now.plusDays(40).withHour(17).withMinute(0);
        Map<String, Object> body = new HashMap<>(Map.of("programmeCode", "XCL", "title", "赛马制榜单批次", "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(),
                "mode", "RACE", "budget", 6000, "demandDeadline", now.plusDays(2).toString(),
                "opensAt", opens.toString(), "applicationDeadline", deadline.toString(), "graceMinutes", 30));
        long id = create(body);
        String owner = Scenario.demandOwner(users, jdbc, "race-owner", "赛马出题科技有限公司", 900);
        String demand = scenario.submitDemand(owner, id, "车规级固态电池");
        scenario.fireTimer(id, CallProcess.EVENT_DEMAND_DEADLINE);
        Api manager = as("manager1");

        Api.Response oneTeam = manager.post("/api/v1/calls/" + id + "/topics", topic("01", 1, List.of(demand)));
        assertThat(oneTeam.status()).isEqualTo(400);
        assertThat(Scenario.fields(oneTeam)).containsExactly("expectedProjects");
        assertThat(manager.post("/api/v1/calls/" + id + "/topics", topic("01", 3, List.of(demand))).status()).isEqualTo(201);
        Map<String, Object> second = new HashMap<>(topic("02", 2, List.of()));
        second.put("title", "方向02 高镍正极材料");
        second.put("maxBudget", "");
        assertThat(manager.post("/api/v1/calls/" + id + "/topics", second).status()).isEqualTo(201);
        Api.Response noDemand = manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        assertThat((String) noDemand.json().get("detail")).contains("榜单条目 02");
        long topic2 = as("manager1").get("/api/v1/calls/" + id + "/topics").jsonList().stream()
                .filter(t -> "02".equals(t.get("code"))).map(t -> ((Number) t.get("id")).longValue()).findFirst().orElseThrow();
        assertThat(manager.exchange(HttpMethod.DELETE, "/api/v1/calls/" + id + "/topics/" + topic2, null).status())
                .isEqualTo(204);
        assertThat(manager.post("/api/v1/calls/" + id + "/guide", GUIDE).status()).isEqualTo(200);
        assertThat(as("director").post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE")).status())
                .isEqualTo(200);

        String text = pdfText(Api.anonymous(port).get("/guides/" + id + "/pdf").body());

        assertThat(text).contains("赛马制 Horse race", "赛马制榜单批次", "新材料 (XCL)", "6000 万元", "榜单条目");
        assertThat(text).contains(BusinessTime.display(opens.atZone(BusinessTime.ZONE).toInstant()) + "（北京时间）",
                BusinessTime.display(deadline.atZone(BusinessTime.ZONE).toInstant()) + "（北京时间）", "30 分钟");
        assertThat(compact(text)).as("the table's header, however its cells wrap")
                .contains("编号方向名称考核指标单项最高资助（万元）拟支持项目数");
        assertThat(compact(text)).as("the topic's row: code, title, indicators, max budget, projects")
                .contains("01方向01固态电池电解质离子电导率≥10mS/cm5003").doesNotContain("高镍正极材料");
        assertThat(text).contains("赛马出题科技有限公司", "出资配套 Co-funding：200 万元", "本指南围绕新材料产业链关键环节",
                "申报单位须为本市注册的独立法人", "0574-00000000");
    }

    @Test
    void firingTheWindowTimerEarlyOpensAtOnceAndTheDeadlineWaitsForTheGracePeriod() throws IOException {
        scenario.leadDays(0);
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);
        LocalDateTime opens = now.plusDays(2);
        LocalDateTime deadline = now.plusDays(12);
        long id = create(new HashMap<>(Map.of("programmeCode", "XCL", "title", "提前开放批次", "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(),
                "budget", 1000, "opensAt", opens.toString(), "applicationDeadline", deadline.toString(),
                "graceMinutes", 15)));
        Api manager = as("manager1");
        manager.post("/api/v1/calls/" + id + "/topics", topic("01", 1, List.of()));
        manager.post("/api/v1/calls/" + id + "/guide", GUIDE);
        as("director").post("/api/v1/calls/" + id + "/guide/approval", Map.of("decision", "APPROVE"));
        Instant plannedOpening = opens.atZone(BusinessTime.ZONE).toInstant();
        assertThat(timerDue(id, CallProcess.EVENT_WINDOW_OPENS)).isEqualTo(plannedOpening);
        assertThat(call(id)).containsEntry("status", "ANNOUNCED").containsEntry("openedAt", null);

        Instant before = Instant.now();
        scenario.fireTimer(id, CallProcess.EVENT_WINDOW_OPENS);

        Map<String, Object> open = call(id);
        assertThat(open).containsEntry("status", "OPEN");
        Instant openedAt = Instant.parse((String) open.get("openedAt"));
        assertThat(openedAt).isBetween(before.minusSeconds(1), Instant.now()).isBefore(plannedOpening);
        Instant closes = deadline.atZone(BusinessTime.ZONE).toInstant().plus(Duration.ofMinutes(15));
        assertThat(Instant.parse((String) open.get("closesAt"))).isEqualTo(closes);
        assertThat(timerDue(id, CallProcess.EVENT_APPLICATION_DEADLINE)).isEqualTo(closes);
        assertThat(pdfText(Api.anonymous(port).get("/guides/" + id + "/pdf").body()))
                .as("the guide keeps the planned opening").contains(BusinessTime.display(plannedOpening));
        assertThat(Api.anonymous(port).get("/guides/" + id).text()).contains(BusinessTime.display(openedAt));

        scenario.fireTimer(id, CallProcess.EVENT_APPLICATION_DEADLINE);
        assertThat(call(id)).containsEntry("status", "CLOSED");
        assertThat(jdbc.sql("select action from app.audit_event where subject = ? order by id").param("CALL-" + id)
                .query(String.class).list()).containsSubsequence("CALL_CREATED", "GUIDE_SUBMITTED", "GUIDE_APPROVED",
                "GUIDE_PUBLISHED", "CALL_OPENED", "CALL_CLOSED");
    }

    private Instant timerDue(long id, String event) {
        return as("admin").get("/api/v1/timers?businessKey=CALL-" + id).jsonList().stream()
                .filter(t -> event.equals(t.get("activityId"))).map(t -> Instant.parse((String) t.get("due")))
                .findFirst().orElseThrow();
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** The text without white space, so a table row reads the same however its cells wrap. */
    private static String compact(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
