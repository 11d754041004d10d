package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every date and amount the product accepts lies within a range tied to its call, programme or decision
 * (docs/rules-dates.md): for each bound, a value just inside is accepted and one just outside is refused
 * with a field error in Chinese and English, nothing stored.
 */
@IntegrationTest
class DateAmountBoundsTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api as(String user) {
        return Api.as(port, user);
    }

    static LocalDateTime now() {
        return LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);
    }

    Map<String, Object> call(String title, String programme, Object year, LocalDateTime opens, LocalDateTime deadline) {
        Map<String, Object> body = new HashMap<>();
        body.put("programmeCode", programme);
        body.put("title", title);
        body.put("callYear", year);
        body.put("mode", "COMPETITIVE");
        body.put("budget", 1000);
        if (opens != null) {
            body.put("opensAt", opens.toString());
        }
        body.put("applicationDeadline", deadline.toString());
        return body;
    }

    int stored(String title) {
        return jdbc.sql("select count(*) from app.programme_call where title = ?").param(title).query(Integer.class).single();
    }

    /** Refused with exactly this field in error, in Chinese and (asked again with ?lang=en) in English. */
    void refused(Api.Response response, String field, String chinese) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(Scenario.fields(response)).containsExactly(field);
        assertThat(message(response)).contains(chinese);
    }

    static String message(Api.Response response) {
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) response.json().get("errors");
        return errors.get(0).get("message");
    }

    void created(String title, Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(stored(title)).isEqualTo(1);
    }

    void refusedCall(String title, Map<String, Object> body, String field, String chinese, String english) {
        Api.Response refused = as("manager1").post("/api/v1/calls", body);
        refused(refused, field, chinese);
        assertThat(message(as("manager1").post("/api/v1/calls?lang=en", body))).contains(english);
        assertThat(stored(title)).isZero();
    }

    @Test
    void aCallsYearOpeningWindowAndBudgetLieWithinTheirBounds() {
        LocalDateTime now = now();
        int year = now.getYear();
        // The year: last year to two years ahead.
        refusedCall("界限-年度过早", call("界限-年度过早", "XCL", year - 2, now.plusDays(1), now.plusDays(20)), "callYear",
                "应在 " + (year - 1) + " 至 " + (year + 2), "" + (year - 1));
        created("界限-年度最早", as("manager1").post("/api/v1/calls", call("界限-年度最早", "XCL", year - 1, now.plusDays(1), now.plusDays(20))));
        created("界限-年度最晚", as("manager1").post("/api/v1/calls", call("界限-年度最晚", "XCL", year + 2, now.plusDays(1), now.plusDays(20))));
        refusedCall("界限-年度过晚", call("界限-年度过晚", "XCL", year + 3, now.plusDays(1), now.plusDays(20)), "callYear",
                "应在", "" + (year + 2));

        // The opening: not in the past, at most call.max-lead-days (730) ahead.
        refusedCall("界限-开放已过", call("界限-开放已过", "XCL", year, now.minusMinutes(10), now.plusDays(20)), "opensAt",
                "不能早于现在", "cannot open in the past");
        created("界限-开放临近", as("manager1").post("/api/v1/calls", call("界限-开放临近", "XCL", year, now.plusMinutes(10), now.plusDays(20))));
        created("界限-开放最远", as("manager1").post("/api/v1/calls",
                call("界限-开放最远", "XCL", year, now.plusDays(730).minusHours(1), now.plusDays(740))));
        refusedCall("界限-开放过远", call("界限-开放过远", "XCL", year, now.plusDays(730).plusHours(1), now.plusDays(740)), "opensAt",
                "距今不超过 730 天", "within 730 days");
        // The year 9999 an outside attack used is far beyond both.
        Api.Response far = as("manager1").post("/api/v1/calls", call("界限-9999", "XCL", year, LocalDateTime.of(9999, 1, 1, 9, 0),
                LocalDateTime.of(9999, 12, 31, 17, 0)));
        assertThat(far.status()).isEqualTo(400);
        assertThat(Scenario.fields(far)).containsExactlyInAnyOrder("opensAt", "applicationDeadline");

        // The window: at most call.max-window-days (180) from the opening, or from now without one.
        LocalDateTime opens = now.plusDays(40);
        created("界限-窗口最长", as("manager1").post("/api/v1/calls",
                call("界限-窗口最长", "XCL", year, opens, opens.plusDays(180).minusHours(1))));
        refusedCall("界限-窗口过长", call("界限-窗口过长", "XCL", year, opens, opens.plusDays(180).plusHours(1)),
                "applicationDeadline", "申报窗口不超过 180 天", "at most 180 days");
        created("界限-无开放时间", as("manager1").post("/api/v1/calls",
                call("界限-无开放时间", "XCL", year, null, now.plusDays(180).minusHours(1))));
        refusedCall("界限-无开放时间过长", call("界限-无开放时间过长", "XCL", year, null, now.plusDays(180).plusHours(1)),
                "applicationDeadline", "180 天", "180 days");

        // The budget: positive.
        Map<String, Object> zero = call("界限-零预算", "XCL", year, opens, opens.plusDays(30));
        zero.put("budget", 0);
        refusedCall("界限-零预算", zero, "budget", "不能小于 0.01", "0.01");
        zero.put("budget", "0.01");
        created("界限-零预算", as("manager1").post("/api/v1/calls", zero));

        // A change to a draft call is held to the same bounds.
        long draft = ((Number) as("manager1").get("/api/v1/calls").jsonList().stream()
                .filter(c -> "界限-开放临近".equals(c.get("title"))).findFirst().orElseThrow().get("id")).longValue();
        Api.Response moved = as("manager1").put("/api/v1/calls/" + draft, Map.of("opensAt", now.minusDays(1).toString()));
        refused(moved, "opensAt", "不能早于现在");
        Instant kept = Instant.parse((String) as("manager1").get("/api/v1/calls/" + draft).json().get("opensAt"));
        assertThat(kept).isEqualTo(now.plusMinutes(10).atZone(BusinessTime.ZONE).toInstant());
    }

    @Test
    void theWindowsBoundIsAProgrammeParameter() {
        LocalDateTime opens = now().plusDays(40);
        int year = opens.getYear();
        Api admin = as("admin");
        assertThat(admin.put("/api/v1/programmes/ZNZZ/parameters/call.max-window-days",
                Map.of("value", 30, "reason", "测试：申报窗口上限")).status()).isEqualTo(200);
        try {
            refusedCall("界限-参数窗口", call("界限-参数窗口", "ZNZZ", year, opens, opens.plusDays(30).plusHours(1)),
                    "applicationDeadline", "不超过 30 天", "30 days");
            created("界限-参数窗口", as("manager1").post("/api/v1/calls",
                    call("界限-参数窗口", "ZNZZ", year, opens, opens.plusDays(30).minusHours(1))));
            // Another programme keeps its own value.
            created("界限-另一专项窗口", as("manager1").post("/api/v1/calls",
                    call("界限-另一专项窗口", "XCL", year, opens, opens.plusDays(30).plusHours(1))));
        } finally {
            assertThat(admin.put("/api/v1/programmes/ZNZZ/parameters/call.max-window-days",
                    Map.of("value", 180, "reason", "测试：恢复申报窗口上限")).status()).isEqualTo(200);
        }
    }

    @Test
    void anExtensionStaysWithinItsDaysAndBeforeTheFormalCheckEnds() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("界限-延期批次", 10);
        Instant closes = Instant.parse((String) as("manager1").get("/api/v1/calls/" + call).json().get("applicationDeadline"));
        LocalDateTime deadline = LocalDateTime.ofInstant(closes, BusinessTime.ZONE);
        String no = (String) as("applicant1").post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Api manager = as("manager1");

        // At most extension.max-days (30) past the current deadline; the year 9999 far beyond it.
        for (LocalDateTime until : List.of(deadline.plusDays(30).plusMinutes(1), LocalDateTime.of(9999, 12, 31, 0, 0))) {
            Api.Response tooLong = manager.post("/api/v1/proposals/" + no + "/extension",
                    Map.of("until", until.toString(), "reason", "申报系统故障，申请人无法按时提交"));
            refused(tooLong, "until", "当前期限后不超过 30 天");
        }
        assertThat(message(manager.post("/api/v1/proposals/" + no + "/extension?lang=en",
                Map.of("until", deadline.plusDays(31).toString(), "reason", "申报系统故障，申请人无法按时提交"))))
                .contains("at most 30 days");
        assertThat(jdbc.sql("select count(*) from app.proposal where number = ? and extended_until is not null").param(no)
                .query(Integer.class).single()).isZero();

        // Never past the formal check's end (formal-check.days after the deadline), even with a longer allowance.
        scenario.parameter("extension.max-days", "60");
        scenario.parameter("formal-check.days", "20");
        try {
            refused(manager.post("/api/v1/proposals/" + no + "/extension",
                    Map.of("until", deadline.plusDays(20).plusMinutes(1).toString(), "reason", "申报系统故障，申请人无法按时提交")),
                    "until", "形式审查期结束");
            Api.Response inside = manager.post("/api/v1/proposals/" + no + "/extension",
                    Map.of("until", deadline.plusDays(20).minusMinutes(1).toString(), "reason", "申报系统故障，申请人无法按时提交"));
            assertThat(inside.status()).as(inside.text()).isEqualTo(200);
        } finally {
            scenario.parameter("extension.max-days", "30");
            scenario.parameter("formal-check.days", "45");
        }
        // Just inside the default allowance, from the new deadline.
        String other = (String) as("applicant2").post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Api.Response granted = manager.post("/api/v1/proposals/" + other + "/extension",
                Map.of("until", deadline.plusDays(30).minusMinutes(1).toString(), "reason", "申报系统故障，申请人无法按时提交"));
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
    }

    @Test
    void anApplicationLastsAtMostTheProgrammesMaximum() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("界限-周期批次", 10);
        Map<String, Object> application = Applications.complete(scenario.topicOf(call));
        application.put("piIdNumber", Applications.uniquePi());
        String no = (String) as("applicant1").post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        application.put("durationMonths", "61");
        Api.Response tooLong = as("applicant1").post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(Scenario.fields(tooLong)).contains("durationMonths");
        assertThat(tooLong.text()).contains("不能超过 60 个月");
        assertThat(as("applicant1").get("/api/v1/proposals/" + no).json().get("proposal").toString()).contains("DRAFT");
        application.put("durationMonths", "60");
        Api.Response inside = as("applicant1").post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(inside.status()).as(inside.text()).isEqualTo(200);
    }

    /**
     * Funding within the topic's maximum and the call's budget, then a task book that starts near the approval
     * and ends within the application's duration (36 months), in the portal as well as the API.
     */
    @Test
    void fundingAndTheTaskBookStayWithinTheDecisionAndTheApplication() {
        Scenario scenario = new Scenario(port);
        long call = scenario.draftCall("界限-资助批次", 10);
        Api.Response budget = as("manager1").put("/api/v1/calls/" + call, Map.of("budget", 700));
        assertThat(budget.status()).as(budget.text()).isEqualTo(200);
        scenario.publishAndOpen(call); // topic 01: at most 500 per project
        String first = reviewed(scenario, call);
        String second = reviewed(scenario, call);
        Api manager = as("manager1");

        refused(manager.post("/api/v1/proposals/" + first + "/funding-proposal", Map.of("decision", "FUND", "amount", 0)),
                "amount", "不能小于 0.01");
        refused(manager.post("/api/v1/proposals/" + first + "/funding-proposal", Map.of("decision", "FUND", "amount", "500.01")),
                "amount", "单项最高资助 500 万元");
        assertThat(message(manager.post("/api/v1/proposals/" + first + "/funding-proposal?lang=en",
                Map.of("decision", "FUND", "amount", "500.01")))).contains("maximum per project of the topic, 500");
        ok(manager.post("/api/v1/proposals/" + first + "/funding-proposal", Map.of("decision", "FUND", "amount", 500)));
        // 500 of the call's 700 is taken: 200 more at most.
        refused(manager.post("/api/v1/proposals/" + second + "/funding-proposal", Map.of("decision", "FUND", "amount", "200.01")),
                "amount", "最多还可建议 200 万元");
        assertThat(jdbc.sql("""
                        select count(*) from app.stage_decision d join app.proposal p on p.id = d.proposal_id
                        where p.number = ? and d.stage = 'FUNDING_PROPOSAL'""").param(second).query(Integer.class).single())
                .isZero();
        ok(manager.post("/api/v1/proposals/" + second + "/funding-proposal", Map.of("decision", "FUND", "amount", 200)));

        ok(as("director").post("/api/v1/proposals/" + first + "/funding-approval", Map.of("decision", "APPROVE")));
        fireTimer(first);
        LocalDate today = LocalDate.now(BusinessTime.ZONE);
        String path = "/api/v1/projects/" + first + "/task-book";
        Api applicant = as("applicant1");
        // Starts within 180 days of the approval (today), either side.
        refused(applicant.post(path, taskBook(today.minusDays(181), today.minusDays(181).plusYears(1))), "startDate",
                "立项批准日前后 180 天以内");
        refused(applicant.post(path, taskBook(today.plusDays(181), today.plusDays(181).plusYears(1))), "startDate",
                "180 天");
        // The year 2099 an outside attack used, for an end, is beyond the application's 36 months.
        refused(applicant.post(path, taskBook(today, LocalDate.of(2099, 12, 31))), "endDate", "36 个月");
        refused(applicant.post(path, taskBook(today, today.plusMonths(36).plusDays(1))), "endDate", "最晚为 " + today.plusMonths(36));
        assertThat(jdbc.sql("select count(*) from app.task_book t join app.proposal p on p.id = t.proposal_id where p.number = ?")
                .param(first).query(Integer.class).single()).isZero();
        // The portal says so on the form.
        Portal portal = Portal.signIn(port, "applicant1");
        String link = portal.taskLink(first, "Draft task book");
        Portal.Page page = portal.submit(link, List.of(Map.entry("objectives", "完成样机并通过测试"),
                Map.entry("startDate", today.minusDays(181).toString()), Map.entry("endDate", today.plusYears(1).toString()),
                Map.entry("budget", "300"), Map.entry("milestones[0].title", "样机"),
                Map.entry("milestones[0].dueDate", today.plusMonths(6).toString()), Map.entry("milestones[0].indicator", "样机 1 台")));
        assertThat(page.html()).contains("立项批准日前后 180 天以内");
        // Just inside each bound.
        ok(applicant.post(path, taskBook(today.minusDays(180), today.minusDays(180).plusMonths(36))));
    }

    @Test
    void anIntegrityRecordTakesEffectWithinTenYearsBackAndBansForAtMostSeven() {
        LocalDate today = LocalDate.now(BusinessTime.ZONE);
        Api manager = as("manager1");
        refused(manager.post("/api/v1/integrity-records", record("诚信界限甲", today.minusYears(10).minusDays(1), null)),
                "effectiveFrom", "应在 " + today.minusYears(10));
        refused(manager.post("/api/v1/integrity-records", record("诚信界限甲", today.plusDays(366), null)),
                "effectiveFrom", today.plusDays(365).toString());
        refused(manager.post("/api/v1/integrity-records", record("诚信界限甲", today, LocalDate.of(9999, 12, 31))),
                "banUntil", "限制期最长至 " + today.plusYears(7));
        refused(manager.post("/api/v1/integrity-records", record("诚信界限甲", today, today.plusYears(7).plusDays(1))),
                "banUntil", "7 年");
        assertThat(message(manager.post("/api/v1/integrity-records?lang=en", record("诚信界限甲", today, today.plusYears(8)))))
                .contains("leave the end empty");
        assertThat(jdbc.sql("select count(*) from app.integrity_record where party_name = '诚信界限甲'").query(Integer.class)
                .single()).isZero();
        assertThat(manager.post("/api/v1/integrity-records", record("诚信界限乙", today.minusYears(10), today.minusYears(10).plusYears(7)))
                .status()).isEqualTo(201);
        assertThat(manager.post("/api/v1/integrity-records", record("诚信界限丙", today.plusDays(365), null)).status())
                .isEqualTo(201);
    }

    private static final java.util.concurrent.atomic.AtomicInteger PARTIES = new java.util.concurrent.atomic.AtomicInteger();

    static Map<String, Object> record(String name, LocalDate from, LocalDate until) {
        Map<String, Object> r = new HashMap<>(Map.of("partyType", "PERSON", "partyName", name,
                "partyCode", ResidentIdNumber.withCheckDigit("33020319700101" + "%03d".formatted(PARTIES.incrementAndGet() % 1000)),
                "misconduct", "测试用失信行为", "severity", "ORDINARY", "penalty", "测试处理", "decidingBody", "测试机关",
                "legalBasis", "测试依据", "effectiveFrom", from.toString()));
        if (until != null) {
            r.put("banUntil", until.toString());
        }
        return r;
    }

    static Map<String, Object> taskBook(LocalDate start, LocalDate end) {
        return Map.of("objectives", "研制出矫顽力≥2000 kA/m 的磁体", "startDate", start.toString(), "endDate", end.toString(),
                "budget", 300, "milestones", List.of(Map.of("title", "完成材料配方", "dueDate", start.plusMonths(6).toString(),
                        "indicator", "配方 3 种")));
    }

    /** A proposal of the call with its own PI, reviewed by the three reviewers (no panel in these calls). */
    String reviewed(Scenario scenario, long call) {
        String no = scenario.submitted("applicant1", call, Applications.uniquePi());
        scenario.underReview(no);
        for (String reviewer : Scenario.REVIEWERS) {
            scenario.review(no, reviewer, 85, "PRIORITY");
        }
        return no;
    }

    void fireTimer(String number) {
        Api admin = as("admin");
        String timer = (String) admin.get("/api/v1/timers?businessKey=" + number).jsonList().stream().findFirst()
                .orElseThrow().get("id");
        ok(admin.post("/api/v1/timers/" + timer + "/execution", Map.of()));
    }

    static void ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }
}
