package org.kcyj.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
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
 * A proposal returned for correction has two submitted versions, and the first may name another PI and
 * list an attachment the second dropped. Reviewers and panel members read only the version under review
 * (the last submitted) on every path: document download and metadata, the project page's document list,
 * the version list, the content, and attachments (API and portal). The applicant and programme staff keep
 * every version.
 */
@IntegrationTest
class SupersededVersionsTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    String no;
    long dropped;
    long kept;

    Api as(String user) {
        return Api.as(port, user);
    }

    /** Submitted with PI 王旧 and old.pdf, returned, corrected to PI 张明 with new.pdf instead, passed, under review. */
    @BeforeEach
    void correctedProposalUnderReview() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("版本可见性测试批次", 10);
        Map<String, Object> application = Applications.complete(scenario.topicOf(call));
        application.put("piName", "王旧");
        no = (String) as("applicant1").post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        dropped = upload("old.pdf", Applications.pdf(1));
        ok(as("applicant1").post("/api/v1/proposals/" + no + "/submission", application));
        ok(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")));
        ok(as("manager1").post("/api/v1/proposals/" + no + "/formal-check",
                Map.of("decision", "RETURN", "comment", "请更换附件并核对负责人。")));

        assertThat(as("applicant1").exchange(org.springframework.http.HttpMethod.DELETE,
                "/api/v1/proposals/" + no + "/attachments/" + dropped, null).status()).isEqualTo(204);
        kept = upload("new.pdf", Applications.pdf(2));
        application.put("piName", "张明");
        ok(as("applicant1").post("/api/v1/proposals/" + no + "/submission", application));
        ok(as("manager1").post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")));
        ok(as("manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", Scenario.REVIEWERS)));
        scenario.accept(no, "reviewer1");
    }

    long upload(String name, byte[] pdf) {
        Api.Response uploaded = as("applicant1").upload("/api/v1/proposals/" + no + "/attachments", name, pdf);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        return ((Number) uploaded.json().get("id")).longValue();
    }

    static void ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    @Test
    void aReviewerReadsOnlyTheVersionUnderReview() {
        onlyTheVersionUnderReview("reviewer1");
    }

    @Test
    void aPanelMemberReadsOnlyTheVersionUnderReview() {
        long call = jdbc.sql("select call_id from app.proposal where number = ?").param(no).query(Long.class).single();
        jdbc.sql("insert into app.review_panel (call_id, seed, status, created_by, created_at) values (?, 7, 'OPEN', 'manager1', ?)")
                .params(call, Timestamp.from(Instant.now())).update();
        long panel = jdbc.sql("select max(id) from app.review_panel where call_id = ?").param(call).query(Long.class).single();
        jdbc.sql("insert into app.panel_member (panel_id, expert, finance) values (?, 'reviewer7', false)").param(panel).update();
        jdbc.sql("insert into app.panel_proposal (panel_id, proposal_id) select ?, id from app.proposal where number = ?")
                .params(panel, no).update();
        onlyTheVersionUnderReview("reviewer7");
    }

    void onlyTheVersionUnderReview(String expert) {
        Api reviewer = as(expert);
        assertThat(reviewer.get("/api/v1/documents/" + no + "-SBS-2").status()).isEqualTo(200);
        assertThat(reviewer.get("/api/v1/documents/" + no + "-SBS-2/metadata").status()).isEqualTo(200);
        assertThat(reviewer.get("/api/v1/documents/" + no + "-SBS-1").status()).isEqualTo(404);
        assertThat(reviewer.get("/api/v1/documents/" + no + "-SBS-1/metadata").status()).isEqualTo(404);
        // the receipts and formal-check notices were never theirs: neither version
        for (String other : List.of("-HZ-1", "-HZ-2", "-XSSC-1", "-XSSC-2")) {
            assertThat(reviewer.get("/api/v1/documents/" + no + other).status()).as(other).isEqualTo(404);
        }

        assertThat(reviewer.get("/api/v1/proposals/" + no + "/versions").jsonList())
                .extracting(v -> v.get("version")).containsExactly(2);
        assertThat(reviewer.get("/api/v1/proposals/" + no + "/content").json()).containsEntry("piName", "张明");

        assertThat(reviewer.get("/api/v1/proposals/" + no + "/attachments").jsonList())
                .extracting(a -> ((Number) a.get("id")).longValue()).containsExactly(kept);
        assertThat(reviewer.get("/api/v1/proposals/" + no + "/attachments/" + kept).status()).isEqualTo(200);
        assertThat(reviewer.get("/api/v1/proposals/" + no + "/attachments/" + dropped).status()).isEqualTo(404);

        Portal portal = Portal.signIn(port, expert);
        Portal.Page page = portal.get("/portal/proposals/" + no);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains(no + "-SBS-2", "new.pdf").doesNotContain(no + "-SBS-1", "old.pdf", "王旧");
        assertThat(portal.get("/portal/proposals/" + no + "/attachments/" + dropped).status()).isEqualTo(404);
        assertThat(portal.get("/portal/proposals/" + no + "/attachments/" + kept).status()).isEqualTo(200);
    }

    @Test
    void theApplicantAndProgrammeStaffKeepEveryVersion() {
        for (String user : List.of("applicant1", "manager1")) {
            Api api = as(user);
            assertThat(api.get("/api/v1/documents/" + no + "-SBS-1").status()).as(user).isEqualTo(200);
            assertThat(api.get("/api/v1/documents/" + no + "-SBS-2").status()).as(user).isEqualTo(200);
            assertThat(api.get("/api/v1/proposals/" + no + "/versions").jsonList())
                    .extracting(v -> v.get("version")).containsExactly(1, 2);
            assertThat(api.get("/api/v1/proposals/" + no + "/attachments/" + dropped).status()).as(user).isEqualTo(200);
            assertThat(Portal.signIn(port, user).get("/portal/proposals/" + no).html()).contains(no + "-SBS-1");
        }
    }
}
