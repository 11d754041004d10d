package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The portal's pages per role: each answers as the access rules say, for one's own proposal and another's. */
@IntegrationTest
class PortalCrawlTest {
    private static final List<String> SIGNED_IN = List.of("applicant1", "unitadmin1", "enterprise1", "reviewer1",
            "manager1", "director", "admin");
    private static final Set<String> STAFF = Set.of("manager1", "director", "admin");

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    TaskService tasks;

    @Test
    void everyPageAnswersEveryRoleAsTheRulesSay() {
        String[] numbers = proposals();
        String own = numbers[0];
        String other = numbers[1];
        String othersTask = tasks.createTaskQuery().processInstanceBusinessKey(other).singleResult().getId();

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        for (String user : SIGNED_IN) {
            Map<String, Integer> pages = new LinkedHashMap<>();
            pages.put("/portal/inbox", 200);
            pages.put("/portal/calls", 200);
            pages.put("/portal/proposals", 200);
            pages.put("/portal/proposals/" + own, user.equals("enterprise1") ? 404 : 200);
            pages.put("/portal/proposals/" + other, STAFF.contains(user) ? 200 : 404);
            pages.put("/portal/tasks/" + othersTask, 404);
            pages.put("/portal/admin/timers", user.equals("admin") ? 200 : 403);
            expected.put(user, pages);
        }
        List<String> unexpected = new ArrayList<>();
        int cases = 0;
        for (var entry : expected.entrySet()) {
            Portal portal = Portal.signIn(port, entry.getKey());
            for (var page : entry.getValue().entrySet()) {
                int status = portal.get(page.getKey()).status();
                cases++;
                if (status != page.getValue()) {
                    unexpected.add(entry.getKey() + " " + page.getKey() + ": expected " + page.getValue() + ", got " + status);
                }
            }
        }
        Portal anonymous = Portal.anonymous(port);
        for (String page : expected.get("admin").keySet()) {
            Portal.Page answer = anonymous.get(page);
            cases++;
            if (answer.status() != 302 || !answer.location().endsWith("/login")) {
                unexpected.add("anonymous " + page + ": expected the login page, got " + answer.status());
            }
        }
        assertThat(unexpected).as(cases + " cases").isEmpty();
    }

    /** applicant1's proposal under review by reviewer1, and another unit's applicant's submitted proposal. */
    private String[] proposals() {
        long institute = users.unitByName("甬江新材料研究院").orElseThrow();
        if (!users.exists("crawl-applicant")) {
            users.createUser("crawl-applicant", "demo", "其他单位申报人", null, institute, false, EnumSet.of(Role.APPLICANT));
        }
        String deadline = LocalDateTime.now(BusinessTime.ZONE).plusDays(15).withNano(0).toString();
        Api manager = Api.as(port, "manager1");
        long call = ((Number) manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", "页面巡检批次",
                "callYear", 2026, "budget", 100, "applicationDeadline", deadline)).json().get("id")).longValue();
        manager.post("/api/v1/calls/" + call + "/publication", Map.of("applicationDeadline", deadline));
        String own = submit("applicant1", call);
        Api.as(port, "unitadmin1").post("/api/v1/proposals/" + own + "/endorsement", Map.of("decision", "ENDORSE"));
        manager.post("/api/v1/proposals/" + own + "/formal-check", Map.of("decision", "PASS"));
        manager.post("/api/v1/proposals/" + own + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer3", "reviewer5")));
        return new String[] {own, submit("crawl-applicant", call)};
    }

    private String submit(String applicant, long call) {
        Api api = Api.as(port, applicant);
        String no = (String) api.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        assertThat(api.post("/api/v1/proposals/" + no + "/submission", Map.of("title", "页面巡检项目",
                "summary", "用于门户页面按角色逐一巡检访问控制的完整项目摘要。", "piName", "张明", "requestedBudget", 10)).status())
                .isEqualTo(200);
        return no;
    }
}
