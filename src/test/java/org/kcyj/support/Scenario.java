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

    /** A published call of programme XCL whose application deadline is {@code days} from now. */
    public long openCall(String title, int days) {
        String deadline = LocalDateTime.now(BusinessTime.ZONE).plusDays(days).withNano(0).toString();
        Api manager = Api.as(port, "manager1");
        Api.Response created = manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", title,
                "callYear", 2026, "budget", 1000, "applicationDeadline", deadline));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long call = ((Number) created.json().get("id")).longValue();
        assertThat(manager.post("/api/v1/calls/" + call + "/publication", Map.of("applicationDeadline", deadline)).status())
                .isEqualTo(200);
        return call;
    }

    /** A proposal the applicant has drafted and submitted in the call; returns its number. */
    public String submitted(String applicant, long call) {
        Api api = Api.as(port, applicant);
        String no = (String) api.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        Api.Response submitted = api.post("/api/v1/proposals/" + no + "/submission", Map.of("title", "测试项目",
                "summary", "用于自动化测试的完整项目摘要，说明目标、内容与预期成果。", "piName", "张明", "requestedBudget", 10));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        return no;
    }

    /** Endorsed by unitadmin1, passed the formal check and assigned to reviewer1, reviewer3 and reviewer5. */
    public void underReview(String number) {
        assertThat(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + number + "/endorsement",
                Map.of("decision", "ENDORSE")).status()).isEqualTo(200);
        Api manager = Api.as(port, "manager1");
        assertThat(manager.post("/api/v1/proposals/" + number + "/formal-check", Map.of("decision", "PASS")).status())
                .isEqualTo(200);
        assertThat(manager.post("/api/v1/proposals/" + number + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer3", "reviewer5"))).status()).isEqualTo(200);
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
