package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.StaffAdministration;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who reads an audit trail (docs/accounts.md): accounts' trails hold personal data and are for administrators; a
 * call's or a proposal's trail is for the staff who read it as staff, a programme manager within their 专项.
 */
@IntegrationTest
class AuditTrailAccessTest {
    @LocalServerPort
    int port;
    @Autowired
    StaffAdministration staff;
    @Autowired
    UserDirectory users;

    @Test
    void accountTrailsAreForAdministratorsAndProgrammeTrailsForTheirStaff() {
        // the demo's people were registered and confirmed through the services: their trails exist
        assertThat(Api.as(port, "admin").get("/api/v1/audit-events?subject=USER-applicant1").jsonList())
                .extracting(e -> e.get("action")).contains("PERSON_REGISTERED");
        for (String staffMember : List.of("manager1", "director")) {
            for (String subject : List.of("USER-applicant1", "UNIT-1", "AFFILIATION-1", "REGISTRATION", "PROGRAMME-XCL")) {
                assertThat(Api.as(port, staffMember).get("/api/v1/audit-events?subject=" + subject).status())
                        .as(staffMember + " reads " + subject).isEqualTo(404);
            }
        }

        long call = new Scenario(port).draftCall("审计可见性批次", 30);
        String subject = "CALL-" + call;
        assertThat(Api.as(port, "manager1").get("/api/v1/audit-events?subject=" + subject).jsonList()).isNotEmpty();
        assertThat(Api.as(port, "director").get("/api/v1/audit-events?subject=" + subject).status()).isEqualTo(200);

        String scoped = "znzz-auditor";
        staff.createStaffWithChosenPassword(users.require("admin"), new StaffAdministration.StaffInput(scoped,
                "智能制造主管", scoped + "@demo.kcyj.example", List.of("PROGRAM_MANAGER"), List.of("ZNZZ"), "demo",
                "审计可见性测试"));
        assertThat(Api.as(port, scoped).get("/api/v1/audit-events?subject=" + subject).status())
                .as("an XCL call's trail for a ZNZZ manager").isEqualTo(404);
        assertThat(Api.as(port, scoped).get("/api/v1/audit-events?subject=CALL-999999").status())
                .as("no such call: the same answer").isEqualTo(404);
        assertThat(Api.as(port, "applicant1").get("/api/v1/audit-events?subject=" + subject).status()).isEqualTo(403);
    }
}
