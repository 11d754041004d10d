package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.kcyj.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Hostile text, ids, dates and amounts: each answered with a clear error, nothing stored, markup inert. */
@IntegrationTest
class HostileInputTest {
    private static final String SCRIPT = "<script>alert('x')</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    private long call;
    private long topic;

    @BeforeEach
    void openCall() {
        Scenario scenario = new Scenario(port);
        call = scenario.openCall("输入测试批次", 10);
        topic = scenario.topicOf(call);
    }

    @Test
    void markupIsEscapedInPagesAndLiteralInDocuments() throws Exception {
        Api applicant = Api.as(port, "applicant1");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Map<String, Object> hostile = Applications.titled(topic, SCRIPT);
        hostile.put("summary", IMG + " 正常的项目摘要内容足够长，用于检验转义。");
        hostile.put("piName", "张明\"'&");
        assertThat(applicant.post("/api/v1/proposals/" + no + "/submission", hostile).status()).isEqualTo(200);

        String page = Portal.signIn(port, "applicant1").get("/portal/proposals/" + no).html();
        assertThat(page).doesNotContain(SCRIPT, IMG).contains("&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt;");
        Api.Response pdf = applicant.get("/api/v1/documents/" + no + "-SBS-1");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document)).contains(SCRIPT, IMG, "张明\"'&");
        }
    }

    @Test
    void oversizedOrMalformedTextIsRefusedAndNothingIsStored() {
        Api applicant = Api.as(port, "applicant1");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", call, "title", "原标题")).json().get("number");
        Map<String, Object> oversized = Applications.titled(topic, "长".repeat(10_000));
        oversized.put("summary", "x".repeat(100_000));
        oversized.put("piName", "张\u0007明");
        Api.Response huge = applicant.post("/api/v1/proposals/" + no + "/submission", oversized);
        assertThat(huge.status()).isEqualTo(400);
        assertThat(Scenario.fields(huge)).containsExactlyInAnyOrder("title", "summary", "piName");
        assertThat(jdbc.sql("select title from app.proposal where number = ?").param(no).query(String.class).single())
                .isEqualTo("原标题");
        Api.Response emoji = applicant.put("/api/v1/proposals/" + no, Map.of("title", "😀".repeat(150)));
        assertThat(emoji.status()).as("200 emoji need 300 UTF-16 units, more than the column holds").isEqualTo(400);
        Api.Response malformed = applicant.exchange(HttpMethod.POST, "/api/v1/proposals/" + no + "/submission", "{\"title\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).contains("application/problem+json");
    }

    @Test
    void invalidIdsAreAnsweredWithoutRevealingAnything() {
        Api applicant = Api.as(port, "applicant1");
        assertThat(applicant.get("/api/v1/calls/abc").status()).isEqualTo(400);
        assertThat(applicant.get("/api/v1/calls/99999999").status()).isEqualTo(404);
        assertThat(applicant.get("/api/v1/calls/-1").status()).isEqualTo(404);
        assertThat(applicant.post("/api/v1/proposals", Map.of("callId", "1 or 1=1")).status()).isEqualTo(400);
        assertThat(applicant.post("/api/v1/proposals", Map.of("callId", List.of(1))).status()).isEqualTo(400);
        assertThat(applicant.get("/api/v1/proposals/x'%20or%20'1'='1").status()).isIn(400, 404);
        assertThat(applicant.get("/api/v1/documents/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
        assertThat(applicant.get("/api/v1/projects/KCYJ2026-XCL-0001%00").status()).isIn(400, 404);
    }

    @Test
    void invalidDatesAndAmountsAreRefused() {
        Api manager = Api.as(port, "manager1");
        for (Object deadline : List.of("2026-02-30T10:00", "tomorrow", "99999-01-01T00:00", "2020-01-01T00:00", 12345)) {
            Api.Response response = manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", "日期测试",
                    "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "budget", 1, "applicationDeadline", deadline));
            assertThat(response.status()).as(String.valueOf(deadline)).isEqualTo(400);
            assertThat(Scenario.fields(response)).as(String.valueOf(deadline)).containsExactly("applicationDeadline");
        }
        Api applicant = Api.as(port, "applicant1");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        for (Object amount : List.of(-1, "NaN", "1e309", "0.001", "一百", 1_000_000)) {
            Map<String, Object> application = Applications.titled(topic, "金额测试");
            application.put("requestedBudget", amount);
            Api.Response response = applicant.post("/api/v1/proposals/" + no + "/submission", application);
            assertThat(response.status()).as(String.valueOf(amount)).isEqualTo(400);
            assertThat(Scenario.fields(response)).as(String.valueOf(amount)).contains("requestedBudget")
                    .allMatch(f -> f.equals("requestedBudget") || f.equals("budgetLines") || f.equals("totalBudget"));
        }
        assertThat(jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single())
                .isEqualTo("DRAFT");
        Map<String, Object> fineApplication = Applications.titled(topic, "金额测试");
        fineApplication.put("requestedBudget", "1e2");
        Api.Response fine = applicant.post("/api/v1/proposals/" + no + "/submission", fineApplication);
        assertThat(fine.status()).isEqualTo(200);
    }

}
