package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormField;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.HtmlTree;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Reviews;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Markup in every free-text field of every form the product's steps take, from the call to the project's
 * acceptance: each payload is a script and an element named after its field, then Chinese up to the
 * field's maximum length as its form file gives it, so every column must hold what its form allows. The
 * steps accept them (through the API; the application also through the portal, where one wrong value
 * sends the whole form back as it was sent); then every page that shows them to the people who work on
 * them, and every document issued on the way, is read: no page gains an element, an event attribute, a
 * script or a javascript: URL; a payload a page shows reads back as the text it is; a payload a document
 * prints reads back literally; no document acts. Values the forms refuse are answered with their field's
 * error and leave nothing stored. The summary names the fields shown in pages, printed in documents, and
 * those shown nowhere read here ({@link #NOT_SHOWN}).
 */
@IntegrationTest
class HostileFormsIntegrationTest {
    /** Payload by field ("Form_X.field" or "Form_X.list[0].field"), in the order submitted. */
    private static final Map<String, String> PAYLOADS = new LinkedHashMap<>();
    /** Where each field's payload was found: "page …" or "document …". */
    private static final Map<String, Set<String>> SEEN = new TreeMap<>();
    private static final AtomicInteger PAGES = new AtomicInteger();
    private static final AtomicInteger DOCUMENTS = new AtomicInteger();
    /**
     * Fields the product keeps (in its records, the audit trail or the API's JSON) but shows in no page or
     * document read here: proven by the validator's properties, the form page's and the storing here only.
     */
    private static final Set<String> NOT_SHOWN = Set.of();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FormDefinitions forms;
    @Autowired
    UserDirectory users;

    private final Map<String, Portal> portals = new HashMap<>();
    /** The fields this test put payloads in. */
    private final Set<String> used = new TreeSet<>();

    // ---------------------------------------------------------------- the steps

    /** 需求征集: a call collecting demands, demands with markup everywhere, one rejected and one withdrawn. */
    @Test
    void demandsAndTheirDecisions() {
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        Api manager = Api.as(port, "manager1");
        Map<String, Object> callInput = new HashMap<>(Map.of("programmeCode", "XCL", "title", hostile("Form_CreateCall", "title"),
                "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "mode", "CHALLENGE", "budget", 3000, "demandDeadline", now.plusDays(10).toString(),
                "opensAt", now.plusDays(11).toString(), "applicationDeadline", now.plusDays(70).toString()));
        long call = created(manager.post("/api/v1/calls", callInput));
        String owner = Scenario.demandOwner(users, jdbc, "hostile-owner", "恶意输入测试科技有限公司", 900);
        List<String> demands = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> demand = new HashMap<>();
            demand.put("title", hostile("Form_SubmitDemand", "title"));
            demand.put("background", hostile("Form_SubmitDemand", "background"));
            demand.put("indicators", List.of(Map.of("indicator", hostile("Form_SubmitDemand", "indicators[0].indicator"),
                    "targetValue", hostile("Form_SubmitDemand", "indicators[0].targetValue"),
                    "measureUnit", hostile("Form_SubmitDemand", "indicators[0].measureUnit"))));
            demand.put("durationMonths", 24);
            demand.put("coFunding", 200);
            demand.put("contact", hostile("Form_SubmitDemand", "contact"));
            Api.Response submitted = Api.as(port, owner).post("/api/v1/calls/" + call + "/demands", demand);
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
            demands.add((String) submitted.json().get("number"));
        }
        ok(manager.post("/api/v1/demands/" + demands.get(1) + "/rejection", Map.of("reason", hostile("Form_RejectDemand", "reason"))));
        ok(Api.as(port, owner).post("/api/v1/demands/" + demands.get(2) + "/withdrawal",
                Map.of("reason", hostile("Form_WithdrawDemand", "reason"))));
        long topic = created(manager.post("/api/v1/calls/" + call + "/topics", topic("B1")));
        ok(manager.post("/api/v1/demands/" + demands.get(0) + "/adoption", Map.of("topicId", String.valueOf(topic))));

        for (String demand : demands) {
            page(owner, "/portal/demands/" + demand);
            page("manager1", "/portal/demands/" + demand);
        }
        page(owner, "/portal/demands");
        page("manager1", "/portal/demands");
        page("manager1", "/portal/calls/" + call);
        page("manager1", "/portal/calls/" + call + "/topics/" + topic);
        page("manager1", "/portal/calls");
        everyPayloadIsShownOrDeclaredNotShown();
    }

    /**
     * A call, its topic and guide, a proposal and its project: every step from the application to the
     * acceptance, each with markup in its free text, and every page and document that shows them.
     */
    @Test
    void aProposalFromTheCallToTheAcceptance() {
        Scenario scenario = new Scenario(port);
        scenario.leadDays(0);
        scenario.parameter("panel.required", "true");
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        Api manager = Api.as(port, "manager1");
        long call = created(manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", hostile("Form_CreateCall", "title"),
                "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "mode", "COMPETITIVE", "budget", 1000, "opensAt", now.plusHours(1).toString(),
                "applicationDeadline", now.plusDays(30).toString())));
        long topic = created(manager.post("/api/v1/calls/" + call + "/topics", topic("01")));
        Map<String, Object> guide = Map.of("intro", hostile("Form_DraftGuide", "intro"),
                "eligibility", hostile("Form_DraftGuide", "eligibility"), "contacts", hostile("Form_DraftGuide", "contacts"));
        ok(manager.post("/api/v1/calls/" + call + "/guide", guide));
        page("director", "/portal/calls/" + call + "/approval");
        ok(Api.as(port, "director").post("/api/v1/calls/" + call + "/guide/approval",
                Map.of("decision", "RETURN", "comment", hostile("Form_ApproveGuide", "comment"))));
        ok(manager.post("/api/v1/calls/" + call + "/guide", guide));
        ok(Api.as(port, "director").post("/api/v1/calls/" + call + "/guide/approval",
                Map.of("decision", "APPROVE", "comment", hostile("Form_ApproveGuide", "comment"))));
        scenario.fireTimer(call, "Event_WindowOpens");
        page(null, "/guides/" + call);
        document("/guides/" + call + "/pdf", null);
        page("manager1", "/portal/calls/" + call);
        page("manager1", "/portal/calls/" + call + "/edit");

        // The application, with markup in every free-text field and row cell: saved as a draft, shown in its
        // form, sent through the portal with one wrong value (refused, every value shown back), then submitted.
        Api applicant = Api.as(port, "applicant1");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Map<String, Object> application = application(topic);
        ok(applicant.put("/api/v1/proposals/" + no, application));
        String draft = task("applicant1", no, "Task_SubmitProposal");
        page("applicant1", draft);
        List<Map.Entry<String, String>> sent = new ArrayList<>(Applications.portalFields(application));
        sent.replaceAll(field -> field.getKey().equals("piPhone") ? Map.entry("piPhone", "电话号码") : field);
        sent.add(Map.entry("_action", "complete"));
        Portal.Page refused = portal("applicant1").submit(draft, sent);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single())
                .isEqualTo("DRAFT");
        shown("page " + shortened(draft) + " sent back (applicant1)", refused.html());
        String attachment = "高性能稀土永磁材料关键技术研究可行性论证报告（含附表）&'修订版 第三稿 final.pdf";
        PAYLOADS.put("Upload.attachmentFileName", attachment);
        used.add("Upload.attachmentFileName");
        assertThat(applicant.upload("/api/v1/proposals/" + no + "/attachments", attachment, Applications.pdf(1)).status())
                .as("a file name longer than 32 characters").isBetween(200, 201);
        ok(applicant.post("/api/v1/proposals/" + no + "/submission", application));
        page("applicant1", "/portal/proposals/" + no);
        page("unitadmin1", task("unitadmin1", no, "Task_EndorseProposal"));
        ok(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + no + "/endorsement",
                Map.of("decision", "ENDORSE", "comment", hostile("Form_EndorseProposal", "comment"))));
        page("manager1", task("manager1", no, "Task_FormalCheck"));
        ok(manager.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS",
                "comment", hostile("Form_FormalCheck", "comment"))));

        // Peer review: the invitation shows the proposal; the opinions (a draft first) are markup too.
        ok(manager.post("/api/v1/proposals/" + no + "/reviewer-assignment", Map.of("reviewers", Scenario.REVIEWERS)));
        page("reviewer1", task("reviewer1", no, "Task_RespondToInvitation"));
        for (String reviewer : Scenario.REVIEWERS) {
            scenario.accept(no, reviewer); // a note on accepting goes to the audit trail only; declining shows it (below)
        }
        Map<String, Object> draftReview = Reviews.body(80, "FUNDABLE");
        draftReview.put("opinion", hostile("Form_ReviewProposal", "opinion", 200));
        ok(Api.as(port, "reviewer1").post("/api/v1/proposals/" + no + "/review-draft", draftReview));
        page("reviewer1", task("reviewer1", no, "Task_ReviewProposal"));
        int total = 88;
        for (String reviewer : Scenario.REVIEWERS) {
            Map<String, Object> review = Reviews.body(total++, "PRIORITY");
            review.put("opinion", hostile("Form_ReviewProposal", "opinion", 200));
            ok(Api.as(port, reviewer).post("/api/v1/proposals/" + no + "/reviews", review));
        }
        page("reviewer1", "/portal/reviews");
        page("manager1", "/portal/proposals/" + no + "/review");

        // A review panel on the call: every member votes with a comment. The panel is drawn from the demo experts,
        // whose password the test knows (other tests of the shared context import experts with one-time ones).
        List<String> others = new java.util.ArrayList<>(jdbc.sql(
                "select username from app.expert where available = true and username not like 'reviewer%'")
                .query(String.class).list());
        others.add("none"); // never empty: "in ()" is not SQL
        Api.Response convened;
        try {
            jdbc.sql("update app.expert set available = false where username in (:names)").param("names", others).update();
            convened = manager.post("/api/v1/calls/" + call + "/panels", Map.of("seed", 11));
        } finally {
            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", others).update();
        }
        ok(convened);
        Map<String, Object> panel = convened.json();
        long panelId = ((Number) panel.get("id")).longValue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) panel.get("members");
        String member = (String) members.get(0).get("username");
        page(member, task(member, "PANEL-" + panelId, "Task_CastPanelVotes"));
        for (Map<String, Object> voter : members) {
            ok(Api.as(port, (String) voter.get("username")).post("/api/v1/panels/" + panelId + "/votes", Map.of(
                    "votes", List.of(Map.of("number", no, "vote", "FOR", "endorse", "YES")),
                    "comment", hostile("Form_CastPanelVotes", "comment"))));
        }
        page("manager1", "/portal/calls/" + call + "/review");
        ok(manager.post("/api/v1/calls/" + call + "/review-summary", Map.of()));

        // The decision and the public notice.
        ok(manager.post("/api/v1/proposals/" + no + "/funding-proposal", Map.of("decision", "FUND", "amount", 300,
                "comment", hostile("Form_ProposeFunding", "comment"))));
        page("director", task("director", no, "Task_ApproveFunding"));
        ok(Api.as(port, "director").post("/api/v1/proposals/" + no + "/funding-approval", Map.of("decision", "APPROVE",
                "comment", hostile("Form_ApproveFunding", "comment"))));
        page(null, "/");
        page("applicant1", "/portal/proposals/" + no + "/review");
        fireProposalTimer(no);

        // The project: task book, a milestone reported twice, the acceptance.
        LocalDate start = LocalDate.now(BusinessTime.ZONE).plusDays(10);
        ok(applicant.post("/api/v1/projects/" + no + "/task-book", Map.of("objectives", hostile("Form_DraftTaskBook", "objectives"),
                "startDate", start.toString(), "endDate", start.plusYears(2).toString(), "budget", 300,
                "milestones", List.of(Map.of("title", hostile("Form_DraftTaskBook", "milestones[0].title"),
                        "dueDate", start.plusMonths(8).toString(),
                        "indicator", hostile("Form_DraftTaskBook", "milestones[0].indicator"))))));
        page("manager1", task("manager1", no, "Task_ConfirmTaskBook"));
        ok(manager.post("/api/v1/projects/" + no + "/task-book/confirmation", Map.of("decision", "CONFIRM",
                "comment", hostile("Form_ConfirmTaskBook", "comment"))));
        ok(applicant.post("/api/v1/projects/" + no + "/milestones/1/report", Map.of("report", hostile("Form_ReportMilestone", "report"))));
        page("manager1", task("manager1", no, "Task_CheckMilestone"));
        ok(manager.post("/api/v1/projects/" + no + "/milestones/1/check", Map.of("decision", "RECTIFY",
                "comment", hostile("Form_CheckMilestone", "comment"))));
        ok(applicant.post("/api/v1/projects/" + no + "/milestones/1/report", Map.of("report", hostile("Form_ReportMilestone", "report"))));
        ok(manager.post("/api/v1/projects/" + no + "/milestones/1/check", Map.of("decision", "PASS",
                "comment", hostile("Form_CheckMilestone", "comment"))));
        ok(applicant.post("/api/v1/projects/" + no + "/acceptance-application",
                Map.of("selfEvaluation", hostile("Form_ApplyForAcceptance", "selfEvaluation"))));
        page("manager1", task("manager1", no, "Task_RecordAcceptance"));
        ok(manager.post("/api/v1/projects/" + no + "/acceptance", Map.of("conclusion", "PASSED",
                "comment", hostile("Form_RecordAcceptance", "comment"))));
        assertThat(jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class).single())
                .isEqualTo("CLOSED");

        for (String user : List.of("applicant1", "unitadmin1", "manager1", "director")) {
            page(user, "/portal/proposals/" + no);
        }
        page("applicant1", "/portal/proposals");
        page("manager1", "/portal/proposals");
        List<String> documents = jdbc.sql("select number from app.document where subject_number in (?, ?) order by number")
                .params(no, "CALL-" + call).query(String.class).list();
        assertThat(documents).hasSizeGreaterThanOrEqualTo(10);
        documents.forEach(document -> document("/api/v1/documents/" + document, "manager1"));
        everyPayloadIsShownOrDeclaredNotShown();
    }

    /** A draft's deadline extended, then submitted; a draft withdrawn; a declined invitation and a pool the manager tops up. */
    @Test
    void extensionsWithdrawalsDeclinesAndShortfalls() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("恶意输入测试：撤回与延期", 10);
        Api applicant = Api.as(port, "applicant2");
        // An extended draft, submitted afterwards: programme staff read the extension's reason on its page.
        String extended = (String) applicant.post("/api/v1/proposals", Map.of("callId", call, "title", "延期测试")).json().get("number");
        LocalDateTime later = LocalDateTime.now(BusinessTime.ZONE).withNano(0).plusDays(20);
        ok(Api.as(port, "manager1").post("/api/v1/proposals/" + extended + "/extension", Map.of("until", later.toString(),
                "reason", hostile("Form_ExtendDeadline", "reason"))));
        page("applicant2", "/portal/proposals/" + extended);
        Map<String, Object> application = Applications.complete(scenario.topicOf(call));
        application.put("piIdNumber", Applications.uniquePi());
        ok(applicant.post("/api/v1/proposals/" + extended + "/submission", application));
        page("manager1", "/portal/proposals/" + extended);

        String draft = (String) applicant.post("/api/v1/proposals", Map.of("callId", call, "title", "撤回测试")).json().get("number");
        page("applicant2", "/portal/proposals/" + draft);
        ok(applicant.post("/api/v1/proposals/" + draft + "/withdrawal", Map.of("reason", hostile("Form_WithdrawProposal", "reason"))));
        page("applicant2", "/portal/proposals/" + draft);
        page("applicant2", "/portal/proposals");

        String no = scenario.submitted("applicant1", call, Applications.uniquePi());
        scenario.passed(no);
        ok(Api.as(port, "manager1").post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", Scenario.REVIEWERS)));
        List<String> paused = jdbc.sql("select username from app.expert where available = true and username not in (:kept)")
                .param("kept", Scenario.REVIEWERS).query(String.class).list();
        jdbc.sql("update app.expert set available = false where username in (:names)").param("names", paused).update();
        try {
            ok(Api.as(port, "reviewer2").post("/api/v1/proposals/" + no + "/invitation", Map.of("response", "DECLINE",
                    "note", hostile("Form_RespondToInvitation", "note"))));
            page("manager1", task("manager1", no, "Task_ResolvePoolExhausted"));
            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", paused).update();
            ok(Api.as(port, "manager1").post("/api/v1/proposals/" + no + "/pool-shortfall", Map.of("decision", "RETRY",
                    "comment", hostile("Form_ResolvePoolExhausted", "comment"))));
        } finally {
            jdbc.sql("update app.expert set available = true where username in (:names)").param("names", paused).update();
        }
        page("manager1", "/portal/proposals/" + no + "/review");
        page("manager1", "/portal/proposals/" + no);
        everyPayloadIsShownOrDeclaredNotShown();
    }

    /** An integrity record and a change of programme parameters (set back afterwards). */
    @Test
    void integrityRecordsAndParameterChanges() {
        Api manager = Api.as(port, "manager1");
        Map<String, Object> record = new HashMap<>();
        record.put("partyType", "PERSON");
        record.put("partyName", hostile("Form_RecordIntegrity", "partyName"));
        record.put("partyCode", ResidentIdNumber.withCheckDigit("33020319700101977"));
        record.put("misconduct", hostile("Form_RecordIntegrity", "misconduct"));
        record.put("severity", "ORDINARY");
        record.put("penalty", hostile("Form_RecordIntegrity", "penalty"));
        record.put("decidingBody", hostile("Form_RecordIntegrity", "decidingBody"));
        record.put("legalBasis", hostile("Form_RecordIntegrity", "legalBasis"));
        record.put("effectiveFrom", LocalDate.now(BusinessTime.ZONE).minusYears(1).toString());
        record.put("banUntil", LocalDate.now(BusinessTime.ZONE).minusDays(1).toString());
        assertThat(manager.post("/api/v1/integrity-records", record).status()).isBetween(200, 201);
        page("manager1", "/portal/integrity-records");

        String criteria = (String) manager.get("/api/v1/programmes/XCL/parameters").jsonList().stream()
                .filter(p -> "review.criteria".equals(((Map<?, ?>) p.get("parameter")).get("name")))
                .findFirst().orElseThrow().get("value");
        String mark = "m" + (PAYLOADS.size() + 100) + "m";
        String hostileCriteria = "<b data-xss-" + mark + ">:60,'\"&amp;</b>:40";
        PAYLOADS.put("Form_ChangeParameter.value", hostileCriteria);
        used.add("Form_ChangeParameter.value");
        Api admin = Api.as(port, "admin");
        try {
            ok(admin.put("/api/v1/programmes/XCL/parameters/review.criteria", Map.of("value", hostileCriteria,
                    "reason", hostile("Form_ChangeParameter", "reason"))));
            page("manager1", "/portal/programmes/XCL/parameters");
        } finally {
            ok(admin.put("/api/v1/programmes/XCL/parameters/review.criteria", Map.of("value", criteria,
                    "reason", hostile("Form_ChangeParameter", "reason"))));
        }
        everyPayloadIsShownOrDeclaredNotShown();
    }

    /**
     * Values the validator let through before (text of control characters only, line breaks in single-line
     * fields, five-digit years, a check box's "yes", a number of a hundred thousand digits) are refused by
     * the API with the field's error, quickly, and nothing of them is stored.
     */
    @Test
    void valuesTheFormsRefuseNameTheirFieldAndNothingIsStored() {
        Scenario scenario = new Scenario(port);
        Api manager = Api.as(port, "manager1");
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        int calls = count("select count(*) from app.programme_call");
        refused(manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", "五位年份", "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(),
                "budget", 100, "applicationDeadline", "+10000-01-01T00:00")), "applicationDeadline");
        assertThat(count("select count(*) from app.programme_call")).isEqualTo(calls);

        long call = scenario.collectingCall("恶意输入测试：拒绝", 10);
        String owner = Scenario.demandOwner(users, jdbc, "hostile-owner-2", "恶意输入拒绝测试有限公司", 900);
        Map<String, Object> demand = new HashMap<>(Scenario.demand("正常标题"));
        demand.put("title", "\u0000\u0001\u001F ");
        refused(Api.as(port, owner).post("/api/v1/calls/" + call + "/demands", demand), "title");
        assertThat(count("select count(*) from app.demand where call_id = " + call)).isZero();

        long open = scenario.openCall("恶意输入测试：拒绝申报", 10);
        Api applicant = Api.as(port, "applicant1");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", open, "title", "原标题")).json().get("number");
        refused(applicant.put("/api/v1/proposals/" + no, Map.of("title", "第一行\r\nBcc: x@evil.example")), "title");
        Map<String, Object> application = Applications.complete(scenario.topicOf(open));
        application.put("selfFunding", "1." + "0".repeat(100_000));
        long started = System.nanoTime();
        Api.Response longNumber = applicant.post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(longNumber.status()).isEqualTo(400);
        assertThat(Scenario.fields(longNumber)).as("the total no longer adds up either").containsExactly("selfFunding", "totalBudget");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        assertThat(jdbc.sql("select title || ' ' || status from app.proposal where number = ?").param(no)
                .query(String.class).single()).isEqualTo("原标题 DRAFT");

        String code = ResidentIdNumber.withCheckDigit("33020319700101985");
        Map<String, Object> record = new HashMap<>(Map.of("partyType", "PERSON", "partyName", "张某", "partyCode", code,
                "misconduct", "伪造实验数据", "severity", "ORDINARY", "penalty", "通报批评", "decidingBody", "市科技局",
                "legalBasis", "科研失信行为调查处理规则", "effectiveFrom", "-0001-01-01"));
        refused(manager.post("/api/v1/integrity-records", record), "effectiveFrom");
        assertThat(count("select count(*) from app.integrity_record where party_code = '" + code + "'")).isZero();
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    /** A 400 naming exactly this field. */
    private static void refused(Api.Response response, String field) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(Scenario.fields(response)).as(response.text()).containsExactly(field);
    }

    /** Each payload this test sent is in a page or document read, or declared as shown in none. */
    private void everyPayloadIsShownOrDeclaredNotShown() {
        assertThat(used.stream().filter(field -> !SEEN.containsKey(field) && !NOT_SHOWN.contains(field)))
                .as("fields shown in no page or document read").isEmpty();
        assertThat(NOT_SHOWN.stream().filter(SEEN::containsKey)).as("shown after all: no longer in NOT_SHOWN").isEmpty();
    }

    // ---------------------------------------------------------------- payloads

    /** The field's payload (one per field, made on first use). */
    private String hostile(String formId, String path) {
        return hostile(formId, path, 0);
    }

    /**
     * Markup that would show if it got through: a script and an element with an attribute named after the
     * field, quotes and an entity, then Chinese up to the field's maximum length exactly (so that every
     * column must hold what its form allows), or to {@code atLeast} characters where the field has none.
     */
    private String hostile(String formId, String path, int atLeast) {
        used.add(formId + "." + path);
        return PAYLOADS.computeIfAbsent(formId + "." + path, id -> {
            FormField field = field(formId, path);
            String mark = "m" + (PAYLOADS.size() + 100) + "m";
            int max = field.maxLength() == null ? Math.max(atLeast, 200) : field.maxLength();
            String full = "<script>alert('" + mark + "')</script><img data-xss-" + mark + " src=x onerror=alert(1)>\"'&amp;"
                    + "<a href=\"javascript:alert(1)\">链接</a> 中文";
            StringBuilder text = new StringBuilder(full.length() <= max ? full : "<b data-xss-" + mark + ">&'\"</b>");
            String filler = "内容充实的测试文字" + mark + "，"; // its own, so that no other field's text can stand in for it
            while (text.length() < max) {
                text.append(filler.charAt(text.length() % filler.length()));
            }
            assertThat(text.codePointCount(0, text.length())).as(id).isGreaterThanOrEqualTo(
                    Math.max(atLeast, field.minLength() == null ? 0 : field.minLength()));
            return text.toString();
        });
    }

    private FormField field(String formId, String path) {
        Matcher row = Pattern.compile("(\\w+)\\[0]\\.(\\w+)").matcher(path);
        String key = row.matches() ? row.group(1) : path;
        FormField field = forms.get(formId).inputs().stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(formId + " has no field " + key));
        return row.matches() ? field.components().stream().filter(c -> c.key().equals(row.group(2))).findFirst()
                .orElseThrow(() -> new AssertionError(formId + " has no column " + path)) : field;
    }

    /** A complete application with markup in every free-text field and row cell (the e-mail address too). */
    private Map<String, Object> application(long topic) {
        String form = "Form_SubmitProposal";
        Map<String, Object> a = Applications.complete(topic);
        a.put("piIdNumber", Applications.uniquePi());
        for (String key : List.of("title", "keywords", "summary", "piName")) {
            a.put(key, hostile(form, key));
        }
        String mark = "m" + (PAYLOADS.size() + 100) + "m";
        String email = "<img/data-xss-" + mark + "/src=x/onerror=alert(1)>\"'&amp;@example.cn";
        PAYLOADS.put(form + ".piEmail", email);
        used.add(form + ".piEmail");
        a.put("piEmail", email);
        a.put("partners", List.of(Map.of("name", hostile(form, "partners[0].name"), "creditCode", Applications.PARTNER_CODE,
                "outsideCity", "false", "tasks", hostile(form, "partners[0].tasks"))));
        a.put("team", List.of(Map.of("name", hostile(form, "team[0].name"), "idNumber", Applications.MEMBER_ID,
                "unitName", hostile(form, "team[0].unitName"), "title", "ASSOCIATE", "role", "CORE", "effortMonths", "8")));
        a.put("budgetLines", List.of(
                Map.of("category", "EQUIPMENT", "amount", "40", "note", hostile(form, "budgetLines[0].note")),
                Map.of("category", "MATERIALS", "amount", "30"),
                Map.of("category", "LABOUR", "amount", "10"),
                Map.of("category", "INDIRECT", "amount", "20")));
        a.put("milestones", List.of(
                Map.of("title", hostile(form, "milestones[0].title"), "dueMonth", "12",
                        "deliverable", hostile(form, "milestones[0].deliverable")),
                Map.of("title", "中试线投产", "dueMonth", "30", "deliverable", "年产百吨中试线")));
        a.put("indicators", List.of(Map.of("name", hostile(form, "indicators[0].name"),
                "targetValue", hostile(form, "indicators[0].targetValue"), "unit", hostile(form, "indicators[0].unit"),
                "method", hostile(form, "indicators[0].method"))));
        a.put("exclusions", List.of(Map.of("expertName", hostile(form, "exclusions[0].expertName"),
                "unitName", hostile(form, "exclusions[0].unitName"), "reason", hostile(form, "exclusions[0].reason"))));
        return a;
    }

    /** A topic with markup in its title, description and indicators. */
    private Map<String, Object> topic(String code) {
        return Map.of("code", code, "title", hostile("Form_CreateTopic", "title"),
                "description", hostile("Form_CreateTopic", "description"),
                "indicators", hostile("Form_CreateTopic", "indicators"), "maxBudget", 500, "expectedProjects", 1);
    }

    // ---------------------------------------------------------------- reading pages and documents

    private Portal portal(String user) {
        return portals.computeIfAbsent(user, u -> Portal.signIn(port, u));
    }

    /** Reads a page (anonymously for {@code user == null}): it is inert, and records which payloads it shows. */
    private void page(String user, String path) {
        Portal portal = user == null ? Portal.anonymous(port) : portal(user);
        Portal.Page page = portal.get(path);
        String where = "page " + shortened(path) + (user == null ? "" : " (" + user + ")");
        assertThat(page.status()).as(where).isEqualTo(200);
        shown(where, page.html());
    }

    /** The page is inert; records which payloads it shows, as text or as a form's value. */
    private void shown(String where, String html) {
        assertThat(html).as(where).doesNotContainIgnoringCase("<script").doesNotContain("<img data-xss", "<img/data-xss", "<b data-xss");
        HtmlTree tree = HtmlTree.parse(html);
        StringBuilder shown = new StringBuilder(tree.text());
        for (HtmlTree.Element element : tree.elements()) {
            assertThat(element.name()).as(where).doesNotContain("xss").isNotIn("script", "iframe", "svg", "object", "embed");
            element.attributes().forEach((name, value) -> {
                assertThat(name).as(where + " <" + element.name() + ">").doesNotContain("xss").doesNotStartWith("on");
                if (Set.of("href", "src", "action", "formaction").contains(name)) {
                    assertThat(value.strip().toLowerCase(Locale.ROOT)).as(where + " " + name).doesNotStartWith("javascript:");
                }
                shown.append('\u0000').append(value);
            });
        }
        PAGES.incrementAndGet();
        String text = shown.toString();
        PAYLOADS.forEach((field, payload) -> {
            if (text.contains(payload)) {
                SEEN.computeIfAbsent(field, f -> new TreeSet<>()).add(where);
            }
        });
    }

    /** A path with its numbers and ids as placeholders, for the summary. */
    private static String shortened(String path) {
        return path.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{task}")
                .replaceAll("KCYJ\\d{4}-[A-Z]+-\\d{4}", "{proposal}").replaceAll("CALL-\\d+", "{call}")
                .replaceAll("XQ\\d{4}-\\d{4}", "{demand}").replaceAll("/\\d+", "/{id}").replaceAll("-\\d+$", "");
    }

    /** Reads a document: nothing in it acts, and it records which payloads it prints (literally). */
    private void document(String path, String user) {
        Api.Response pdf = (user == null ? Api.anonymous(port) : Api.as(port, user)).get(path);
        String where = "document " + shortened(path);
        assertThat(pdf.status()).as(where).isEqualTo(200);
        assertThat(pdf.contentType()).contains("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getDocumentCatalog().getCOSObject().keySet()).as(where)
                    .doesNotContain(COSName.OPEN_ACTION, COSName.AA, COSName.ACRO_FORM, COSName.NAMES);
            for (PDPage page : document.getPages()) {
                assertThat(page.getCOSObject().keySet()).as(where).doesNotContain(COSName.AA);
                for (PDAnnotation annotation : page.getAnnotations()) {
                    assertThat(annotation).as(where).isInstanceOfSatisfying(PDAnnotationLink.class, link ->
                            assertThat(link.getAction()).isInstanceOfSatisfying(PDActionURI.class,
                                    uri -> assertThat(uri.getURI()).contains("/verify/")));
                }
            }
            // footers may fall inside a text that continues on the next page
            String text = visible(new PDFTextStripper().getText(document));
            DOCUMENTS.incrementAndGet();
            PAYLOADS.forEach((field, payload) -> {
                if (printed(text, visible(payload), document.getNumberOfPages())) {
                    SEEN.computeIfAbsent(field, f -> new TreeSet<>()).add(where);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the text holds the payload literally: in order, in one piece per page it may run over (a
     * table cell split between pages continues after the next page's footer and repeated header row).
     */
    static boolean printed(String text, String payload, int pages) {
        int from = 0;
        int at = 0;
        for (int piece = 0; piece < pages && at < payload.length(); piece++) {
            int low = 0;
            int high = payload.length() - at;
            while (low < high) { // the longest next part of the payload found after the previous one
                int mid = (low + high + 1) / 2;
                if (text.indexOf(payload.substring(at, at + mid), from) >= 0) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            if (low == 0) {
                return false;
            }
            from = text.indexOf(payload.substring(at, at + low), from) + low;
            at += low;
        }
        return at == payload.length();
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The portal page of the user's open task of that kind on the proposal (or other business key). */
    private String task(String user, String number, String taskKey) {
        return "/portal/tasks/" + Api.as(port, user).get("/api/v1/me/tasks").jsonList().stream()
                .filter(t -> number.equals(t.get("businessKey")) && taskKey.equals(t.get("taskKey")))
                .map(t -> (String) t.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError(user + " has no " + taskKey + " on " + number));
    }

    /** As the administrator, fires the proposal's timer (the end of its public notice). */
    private void fireProposalTimer(String number) {
        Api admin = Api.as(port, "admin");
        String timer = (String) admin.get("/api/v1/timers?businessKey=" + number).jsonList().stream().findFirst()
                .orElseThrow(() -> new AssertionError("No timer for " + number)).get("id");
        ok(admin.post("/api/v1/timers/" + timer + "/execution", Map.of()));
    }

    private static long created(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return ((Number) response.json().get("id")).longValue();
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isBetween(200, 201);
    }

    @AfterAll
    static void summary() {
        Set<String> inPages = new TreeSet<>();
        Set<String> inDocuments = new TreeSet<>();
        SEEN.forEach((field, where) -> {
            if (where.stream().anyMatch(w -> w.startsWith("page"))) {
                inPages.add(field);
            }
            if (where.stream().anyMatch(w -> w.startsWith("document"))) {
                inDocuments.add(field);
            }
        });
        Set<String> neither = new TreeSet<>(PAYLOADS.keySet());
        neither.removeAll(SEEN.keySet());
        System.out.printf("Hostile forms end to end: %d free-text fields of %d forms submitted with markup; %d pages and"
                        + " %d documents read; %d fields shown in pages, %d printed in documents, %d in neither%n",
                PAYLOADS.size(), PAYLOADS.keySet().stream().filter(f -> f.startsWith("Form_")).map(f -> f.substring(0, f.indexOf('.')))
                        .distinct().count(),
                PAGES.get(), DOCUMENTS.get(), inPages.size(), inDocuments.size(), neither.size());
        SEEN.forEach((field, where) -> System.out.println("  " + field + ": " + String.join("; ", where)));
        neither.forEach(field -> System.out.println("  " + field + ": shown nowhere read"));
    }
}
