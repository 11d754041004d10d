package org.kcyj.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.kcyj.shared.BusinessTime;

/** Steps tests set up again and again, through the REST API as the demo users. */
public final class Scenario {
    private final int port;

    public Scenario(int port) {
        this.port = port;
    }

    /**
     * An OPEN call of programme XCL whose application deadline is {@code days} from now, with one topic
     * "01" (at most 500 万元 per project), brought there the way the product does it: created, topic
     * added, guide submitted, approved by the director, and the window-opens timer fired early by the
     * administrator (the demo profile allows it). The programme's guide lead time is set to 0 days
     * first, so that a window a few days long can open now.
     */
    public long openCall(String title, int days) {
        long call = draftCall(title, days);
        publishAndOpen(call);
        return call;
    }

    /**
     * A draft call of XCL without demand collection: the window opens in an hour and closes {@code days}
     * from now. The guide lead time of XCL is set to 0 days so the call can be published at once.
     */
    public long draftCall(String title, int days) {
        leadDays(0);
        parameter("panel.required", "false");
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        Api.Response created = Api.as(port, "manager1").post("/api/v1/calls", Map.of("programmeCode", "XCL",
                "title", title, "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "mode", "COMPETITIVE", "budget", 1000,
                "opensAt", now.plusHours(1).toString(), "applicationDeadline", now.plusDays(days).toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return ((Number) created.json().get("id")).longValue();
    }

    /** Topic "01", the guide submitted and approved, the window opened early by the administrator. */
    public void publishAndOpen(long call) {
        Api manager = Api.as(port, "manager1");
        Api.Response topic = manager.post("/api/v1/calls/" + call + "/topics", Map.of("code", "01",
                "title", "高性能稀土永磁材料", "description", "面向新能源汽车驱动电机的低重稀土永磁材料研究。",
                "indicators", "矫顽力不低于 2000 kA/m；中试线 1 条", "maxBudget", 500, "expectedProjects", 3));
        assertThat(topic.status()).as(topic.text()).isEqualTo(201);
        Api.Response guide = manager.post("/api/v1/calls/" + call + "/guide", Map.of(
                "intro", "本指南面向新材料重大专项，围绕产业急需的关键材料组织申报。", "contacts", "项目主管处室 0574-00000000"));
        assertThat(guide.status()).as(guide.text()).isEqualTo(200);
        Api.Response approved = Api.as(port, "director").post("/api/v1/calls/" + call + "/guide/approval",
                Map.of("decision", "APPROVE"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        fireTimer(call, "Event_WindowOpens");
        assertThat(Api.as(port, "manager1").get("/api/v1/calls/" + call).json().get("status")).isEqualTo("OPEN");
    }

    /** The id of the call's first topic. */
    public long topicOf(long call) {
        List<Map<String, Object>> topics = Api.as(port, "manager1").get("/api/v1/calls/" + call + "/topics").jsonList();
        assertThat(topics).isNotEmpty();
        return ((Number) topics.get(0).get("id")).longValue();
    }

    /** As the administrator, fires the call's timer waiting at the given event now. */
    public void fireTimer(long call, String event) {
        Api admin = Api.as(port, "admin");
        String timer = admin.get("/api/v1/timers?businessKey=CALL-" + call).jsonList().stream()
                .filter(t -> event.equals(t.get("activityId"))).map(t -> (String) t.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError("No timer " + event + " waiting for CALL-" + call));
        Api.Response fired = admin.post("/api/v1/timers/" + timer + "/execution", Map.of());
        assertThat(fired.status()).as(fired.text()).isEqualTo(200);
    }

    /** Sets XCL's guide lead time (days between publishing the guide and opening the window). */
    public void leadDays(int days) {
        Api admin = Api.as(port, "admin");
        boolean set = admin.get("/api/v1/programmes/XCL/parameters").jsonList().stream()
                .anyMatch(p -> "guide.lead-days".equals(((Map<?, ?>) p.get("parameter")).get("name"))
                        && String.valueOf(days).equals(String.valueOf(p.get("value"))));
        if (!set) {
            Api.Response changed = admin.put("/api/v1/programmes/XCL/parameters/guide.lead-days",
                    Map.of("value", days, "reason", "测试：设定指南发布提前天数"));
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        }
    }

    /** Sets one of XCL's parameters as the administrator, unless it has that value already. */
    public void parameter(String name, String value) {
        Api admin = Api.as(port, "admin");
        boolean set = admin.get("/api/v1/programmes/XCL/parameters").jsonList().stream()
                .anyMatch(p -> name.equals(((Map<?, ?>) p.get("parameter")).get("name")) && value.equals(String.valueOf(p.get("value"))));
        if (!set) {
            Api.Response changed = admin.put("/api/v1/programmes/XCL/parameters/" + name,
                    Map.of("value", value, "reason", "测试：设定参数 " + name));
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        }
    }

    /** A call of XCL collecting demands for {@code days} more days; its window opens a day after that. */
    public long collectingCall(String title, int days) {
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        Api.Response created = Api.as(port, "manager1").post("/api/v1/calls", Map.of("programmeCode", "XCL",
                "title", title, "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "mode", "CHALLENGE", "budget", 3000,
                "demandDeadline", now.plusDays(days).toString(), "opensAt", now.plusDays(days + 1).toString(),
                "applicationDeadline", now.plusDays(days + 60).toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return ((Number) created.json().get("id")).longValue();
    }

    /** A complete demand body (Form_SubmitDemand) with the given title. */
    public static Map<String, Object> demand(String title) {
        return Map.of("title", title, "background", "现有磁体在高温工况下矫顽力下降明显，亟需新材料方案。",
                "indicators", List.of(Map.of("indicator", "矫顽力", "targetValue", "≥ 2000", "measureUnit", "kA/m")),
                "durationMonths", 24, "coFunding", 200, "contact", "王工 0574-11111111");
    }

    /** The owner's demand in the call; returns its number. */
    public String submitDemand(String owner, long call, String title) {
        Api.Response submitted = Api.as(port, owner).post("/api/v1/calls/" + call + "/demands", demand(title));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        return (String) submitted.json().get("number");
    }

    /**
     * A demand owner of their own unit (created once) that meets the default demand rules: registered in
     * the city, annual R&D spend {@code rdSpend} 万元.
     */
    public static String demandOwner(org.kcyj.identity.UserDirectory users, org.springframework.jdbc.core.simple.JdbcClient jdbc,
                                     String username, String unitName, int rdSpend) {
        if (!users.exists(username)) {
            long unit = users.unitByName(unitName).orElseGet(() -> users.createUnit(unitName, null));
            users.createUser(username, "demo", unitName + "（出题方）", null, unit, false,
                    java.util.EnumSet.of(org.kcyj.identity.Role.DEMAND_OWNER));
        }
        rdSpend(jdbc, unitName, rdSpend);
        return username;
    }

    /** Records a unit's annual R&D spend (万元), which the demo data leaves empty. */
    public static void rdSpend(org.springframework.jdbc.core.simple.JdbcClient jdbc, String unitName, int rdSpend) {
        jdbc.sql("update app.unit set rd_spend = ? where name = ?").params(rdSpend, unitName).update();
    }

    /** As {@link #submitted(String, long)}, led by the PI with this ID number (for tests that fund it: 限项). */
    public String submitted(String applicant, long call, String piIdNumber) {
        Api api = Api.as(port, applicant);
        String no = (String) api.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Map<String, Object> application = Applications.complete(topicOf(call));
        application.put("title", "测试项目");
        application.put("requestedBudget", "100");
        application.put("piIdNumber", piIdNumber);
        Api.Response submitted = api.post("/api/v1/proposals/" + no + "/submission", application);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        return no;
    }

    /** A proposal the applicant has drafted and submitted in the call; returns its number. */
    public String submitted(String applicant, long call) {
        return submitted(applicant, call, Applications.PI_ID);
    }

    /** The reviewers {@link #underReview} assigns; none of them conflicts with the test applications. */
    public static final List<String> REVIEWERS = List.of("reviewer1", "reviewer2", "reviewer5");

    /**
     * Endorsed by unitadmin1, passed the formal check and assigned by hand to {@link #REVIEWERS}, who
     * have accepted their invitations (declaring no conflict).
     */
    public void underReview(String number) {
        passed(number);
        Api.Response assigned = Api.as(port, "manager1").post("/api/v1/proposals/" + number + "/reviewer-assignment",
                Map.of("reviewers", REVIEWERS));
        assertThat(assigned.status()).as(assigned.text()).isEqualTo(200);
        REVIEWERS.forEach(reviewer -> accept(number, reviewer));
    }

    /** Endorsed by unitadmin1 and passed the formal check: the proposal waits for reviewers. */
    public void passed(String number) {
        assertThat(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + number + "/endorsement",
                Map.of("decision", "ENDORSE")).status()).isEqualTo(200);
        Api.Response checked = Api.as(port, "manager1").post("/api/v1/proposals/" + number + "/formal-check",
                Map.of("decision", "PASS"));
        assertThat(checked.status()).as(checked.text()).isEqualTo(200);
    }

    /** The expert accepts the invitation to review the proposal, declaring no conflict. */
    public void accept(String number, String reviewer) {
        Api.Response accepted = Api.as(port, reviewer).post("/api/v1/proposals/" + number + "/invitation",
                Map.of("response", "ACCEPT", "noConflict", true));
        assertThat(accepted.status()).as(reviewer + ": " + accepted.text()).isEqualTo(200);
    }

    /** The reviewer submits a complete review scoring {@code total} points (see {@link Reviews#body}). */
    public void review(String number, String reviewer, int total, String fundingOpinion) {
        Api.Response reviewed = Api.as(port, reviewer).post("/api/v1/proposals/" + number + "/reviews",
                Reviews.body(total, fundingOpinion));
        assertThat(reviewed.status()).as(reviewer + ": " + reviewed.text()).isEqualTo(200);
    }

    /** An applicant of the other demo unit (甬江新材料研究院), created once. */
    public static String otherUnitApplicant(org.kcyj.identity.UserDirectory users, String username) {
        if (!users.exists(username)) {
            long institute = users.unitByName("甬江新材料研究院").orElseThrow();
            users.createUser(username, "demo", "其他单位申报人", null, institute, false,
                    java.util.EnumSet.of(org.kcyj.identity.Role.APPLICANT));
        }
        return username;
    }

    /** The field names of a 400 answer's errors. */
    @SuppressWarnings("unchecked")
    public static List<String> fields(Api.Response response) {
        return ((List<Map<String, String>>) response.json().get("errors")).stream().map(e -> e.get("field")).toList();
    }
}
