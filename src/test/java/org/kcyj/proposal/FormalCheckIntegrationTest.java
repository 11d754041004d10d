package org.kcyj.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The formal check through the REST API: automatic checks (eligibility DMN, integrity veto, duplicate
 * text), then pass, return once for correction, or reject — each with its notice (形式审查意见).
 */
@IntegrationTest
class FormalCheckIntegrationTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    long call;
    long topic;

    @BeforeEach
    void openCall() {
        Scenario scenario = new Scenario(port);
        call = scenario.openCall("形式审查测试批次", 10);
        topic = scenario.topicOf(call);
    }

    Api as(String user) {
        return Api.as(port, user);
    }

    /** Drafted, submitted and endorsed: the automatic checks have run. */
    String endorsed(String applicant, Map<String, Object> application) {
        Map<String, Object> body = new HashMap<>();
        body.put("callId", call);
        String no = (String) as(applicant).post("/api/v1/proposals", body).json().get("number");
        Api.Response submitted = as(applicant).post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        assertThat(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")).status())
                .isEqualTo(200);
        return no;
    }

    @Test
    void anIneligibleProposalCannotPassIsReturnedOnceAndPassesWhenCorrected() throws IOException {
        Map<String, Object> youth = Applications.complete(topic);
        youth.put("track", "YOUTH"); // the PI is 36 on the deadline: over the youth limit of 35
        String no = endorsed("applicant1", youth);

        List<Map<String, Object>> findings = as("manager1").get("/api/v1/proposals/" + no + "/formal-check/findings").jsonList();
        assertThat(findings).anySatisfy(f -> assertThat(f).containsEntry("code", "YOUTH_AGE").containsEntry("severity", "BLOCK"));
        assertThat(as("applicant1").get("/api/v1/proposals/" + no + "/formal-check/findings").status()).isEqualTo(403);

        Api manager = as("manager1");
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")).status())
                .isEqualTo(409);
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "RETURN")).status())
                .isEqualTo(400);
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check",
                Map.of("decision", "RETURN", "comment", "青年项目负责人年龄超限，请改报一般项目。")).status()).isEqualTo(200);
        assertThat(status(no)).isEqualTo("CORRECTION");
        String notice = ApplicationIntegrationTest.text(as("applicant1").get("/api/v1/documents/" + no + "-XSSC-1").body());
        assertThat(notice).contains("退回修改", "青年项目负责人年龄超限", "修改期限");

        youth.put("track", "GENERAL");
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", youth).status()).isEqualTo(200);
        assertThat(status(no)).isEqualTo("ENDORSED");
        assertThat(as("manager1").get("/api/v1/proposals/" + no + "/formal-check/findings").jsonList())
                .noneSatisfy(f -> assertThat(f.get("severity")).isEqualTo("BLOCK"));
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check",
                Map.of("decision", "RETURN", "comment", "再次退回")).status()).isEqualTo(409);
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")).status())
                .isEqualTo(200);
        assertThat(status(no)).isEqualTo("UNDER_REVIEW");
        assertThat(as("applicant1").get("/api/v1/documents/" + no + "-XSSC-2").status()).isEqualTo(200);
    }

    @Test
    void aRejectionNeedsReasonsAndTheApplicantReadsThem() throws IOException {
        String no = endorsed("applicant1", Applications.complete(topic));
        assertThat(as("manager1").post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "REJECT")).status())
                .isEqualTo(400);
        assertThat(status(no)).isEqualTo("ENDORSED");
        assertThat(as("manager1").post("/api/v1/proposals/" + no + "/formal-check",
                Map.of("decision", "REJECT", "comment", "申报内容不属于本批次指南方向。")).status()).isEqualTo(200);
        assertThat(status(no)).isEqualTo("REJECTED");
        assertThat(ApplicationIntegrationTest.text(as("applicant1").get("/api/v1/documents/" + no + "-XSSC-1").body()))
                .contains("不通过", "不属于本批次指南方向");
    }

    @Test
    void anIntegrityRecordVetoesTheProposalCitingTheRecordToStaff() throws IOException {
        Map<String, Object> banned = Applications.complete(topic);
        banned.put("piIdNumber", org.kcyj.shared.ResidentIdNumber.withCheckDigit("33020319850312003"));
        String no = endorsed("applicant1", banned);

        assertThat(status(no)).isEqualTo("VETOED");
        assertThat(as("manager1").get("/api/v1/me/tasks").text()).doesNotContain(no);
        String notice = ApplicationIntegrationTest.text(as("applicant1").get("/api/v1/documents/" + no + "-XSSC-1").body());
        assertThat(notice).contains("一票否决", "宁波市科学技术局").doesNotContain("伪造论文成果");
        // The record itself is cited for programme staff only.
        assertThat(as("manager1").get("/api/v1/proposals/" + no + "/formal-check/findings").text()).contains("伪造论文成果");
        // The applicant's project page names the stage and the outcome in words, not as codes.
        String page = Portal.signIn(port, "applicant1").get("/portal/proposals/" + no).html();
        assertThat(page).contains("形式审查", "诚信一票否决").doesNotContain("FORMAL_CHECK", "??");
    }

    @Test
    void copiedTextIsFlaggedWithThePassageForTheManagerOnly() throws IOException {
        String first = endorsed("applicant1", Applications.complete(topic));
        Map<String, Object> copy = Applications.complete(topic);
        copy.put("title", "另一个项目");
        copy.put("piIdNumber", Applications.YOUNG_PI_ID);
        String second = endorsed("applicant2", copy);

        List<Map<String, Object>> findings = as("manager1").get("/api/v1/proposals/" + second + "/formal-check/findings").jsonList();
        assertThat(findings).anySatisfy(f -> {
            assertThat(f).containsEntry("code", "TEXT_OVERLAP").containsEntry("severity", "WARN");
            assertThat(f.get("message").toString()).contains(first);
            assertThat(f.get("evidence").toString()).contains("晶界扩散工艺");
        });
        assertThat(as("manager1").post("/api/v1/proposals/" + second + "/formal-check", Map.of("decision", "PASS")).status())
                .isEqualTo(200);
        assertThat(as("applicant2").get("/api/v1/proposals/" + second + "/formal-check/findings").status()).isEqualTo(403);
        String notice = ApplicationIntegrationTest.text(as("applicant2").get("/api/v1/documents/" + second + "-XSSC-1").body());
        assertThat(notice).contains("通过").doesNotContain(first).doesNotContain("晶界扩散工艺");
        String managerPage = Portal.signIn(port, "manager1").get("/portal/proposals/" + second).html();
        assertThat(managerPage).contains("查重", "提示", "晶界扩散工艺").doesNotContain("DUPLICATE", "??");
    }

    @Test
    void integrityRecordsAreKeptByOfficersWithValidatedCodes() {
        Map<String, Object> record = new HashMap<>(Map.of("partyType", "PERSON", "partyName", "测试人员",
                "partyCode", "330203198503120039", "misconduct", "伪造实验数据", "severity", "SERIOUS",
                "penalty", "五年内不得申报", "decidingBody", "宁波市科学技术局", "legalBasis", "科研失信行为调查处理规则",
                "effectiveFrom", "2026-01-01"));
        assertThat(as("applicant1").post("/api/v1/integrity-records", record).status()).isEqualTo(403);
        String valid = org.kcyj.shared.ResidentIdNumber.withCheckDigit("33020319850312004");
        String invalid = valid.substring(0, 17) + (valid.endsWith("1") ? "2" : "1");
        record.put("partyCode", invalid);
        assertThat(as("manager1").post("/api/v1/integrity-records", record).status()).isEqualTo(400);
        record.put("partyCode", valid);
        assertThat(as("manager1").post("/api/v1/integrity-records", record).status()).isEqualTo(201);
        assertThat(as("director").get("/api/v1/integrity-records").text()).contains(valid);
        assertThat(as("unitadmin1").get("/api/v1/integrity-records").status()).isEqualTo(403);
    }

    String status(String no) {
        return jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single();
    }
}
