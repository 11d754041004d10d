package org.kcyj.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
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
 * The full application through the REST API: drafts, every error at once, deadlines and extension,
 * recall and withdrawal, receipts and versions — each refusal shown to store nothing.
 */
@IntegrationTest
@Import(TestClockConfig.class)
class ApplicationIntegrationTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ManagementService management;
    @Autowired
    org.camunda.bpm.engine.RuntimeService runtime;

    Scenario scenario;
    long call;
    long topic;

    @BeforeEach
    void openCall() {
        scenario = new Scenario(port);
        call = scenario.openCall("申报测试批次", 10);
        topic = scenario.topicOf(call);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Api as(String user) {
        return Api.as(port, user);
    }

    String draft(Map<String, Object> content) {
        Map<String, Object> body = new HashMap<>(content);
        body.put("callId", call);
        Api.Response created = as("applicant1").post("/api/v1/proposals", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return (String) created.json().get("number");
    }

    @Test
    void submittingReportsEveryProblemAtOnceAndStoresNothing() {
        String no = draft(Map.of("title", "草稿题目"));
        Map<String, Object> wrong = Applications.complete(topic);
        String badId = Applications.PI_ID.substring(0, 17) + (Applications.PI_ID.endsWith("1") ? "2" : "1");
        wrong.put("piIdNumber", badId);
        wrong.put("partners", List.of(Map.of("name", "某公司", "creditCode", "91330200MA2AB12340", "outsideCity", "true")));
        wrong.put("totalBudget", "999");
        wrong.put("milestones", List.of(Map.of("title", "太晚", "dueMonth", "48", "deliverable", "报告")));
        wrong.put("exclusions", List.of(
                Map.of("expertName", "甲", "unitName", "单位一", "reason", "竞争关系明显"),
                Map.of("expertName", "乙", "unitName", "单位二", "reason", "竞争关系明显"),
                Map.of("expertName", "丙", "unitName", "单位三", "reason", "竞争关系明显"),
                Map.of("expertName", "丁", "unitName", "单位四", "reason", "竞争关系明显")));
        wrong.remove("integrityPledge");

        Api.Response refused = as("applicant1").post("/api/v1/proposals/" + no + "/submission", wrong);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(Scenario.fields(refused)).contains("piIdNumber", "partners[0].creditCode", "totalBudget",
                "milestones[0].dueMonth", "exclusions", "integrityPledge");
        Map<String, Object> stored = as("applicant1").get("/api/v1/proposals/" + no + "/content").json();
        assertThat(stored.get("title")).isEqualTo("草稿题目");
        assertThat(stored).doesNotContainKey("piIdNumber");
        assertThat(status(no)).isEqualTo("DRAFT");
        assertThat(versions(no)).isZero();
    }

    @Test
    void aCompleteApplicationGetsItsFormAndAnInstantReceipt() throws IOException {
        String no = draft(Map.of());
        assertThat(as("applicant1").put("/api/v1/proposals/" + no, Map.of("title", "先保存的题目")).status()).isEqualTo(200);
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", Applications.complete(topic)).status())
                .isEqualTo(200);

        assertThat(status(no)).isEqualTo("SUBMITTED");
        List<Map<String, Object>> versions = as("applicant1").get("/api/v1/proposals/" + no + "/versions").jsonList();
        assertThat(versions).hasSize(1);
        String contentHash = (String) versions.get(0).get("sha256");
        String form = text(as("applicant1").get("/api/v1/documents/" + no + "-SBS-1").body());
        assertThat(form.replaceAll("\\s", "")).contains(contentHash);
        assertThat(form).contains("高性能稀土永磁材料关键技术研究", "宁波示范磁材有限公司", "扩散炉一台", "矫顽力", "36 周岁")
                .doesNotContain(Applications.PI_ID).doesNotContain("赵某");
        String receipt = text(as("applicant1").get("/api/v1/documents/" + no + "-HZ-1").body());
        assertThat(receipt.replaceAll("\\s", "")).contains(no, contentHash, no + "-SBS-1");
        // the unit reads the application with ID numbers masked
        Map<String, Object> seenByUnit = as("unitadmin1").get("/api/v1/proposals/" + no + "/content").json();
        assertThat(seenByUnit.get("piIdNumber").toString()).startsWith("3302").contains("*").doesNotContain(Applications.PI_ID);
    }

    @Test
    void afterTheDeadlineNothingIsAcceptedAndAManagersExtensionBeforeItKeepsTheWindowOpen() {
        String late = draft(Map.of("title", "迟到的申报"));
        String extended = draft(Map.of("title", "获准延期的申报"));

        String until = LocalDateTime.ofInstant(clock.instant(), BusinessTime.ZONE).plusDays(12).withNano(0).toString();
        assertThat(as("applicant1").post("/api/v1/proposals/" + extended + "/extension",
                Map.of("until", until, "reason", "系统故障导致无法提交")).status()).isEqualTo(403);
        assertThat(as("manager1").post("/api/v1/proposals/" + extended + "/extension", Map.of("until", until)).status())
                .isEqualTo(400);
        Api.Response granted = as("manager1").post("/api/v1/proposals/" + extended + "/extension",
                Map.of("until", until, "reason", "申报系统故障，申请人无法按时提交"));
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(granted.json()).containsOnlyKeys("number", "extendedUntil");
        assertThat(timerOf(extended).getDuedate().toInstant()).isEqualTo(BusinessTime.parseInstant(until).orElseThrow());

        clock.advance(Duration.ofDays(11));
        Api.Response refused = as("applicant1").post("/api/v1/proposals/" + late + "/submission", Applications.complete(topic));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").toString()).contains("截止");
        assertThat(as("applicant1").put("/api/v1/proposals/" + late, Map.of("title", "截止后修改")).status()).isEqualTo(409);
        assertThat(as("applicant1").upload("/api/v1/proposals/" + late + "/attachments", "late.pdf", Applications.pdf(1))
                .status()).isEqualTo(409);
        assertThat(status(late)).isEqualTo("DRAFT");
        assertThat(as("applicant1").get("/api/v1/proposals/" + late + "/content").json().get("title")).isEqualTo("迟到的申报");
        assertThat(attachments(late)).isZero();

        // The deadline timer fires as the job executor would: the draft lapses, and it is too late to extend.
        String timer = timerOf(late).getId();
        assertThat(as("admin").post("/api/v1/timers/" + timer + "/execution", null).status()).isEqualTo(200);
        assertThat(status(late)).isEqualTo("LAPSED");
        assertThat(as("manager1").post("/api/v1/proposals/" + late + "/extension",
                Map.of("until", until, "reason", "截止之后才申请延期")).status()).isEqualTo(409);

        assertThat(as("applicant1").post("/api/v1/proposals/" + extended + "/submission", Applications.complete(topic))
                .status()).isEqualTo(200);
        // Once submitted, programme staff read the extension and its reason on the proposal's page; the
        // applicant does not.
        assertThat(Portal.signIn(port, "manager1").get("/portal/proposals/" + extended).html())
                .contains("申报期限延长记录", "申报系统故障，申请人无法按时提交", "manager1");
        assertThat(Portal.signIn(port, "applicant1").get("/portal/proposals/" + extended).html())
                .doesNotContain("申报期限延长记录", "申报系统故障");
        assertThat(jdbc.sql("select reason from app.deadline_extension d join app.proposal p on p.id = d.proposal_id "
                + "where p.number = ?").param(extended).query(String.class).single()).contains("系统故障");
    }

    @Test
    void returnsByTheUnitDoNotMoveTheCorrectionDeadlineAndReadersSeeOnlyWhatWasSubmitted() {
        String no = draft(Map.of());
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", Applications.complete(topic)).status())
                .isEqualTo(200);
        assertThat(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement",
                Map.of("decision", "RETURN", "comment", "请补充预算说明")).status()).isEqualTo(200);
        java.sql.Timestamp first = correctionDeadline(no);
        assertThat(as("applicant1").put("/api/v1/proposals/" + no, Map.of("title", "尚未提交的修改")).status()).isEqualTo(200);
        assertThat(as("unitadmin1").get("/api/v1/proposals/" + no + "/content").json().get("title"))
                .isEqualTo("高性能稀土永磁材料关键技术研究");
        assertThat(as("applicant1").get("/api/v1/proposals/" + no + "/content").json().get("title")).isEqualTo("尚未提交的修改");

        clock.advance(Duration.ofDays(4));
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", Map.of()).status()).isEqualTo(200);
        assertThat(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement",
                Map.of("decision", "RETURN", "comment", "仍需补充")).status()).isEqualTo(200);
        assertThat(correctionDeadline(no)).isEqualTo(first);
    }

    @Test
    void aRecalledProposalIsResubmittedAsANewVersionAndAWithdrawnOneEnds() {
        String no = draft(Map.of());
        as("applicant1").post("/api/v1/proposals/" + no + "/submission", Applications.complete(topic));
        assertThat(as("applicant2").post("/api/v1/proposals/" + no + "/recall", null).status()).isEqualTo(404);
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/recall", null).status()).isEqualTo(200);
        assertThat(status(no)).isEqualTo("DRAFT");
        assertThat(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")).status())
                .isEqualTo(409);
        Map<String, Object> changed = Applications.complete(topic);
        changed.put("title", "修改后的题目");
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", changed).status()).isEqualTo(200);
        assertThat(versions(no)).isEqualTo(2);
        assertThat(as("applicant1").get("/api/v1/documents/" + no + "-SBS-2").status()).isEqualTo(200);

        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/withdrawal", Map.of()).status()).isEqualTo(400);
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/withdrawal", Map.of("reason", "团队调整")).status())
                .isEqualTo(200);
        assertThat(status(no)).isEqualTo("WITHDRAWN");
        assertThat(Portal.signIn(port, "applicant1").get("/portal/proposals/" + no).html())
                .contains("撤回申报", "已撤回", "团队调整").doesNotContain("WITHDRAWAL", "??");
        assertThat(as("unitadmin1").get("/api/v1/me/tasks").text()).doesNotContain(no);
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/withdrawal", Map.of("reason", "再次")).status())
                .isEqualTo(409);
    }

    @Test
    void onlyHarmlessPdfsWithinTheLimitsAreAttached() {
        String no = draft(Map.of());
        Api applicant = as("applicant1");
        Api.Response ok = applicant.upload("/api/v1/proposals/" + no + "/attachments", "../../etc/可行性报告.pdf",
                Applications.pdf(3));
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        assertThat(ok.json().get("fileName")).isEqualTo("可行性报告.pdf");
        assertThat(ok.json().get("pages")).isEqualTo(3);

        byte[] executable = "MZ\u0090\u0000 this is not a pdf".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(applicant.upload("/api/v1/proposals/" + no + "/attachments", "setup.pdf", executable).status())
                .isEqualTo(415);
        assertThat(applicant.upload("/api/v1/proposals/" + no + "/attachments", "report.exe", Applications.pdf(1)).status())
                .isEqualTo(415);
        assertThat(applicant.upload("/api/v1/proposals/" + no + "/attachments", "empty.pdf", new byte[0]).status())
                .isEqualTo(415);
        assertThat(as("manager1").put("/api/v1/programmes/XCL/parameters/attachment.max-megabytes",
                Map.of("value", "1", "reason", "测试附件大小上限")).status()).isEqualTo(200);
        byte[] big = new byte[1024 * 1024 + 10];
        System.arraycopy(Applications.pdf(1), 0, big, 0, 20);
        assertThat(applicant.upload("/api/v1/proposals/" + no + "/attachments", "big.pdf", big).status()).isEqualTo(413);
        assertThat(as("applicant2").upload("/api/v1/proposals/" + no + "/attachments", "x.pdf", Applications.pdf(1)).status())
                .isEqualTo(404);

        assertThat(attachments(no)).isEqualTo(1);
        assertThat(as("applicant2").get("/api/v1/proposals/" + no + "/attachments").status()).isEqualTo(404);

        Object id = ok.json().get("id");
        assertThat(applicant.exchange(org.springframework.http.HttpMethod.DELETE, "/api/v1/proposals/" + no
                + "/attachments/" + id, null).status()).isEqualTo(204);
        assertThat(applicant.get("/api/v1/proposals/" + no + "/attachments").jsonList()).isEmpty();
        assertThat(applicant.get("/api/v1/proposals/" + no + "/attachments/" + id).status())
                .as("kept for the versions that list it").isEqualTo(200);
    }

    @Test
    void parametersChangeOnlyWithAReasonAndKeepTheirHistory() {
        Api manager = as("manager1");
        assertThat(manager.put("/api/v1/programmes/XCL/parameters/youth.age-limit", Map.of("value", "40")).status())
                .isEqualTo(400);
        assertThat(manager.put("/api/v1/programmes/XCL/parameters/youth.age-limit",
                Map.of("value", "200", "reason", "超出范围的值")).status()).isEqualTo(400);
        assertThat(manager.put("/api/v1/programmes/XCL/parameters/no.such", Map.of("value", "1", "reason", "不存在的参数")).status())
                .isEqualTo(404);
        assertThat(as("applicant1").put("/api/v1/programmes/XCL/parameters/youth.age-limit",
                Map.of("value", "40", "reason", "申请人不能修改")).status()).isEqualTo(403);
        Api.Response changed = manager.put("/api/v1/programmes/XCL/parameters/youth.age-limit",
                Map.of("value", "40", "reason", "2027年度起青年项目年龄放宽至40周岁"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);

        List<Map<String, Object>> history = as("director").get("/api/v1/programmes/XCL/parameter-changes").jsonList();
        assertThat(history.get(0)).containsEntry("name", "youth.age-limit").containsEntry("oldValue", "35")
                .containsEntry("newValue", "40").containsEntry("changedBy", "manager1");
        assertThat(as("applicant1").get("/api/v1/programmes/XCL/parameters").status()).isEqualTo(403);
        assertThat(as("director").get("/api/v1/programmes/XCL/parameters").text()).contains("\"value\":\"40\"");
        assertThat(manager.put("/api/v1/programmes/XCL/parameters/budget.indirect-tier.medium-from",
                Map.of("value", "1000", "reason", "中额档起点不能高于大额档")).status()).isEqualTo(400);
    }

    Job timerOf(String no) {
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(no).singleResult().getId();
        return management.createJobQuery().timers().processInstanceId(instance).singleResult();
    }

    java.sql.Timestamp correctionDeadline(String no) {
        return jdbc.sql("select correction_deadline from app.proposal where number = ?").param(no)
                .query(java.sql.Timestamp.class).single();
    }

    String status(String no) {
        return jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single();
    }

    int versions(String no) {
        return jdbc.sql("select count(*) from app.proposal_version v join app.proposal p on p.id = v.proposal_id "
                + "where p.number = ?").param(no).query(Integer.class).single();
    }

    int attachments(String no) {
        return jdbc.sql("select count(*) from app.proposal_attachment a join app.proposal p on p.id = a.proposal_id "
                + "where p.number = ?").param(no).query(Integer.class).single();
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
