package org.kcyj.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.kcyj.support.MutableClock;
import org.kcyj.support.TestClockConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One proposal from call to acceptance through the REST API, as the demo users, with the refusals on the way. */
@IntegrationTest
@Import(TestClockConfig.class)
class LifecycleIntegrationTest {
    private static final String OPINION = "创新性突出，技术路线清晰，研究基础扎实，团队结构合理，预期成果具有明确的产业化前景。".repeat(6);

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    org.camunda.bpm.engine.RepositoryService repository;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Api as(String user) {
        return Api.as(port, user);
    }

    @Test
    void oneProposalGoesFromCallToAcceptance() throws Exception {
        long callId = openCall(30);

        // Draft, then a submission with missing fields: 400 with every field error, nothing stored.
        Api.Response draft = as("applicant1").post("/api/v1/proposals", Map.of("callId", callId, "title", "高性能稀土永磁材料"));
        assertThat(draft.status()).isEqualTo(201);
        String no = (String) draft.json().get("number");
        assertThat(no).matches("KCYJ\\d{4}-XCL-\\d{4}");

        Api.Response incomplete = as("applicant1").post("/api/v1/proposals/" + no + "/submission", Map.of());
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.contentType()).contains("application/problem+json");
        assertThat(Scenario.fields(incomplete)).contains("topicId", "summary", "piName", "piIdNumber", "requestedBudget",
                "milestones", "integrityPledge");
        assertThat(status(no)).isEqualTo("DRAFT");
        assertThat(documentCount(no)).isZero();

        // Others cannot see it.
        assertThat(as("applicant2").get("/api/v1/proposals/" + no).status()).isEqualTo(404);
        assertThat(as("unitadmin1").get("/api/v1/proposals/" + no).status()).isEqualTo(404);

        Api.Response submitted = as("applicant1").post("/api/v1/proposals/" + no + "/submission",
                Applications.complete(new Scenario(port).topicOf(callId)));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        assertThat(status(no)).isEqualTo("SUBMITTED");
        String applicationForm = no + "-SBS-1";
        assertThat(documentText("applicant1", applicationForm)).contains("高性能稀土永磁材料", "张明", applicationForm);
        assertThat(as("applicant2").get("/api/v1/documents/" + applicationForm).status()).isEqualTo(404);

        // The unit admin finds it in the inbox and endorses it.
        assertThat(as("unitadmin1").get("/api/v1/me/tasks").jsonList())
                .anyMatch(t -> no.equals(t.get("businessKey")) && "Task_EndorseProposal".equals(t.get("taskKey")));
        assertThat(as("manager1").post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")).status())
                .as("not at formal check yet").isEqualTo(409);
        ok(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")));
        ok(as("manager1").post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")));

        // Review: three experts by hand; each accepts (declaring no conflict) before reading, then scores.
        Api.Response tooFew = as("manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1")));
        assertThat(tooFew.status()).isEqualTo(400);
        ok(as("manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer2", "reviewer5"))));
        assertThat(as("reviewer1").get("/api/v1/proposals/" + no).status()).as("not before accepting").isEqualTo(404);
        assertThat(as("reviewer4").get("/api/v1/proposals/" + no).status()).isEqualTo(404);
        Scenario scenario = new Scenario(port);
        for (String reviewer : List.of("reviewer1", "reviewer2", "reviewer5")) {
            scenario.accept(no, reviewer);
        }
        assertThat(as("reviewer1").get("/api/v1/proposals/" + no).status()).isEqualTo(200);
        Map<String, Object> tooHigh = Reviews.body(80, "FUNDABLE");
        ((List<Map<String, Object>>) tooHigh.get("criteria")).set(0, Map.of("criterion", "创新性", "score", 31));
        tooHigh.put("opinion", "短");
        Api.Response invalidReview = as("reviewer1").post("/api/v1/proposals/" + no + "/reviews", tooHigh);
        assertThat(invalidReview.status()).isEqualTo(400);
        assertThat(Scenario.fields(invalidReview)).contains("criteria[0].score", "opinion");
        int[] scores = {88, 92, 79};
        String[] reviewers = {"reviewer1", "reviewer2", "reviewer5"};
        for (int i = 0; i < 3; i++) {
            scenario.review(no, reviewers[i], scores[i], "PRIORITY");
        }
        assertThat(status(no)).isEqualTo("REVIEWED");
        assertThat(as("manager1").get("/api/v1/proposals/" + no + "/reviews").jsonList()).hasSize(3);
        assertThat(as("applicant1").get("/api/v1/proposals/" + no + "/reviews").status()).isEqualTo(403);
        assertThat(as("applicant1").get("/api/v1/proposals/" + no).text()).doesNotContain("reviewer1", "reviewer2");

        // Decision and publicity.
        ok(as("manager1").post("/api/v1/proposals/" + no + "/funding-proposal", Map.of("decision", "FUND", "amount", 300)));
        assertThat(as("manager1").post("/api/v1/proposals/" + no + "/funding-approval", Map.of("decision", "APPROVE")).status())
                .isEqualTo(403);
        ok(as("director").post("/api/v1/proposals/" + no + "/funding-approval", Map.of("decision", "APPROVE")));
        assertThat(status(no)).isEqualTo("IN_PUBLICITY");
        assertThat(as("applicant2").get("/api/v1/notices").jsonList()).anyMatch(n -> no.equals(n.get("number")));
        Map<String, Object> publicity = jdbc.sql("select starts_on, ends_on, working_days from app.publicity p join app.proposal q on q.id = p.proposal_id where q.number = ?")
                .param(no).query().singleRow();
        assertThat(publicity.get("working_days")).isEqualTo(5);

        Job timer = proposalTimer(no);
        LocalDate endsOn = LocalDate.parse(publicity.get("ends_on").toString());
        assertThat(timer.getDuedate().toInstant()).isEqualTo(endsOn.plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant());
        management.executeJob(timer.getId());
        assertThat(status(no)).isEqualTo("FUNDED");
        Map<?, ?> asReviewer = (Map<?, ?>) as("reviewer1").get("/api/v1/proposals/" + no).json().get("proposal");
        assertThat(asReviewer.get("status")).as("the decision is not the reviewer's to see").isEqualTo("REVIEWED");
        assertThat(as("reviewer1").get("/api/v1/proposals").text()).doesNotContain("FUNDED");
        String notice = no + "-TZS-1";
        assertThat(documentText("applicant1", notice)).contains("立项通知书", "高性能稀土永磁材料", "300.00");
        assertThat(as("applicant2").get("/api/v1/documents/" + notice).status()).isEqualTo(404);
        // an internal document: verifiable with the check code printed on it (and in its QR code), not by number alone
        String checkCode = jdbc.sql("select check_code from app.document where number = ?").param(notice)
                .query(String.class).single();
        assertThat(Api.anonymous(port).get("/verify/" + notice + "?code=" + checkCode).text()).contains(notice, sha256(notice));
        assertThat(Api.anonymous(port).get("/verify/" + notice).status()).isEqualTo(404);

        // Task book with two milestones.
        LocalDate start = LocalDate.now(BusinessTime.ZONE).plusDays(10);
        Api.Response noMilestone = as("applicant1").post("/api/v1/projects/" + no + "/task-book", Map.of(
                "objectives", "研制出矫顽力≥2000 kA/m 的磁体", "startDate", start.toString(),
                "endDate", start.plusYears(2).toString(), "budget", 300, "milestones", List.of()));
        assertThat(noMilestone.status()).isEqualTo(400);
        assertThat(Scenario.fields(noMilestone)).contains("milestones");
        ok(as("applicant1").post("/api/v1/projects/" + no + "/task-book", Map.of(
                "objectives", "研制出矫顽力≥2000 kA/m 的磁体", "startDate", start.toString(),
                "endDate", start.plusYears(2).toString(), "budget", 300,
                "milestones", List.of(
                        Map.of("title", "完成材料配方", "dueDate", start.plusMonths(8).toString(), "indicator", "配方 3 种"),
                        Map.of("title", "完成中试", "dueDate", start.plusMonths(20).toString())))));
        ok(as("manager1").post("/api/v1/projects/" + no + "/task-book/confirmation", Map.of("decision", "CONFIRM")));
        assertThat(status(no)).isEqualTo("CONTRACTED");
        assertThat(documentText("applicant1", no + "-RWS-1")).contains("项目任务书", "完成中试");

        // Milestones in order; a rectification on the first.
        assertThat(as("applicant1").post("/api/v1/projects/" + no + "/milestones/2/report", Map.of("report", "中试已完成，指标达到要求。")).status())
                .isEqualTo(409);
        ok(as("applicant1").post("/api/v1/projects/" + no + "/milestones/1/report", Map.of("report", "三种配方已完成验证。")));
        ok(as("manager1").post("/api/v1/projects/" + no + "/milestones/1/check", Map.of("decision", "RECTIFY", "comment", "请补充测试数据")));
        ok(as("applicant1").post("/api/v1/projects/" + no + "/milestones/1/report", Map.of("report", "已补充第三方测试数据。")));
        ok(as("manager1").post("/api/v1/projects/" + no + "/milestones/1/check", Map.of("decision", "PASS")));
        ok(as("applicant1").post("/api/v1/projects/" + no + "/milestones/2/report", Map.of("report", "中试已完成，指标达到要求。")));
        ok(as("manager1").post("/api/v1/projects/" + no + "/milestones/2/check", Map.of("decision", "PASS")));

        // Acceptance.
        ok(as("applicant1").post("/api/v1/projects/" + no + "/acceptance-application", Map.of("selfEvaluation", "各项考核指标均已完成。")));
        ok(as("manager1").post("/api/v1/projects/" + no + "/acceptance", Map.of("conclusion", "PASSED", "comment", "通过验收。")));
        assertThat(status(no)).isEqualTo("CLOSED");
        assertThat(documentText("applicant1", no + "-YSS-1")).contains("验收意见书", "通过");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(no).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(no)
                .processDefinitionKey("Process_Proposal").finished().count()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from app.audit_event where subject = ?").param(no).query(Integer.class).single())
                .isGreaterThan(15);
    }

    @Test
    void submissionAfterTheDeadlineIsRefusedAndStoresNothing() {
        long callId = openCall(2);
        Api.Response draft = as("applicant2").post("/api/v1/proposals", Map.of("callId", callId, "title", "原标题"));
        String no = (String) draft.json().get("number");

        clock.advance(Duration.ofDays(3));
        Map<String, Object> application = Applications.complete(new Scenario(port).topicOf(callId));
        application.put("title", "新标题");
        Api.Response late = as("applicant2").post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(late.status()).isEqualTo(409);
        String deadline = BusinessTime.display(BusinessTime.parseInstant(callDeadline(callId)).orElseThrow());
        assertThat((String) late.json().get("detail")).contains(deadline);
        assertThat(status(no)).isEqualTo("DRAFT");
        assertThat(jdbc.sql("select title from app.proposal where number = ?").param(no).query(String.class).single()).isEqualTo("原标题");
        assertThat(documentCount(no)).isZero();

        Api.Response english = as("applicant2").exchange(org.springframework.http.HttpMethod.POST,
                "/api/v1/proposals/" + no + "/submission?lang=en", Map.of());
        assertThat(english.status()).isEqualTo(409);
    }

    @Test
    void aProposalReturnedByTheUnitAfterTheDeadlineGetsItsCorrectionPeriod() {
        long callId = openCall(2);
        String no = (String) as("applicant1").post("/api/v1/proposals", Map.of("callId", callId)).json().get("number");
        Map<String, Object> application = Applications.complete(new Scenario(port).topicOf(callId));
        application.put("title", "退回测试");
        ok(as("applicant1").post("/api/v1/proposals/" + no + "/submission", application));
        clock.advance(Duration.ofDays(3));
        Api.Response noReason = as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "RETURN"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(Scenario.fields(noReason)).containsExactly("comment");
        ok(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "RETURN", "comment", "预算说明不足")));
        assertThat(status(no)).isEqualTo("RETURNED");
        java.time.Instant correctionDeadline = jdbc.sql("select correction_deadline from app.proposal where number = ?")
                .param(no).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(correctionDeadline).isAfter(clock.instant().plus(Duration.ofDays(4)));
        assertThat(proposalTimer(no).getDuedate().toInstant()).isEqualTo(correctionDeadline);
        ok(as("applicant1").post("/api/v1/proposals/" + no + "/submission", Map.of("title", "退回测试（修改稿）")));
        assertThat(documentCount(no, "SBS")).isEqualTo(2);
        ok(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")));
        ok(as("manager1").post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "REJECT", "comment", "不符合指南方向")));
        assertThat(status(no)).isEqualTo("REJECTED");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(no).count()).isZero();
    }

    @Test
    void theProcessesAndTheirFormsAreDeployedFromTheirFolders() {
        List<String> deployed = repository.createDeploymentQuery().list().stream()
                .flatMap(d -> repository.getDeploymentResourceNames(d.getId()).stream()).toList();
        java.io.File[] forms = new java.io.File("forms").listFiles((dir, name) -> name.endsWith(".form"));
        assertThat(forms).hasSizeGreaterThan(10);
        for (java.io.File form : forms) {
            assertThat(deployed).anyMatch(name -> name.endsWith("forms/" + form.getName()));
        }
        assertThat(repository.createProcessDefinitionQuery().latestVersion().list())
                .extracting(d -> d.getKey())
                .contains("Process_ProgrammeCall", "Process_Proposal", "Process_PeerReview", "Process_Award", "Process_Project");
        assertThat(repository.createProcessDefinitionQuery().list()).allMatch(d -> d.getHistoryTimeToLive() != null);
    }

    @Test
    void aReturnedProposalIsRefusedAfterItsCorrectionPeriod() {
        long callId = openCall(30);
        String no = (String) as("applicant1").post("/api/v1/proposals", Map.of("callId", callId)).json().get("number");
        Map<String, Object> application = Applications.complete(new Scenario(port).topicOf(callId));
        application.put("title", "逾期修改测试");
        ok(as("applicant1").post("/api/v1/proposals/" + no + "/submission", application));
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")).status())
                .as("an applicant is not a unit admin").isEqualTo(403);
        ok(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "RETURN", "comment", "请补充材料")));
        clock.advance(Duration.ofDays(45));
        Api.Response late = as("applicant1").post("/api/v1/proposals/" + no + "/submission", Map.of("title", "逾期的修改稿"));
        assertThat(late.status()).isEqualTo(409);
        assertThat((String) late.json().get("detail")).contains("退回修改的期限");
        assertThat(jdbc.sql("select title from app.proposal where number = ?").param(no)
                .query(String.class).single()).isEqualTo("逾期修改测试");
    }

    private long openCall(int days) {
        Scenario scenario = new Scenario(port);
        long callId = scenario.draftCall("2026 年度新材料重大专项", days);
        assertThat(as("applicant1").post("/api/v1/proposals", Map.of("callId", callId)).status()).as("draft call").isEqualTo(404);
        scenario.publishAndOpen(callId);
        return callId;
    }

    private String callDeadline(long callId) {
        return (String) as("applicant2").get("/api/v1/calls/" + callId).json().get("applicationDeadline");
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }


    private String status(String no) {
        return jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single();
    }

    private int documentCount(String no) {
        return jdbc.sql("select count(*) from app.document where subject_number = ?").param(no).query(Integer.class).single();
    }

    private int documentCount(String no, String type) {
        return jdbc.sql("select count(*) from app.document where subject_number = ? and type_code = ?").params(no, type)
                .query(Integer.class).single();
    }

    private String sha256(String documentNumber) {
        return jdbc.sql("select sha256 from app.document where number = ?").param(documentNumber).query(String.class).single();
    }

    private String documentText(String user, String documentNumber) throws Exception {
        Api.Response pdf = as(user).get("/api/v1/documents/" + documentNumber);
        assertThat(pdf.status()).as(pdf.text()).isEqualTo(200);
        assertThat(pdf.contentType()).contains("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            return new PDFTextStripper().getText(document);
        }
    }

    /**
     * The one timer the proposal's processes wait on: the submission deadline (the proposal process) or the end
     * of the public notice (the award it calls, under the same business key).
     */
    private Job proposalTimer(String no) {
        java.util.Set<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(no).list().stream()
                .map(org.camunda.bpm.engine.runtime.ProcessInstance::getId).collect(java.util.stream.Collectors.toSet());
        return management.createJobQuery().processInstanceIds(instances).timers().singleResult();
    }
}
