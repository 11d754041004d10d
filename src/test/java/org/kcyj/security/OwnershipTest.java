package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Deny by default: role and ownership on every request; not yours looks like not there (404). */
@IntegrationTest
class OwnershipTest {
    @LocalServerPort
    int port;

    @Test
    void anApplicantCannotSeeAnotherApplicantsProposalOrItsDocuments() {
        long call = new Scenario(port).openCall("所有权批次", 20);
        Api owner = Api.as(port, "applicant1");
        String no = (String) owner.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        assertThat(owner.post("/api/v1/proposals/" + no + "/submission",
                Applications.titled(new Scenario(port).topicOf(call), "机器人关节模组")).status())
                .isEqualTo(200);

        Api other = Api.as(port, "applicant2");
        for (String path : new String[] {"/api/v1/proposals/" + no, "/api/v1/projects/" + no,
                "/api/v1/documents/" + no + "-SBS-1", "/api/v1/documents/" + no + "-SBS-1/metadata"}) {
            assertThat(other.get(path).status()).as(path).isEqualTo(404);
        }
        // portal pages take the session only (Basic credentials are for the API)
        assertThat(org.kcyj.support.Portal.signIn(port, "applicant2").get("/portal/proposals/" + no).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/documents/" + no + "-SBS-1").text()).doesNotContain("机器人");
        assertThat(other.put("/api/v1/proposals/" + no, Map.of("title", "篡改")).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/proposals").text()).doesNotContain(no);
        assertThat(owner.get("/api/v1/documents/" + no + "-SBS-1").status()).isEqualTo(200);
        // a reviewer not assigned and a demand owner see nothing either
        assertThat(Api.as(port, "reviewer5").get("/api/v1/proposals/" + no).status()).isEqualTo(404);
        assertThat(Api.as(port, "enterprise1").get("/api/v1/documents/" + no + "-SBS-1").status()).isEqualTo(404);
    }

    @Test
    void rolesAreCheckedBeforeAnything() {
        assertThat(Api.anonymous(port).get("/api/v1/me/tasks").status()).isEqualTo(401);
        assertThat(Api.anonymous(port).get("/api/v1/me/tasks").contentType()).contains("application/problem+json");
        assertThat(Api.as(port, "applicant1").post("/api/v1/calls", Map.of()).status()).isEqualTo(403);
        assertThat(Api.as(port, "reviewer1").post("/api/v1/proposals", Map.of("callId", 1)).status()).isEqualTo(403);
        assertThat(Api.as(port, "applicant1").post("/api/v1/proposals/KCYJ2026-XCL-9999/endorsement", Map.of()).status())
                .isEqualTo(403);
        assertThat(Api.as(port, "applicant1").get("/api/v1/proposals/KCYJ2026-XCL-9999").status()).isEqualTo(404);
        assertThat(Api.as(port, "nobody").get("/api/v1/me/tasks").status()).isEqualTo(401);
    }

    @Test
    void publicPagesNeedNoLoginAndHealthShowsNoDetails() {
        Api anonymous = Api.anonymous(port);
        assertThat(anonymous.get("/").status()).isEqualTo(200);
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").text()).contains("/api/v1/me/tasks", "/api/v1/proposals/{number}/submission");
        Api.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsOnlyKeys("status");
        assertThat(anonymous.get("/actuator/env").status()).as("to the login page").isEqualTo(302);
        org.kcyj.support.Portal manager = org.kcyj.support.Portal.signIn(port, "manager1");
        assertThat(manager.get("/actuator/env").status()).isEqualTo(403);
        assertThat(manager.get("/anything-not-mapped").status()).isEqualTo(403);
        // Basic credentials count only on the API: elsewhere they are no sign-in
        assertThat(Api.as(port, "manager1").get("/actuator/env").status()).isEqualTo(302);
        assertThat(anonymous.get("/portal/inbox").status()).isEqualTo(302);
    }
}
