package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.OnboardingPagesTest;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
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
        String call = numbers[2];

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
            // The call's pages: staff's workspace and approval page, demand owners' demands.
            pages.put("/portal/calls/" + call, STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/calls/" + call + "/edit", STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/calls/" + call + "/topics/new", STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/calls/" + call + "/approval", STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/demands", STAFF.contains(user) || user.equals("enterprise1") ? 200 : 403);
            // The call takes applications, not demands.
            pages.put("/portal/calls/" + call + "/demands/new", user.equals("enterprise1") ? 409 : 403);
            // Around an application: the draft preview and attachments are the applicant's; parameters and
            // integrity records are the programme's.
            pages.put("/portal/proposals/" + own + "/preview", user.equals("applicant1") ? 200 : 404);
            pages.put("/portal/proposals/" + other + "/preview", 404);
            pages.put("/portal/proposals/" + other + "/attachments/1", 404); // not theirs, or no such file
            pages.put("/portal/programmes/XCL/parameters", STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/integrity-records", STAFF.contains(user) ? 200 : 403);
            // The expert pool: managers and admins only (experts' identities are confidential).
            boolean officer = user.equals("manager1") || user.equals("admin");
            pages.put("/portal/experts", officer ? 200 : 403);
            pages.put("/portal/experts/new", officer ? 200 : 403);
            pages.put("/portal/experts/reviewer1", officer ? 200 : 403);
            pages.put("/portal/experts/template.csv", officer ? 200 : 403);
            pages.put("/portal/experts/no-such-expert", officer ? 404 : 403);
            // Peer review: the expert's invitations, the call's review workspace, a proposal's review page.
            pages.put("/portal/reviews", user.equals("reviewer1") ? 200 : 403);
            pages.put("/portal/calls/" + call + "/review", STAFF.contains(user) ? 200 : 403);
            pages.put("/portal/proposals/" + own + "/review", STAFF.contains(user) || user.equals("applicant1") ? 200 : 404);
            pages.put("/portal/proposals/" + other + "/review", STAFF.contains(user) ? 200 : 404);
            // One's own account, for everyone.
            pages.put("/portal/account", 200);
            // Accounts and organisations: one's unit for people who act for units, the unit's people for its
            // administrator, units and people for the bureau's administrators; deny by default.
            boolean admin = user.equals("admin");
            pages.put("/portal/my-unit", STAFF.contains(user) ? 403 : 200);
            pages.put("/portal/unit/members", user.equals("unitadmin1") ? 200 : 403);
            pages.put("/portal/admin/units", admin ? 200 : 403);
            pages.put("/portal/admin/units?status=PENDING&page=1", admin ? 200 : 403);
            pages.put("/portal/admin/people", admin ? 200 : 403);
            pages.put("/portal/admin/people/applicant1", admin ? 200 : 403);
            pages.put("/portal/admin/people/no-such-person", admin ? 404 : 403);
            pages.put("/portal/admin/staff/new", admin ? 200 : 403);
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
        for (String page : List.of("/guides/" + call, "/guides/" + call + "/pdf", "/password/forgot",
                "/password/reset?token=no-such-token", "/account/email-confirmation?token=no-such-token",
                "/register", "/register/verify?token=no-such-token", "/privacy")) {
            cases++;
            if (anonymous.get(page).status() != 200) {
                unexpected.add("anonymous " + page + ": expected the public guide");
            }
        }
        assertThat(unexpected).as(cases + " cases").isEmpty();
    }

    /** applicant1's proposal under review by reviewer1, and another unit's applicant's submitted proposal. */
    private String[] proposals() {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("页面巡检批次", 15);
        String own = scenario.submitted("applicant1", call);
        scenario.underReview(own);
        return new String[] {own, scenario.submitted(Scenario.otherUnitApplicant(users, "crawl-applicant"), call),
                String.valueOf(call)};
    }
}
