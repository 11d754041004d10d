package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bureau's administrators change staff roles with a reason (audited, never their own), deactivate accounts
 * (which can no longer sign in, and whose open sessions end at once) and reactivate them. On the demo data: the demo
 * administrator acts; the accounts acted on are this test's own.
 */
@IntegrationTest
class StaffRulesTest {
    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;
    @Autowired
    UserDirectory users;

    private Onboarding.Client admin() {
        return new Onboarding(port, dispatcher).as("admin", "demo");
    }

    @Test
    void roleChangesNeedAReasonAreAuditedAndNeverOnesOwn() {
        Onboarding on = new Onboarding(port, dispatcher);
        Onboarding.Client admin = admin();
        Onboarding.Client staff = on.staff(admin, "staff-roles-" + System.nanoTime() % 100000, List.of("PROGRAM_MANAGER"),
                List.of("XCL"));
        String username = staff.user();

        Api.Response noReason = admin.put("/api/v1/people/" + username + "/roles", Map.of("roles", List.of("DIRECTOR")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(Scenario.fields(noReason)).containsExactly("reason");
        Api.Response notStaff = admin.put("/api/v1/people/" + username + "/roles",
                Map.of("roles", List.of("APPLICANT"), "reason", "试试"));
        assertThat(notStaff.status()).as("unit roles come from units only").isEqualTo(400);

        Api.Response changed = admin.put("/api/v1/people/" + username + "/roles",
                Map.of("roles", List.of("DIRECTOR"), "programmes", List.of(), "reason", "调任处长"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json()).containsEntry("roles", List.of("DIRECTOR")).containsEntry("programmes", List.of());
        assertThat(staff.get("/api/v1/me").json()).containsEntry("roles", List.of("DIRECTOR"));
        assertThat(staff.get("/api/v1/calls/1/demands").status()).as("a director, no longer a manager").isNotEqualTo(403);
        assertThat(staff.post("/api/v1/calls", Map.of()).status()).isEqualTo(403);

        List<Map<String, Object>> history = admin.get("/api/v1/people/" + username + "/history").jsonList();
        assertThat(history).filteredOn(e -> "ROLE_GRANTED".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("after", "DIRECTOR").containsEntry("detail", "调任处长")
                        .containsEntry("actor", "admin"));
        assertThat(history).filteredOn(e -> "ROLE_REVOKED".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("before", "PROGRAM_MANAGER").containsEntry("detail", "调任处长"));
        assertThat(history).filteredOn(e -> "STAFF_ROLES_CHANGED".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("before", "[PROGRAM_MANAGER] [XCL]")
                        .containsEntry("after", "[DIRECTOR]").containsEntry("detail", "调任处长"));
        assertThat(history).extracting(e -> e.get("action")).contains("STAFF_CREATED");

        Api.Response selfGrant = admin.put("/api/v1/people/admin/roles",
                Map.of("roles", List.of("ADMIN", "PROGRAM_MANAGER"), "reason", "自己给自己"));
        assertThat(selfGrant.status()).as(selfGrant.text()).isEqualTo(403);
        assertThat(selfGrant.text()).contains("self-grant");
        Api.Response byOther = staff.put("/api/v1/people/" + username + "/roles",
                Map.of("roles", List.of("ADMIN"), "reason", "自己给自己"));
        assertThat(byOther.status()).as("only administrators change roles").isEqualTo(403);
        assertThat(admin.put("/api/v1/people/applicant1/roles", Map.of("roles", List.of("DIRECTOR"), "reason", "兼任"))
                .status()).as("an applicant of a unit does not become staff").isEqualTo(409);
    }

    @Test
    void aDeactivatedAccountCannotSignInItsSessionEndsAndReactivationRestoresIt() {
        String username = "deactivated-" + System.nanoTime() % 100000;
        users.createUser(username, "demo", "停用测试", username + "@example.org", null, false, EnumSet.of(Role.REVIEWER));
        Onboarding.Client admin = admin();
        Onboarding.Client person = new Onboarding(port, dispatcher).as(username, "demo");
        Portal session = Portal.signIn(port, username);
        assertThat(session.get("/portal/inbox").status()).isEqualTo(200);
        assertThat(person.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(admin.post("/api/v1/people/" + username + "/deactivation", Map.of()).status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/people/admin/deactivation", Map.of("reason", "离职")).status())
                .as("nobody deactivates themselves").isEqualTo(403);
        Api.Response deactivated = admin.post("/api/v1/people/" + username + "/deactivation", Map.of("reason", "离职"));
        assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(200);
        assertThat(deactivated.json()).containsEntry("status", "DEACTIVATED").containsEntry("deactivationReason", "离职");

        Portal.Page next = session.get("/portal/inbox");
        assertThat(next.status()).as("the open session ended").isEqualTo(302);
        assertThat(next.location()).contains("/login");
        assertThat(person.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(Portal.anonymous(port).get("/login").status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/people/" + username + "/deactivation", Map.of("reason", "again")).status())
                .isEqualTo(409);

        Api.Response reactivated = admin.post("/api/v1/people/" + username + "/reactivation", Map.of("reason", "返聘"));
        assertThat(reactivated.status()).as(reactivated.text()).isEqualTo(200);
        assertThat(reactivated.json()).containsEntry("status", "ACTIVE");
        assertThat(person.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(Portal.signIn(port, username).get("/portal/inbox").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/people/" + username + "/history").jsonList()).extracting(e -> e.get("action"))
                .contains("ACCOUNT_DEACTIVATED", "ACCOUNT_REACTIVATED");
    }
}
