package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;

/** Camunda's webapps and REST API: administrators only, and never an expression in a query. */
@IntegrationTest
@Import(CamundaLockdownTest.CanaryConfig.class)
class CamundaLockdownTest {
    private static final List<String> NON_ADMINS = List.of("applicant1", "unitadmin1", "enterprise1", "reviewer1",
            "manager1", "director");

    @LocalServerPort
    int port;
    @Autowired
    Canary canary;

    /** A bean an injected expression would call; it must stay untouched. */
    public static class Canary {
        final AtomicInteger calls = new AtomicInteger();

        public String touch() {
            calls.incrementAndGet();
            return "2020-01-01T00:00:00";
        }
    }

    @TestConfiguration
    static class CanaryConfig {
        @Bean
        Canary canary() {
            return new Canary();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine-rest/task", "/engine-rest/process-instance", "/engine-rest/engine",
            "/camunda/api/engine/engine/default/task", "/camunda/app/cockpit/default/"})
    void anonymousAndEveryNonAdminRoleAreRefused(String path) {
        assertThat(Api.anonymous(port).get(path).status()).isIn(401, 302);
        for (String user : NON_ADMINS) {
            assertThat(Api.as(port, user).get(path).status()).as(user + " " + path).isEqualTo(403);
        }
    }

    @Test
    void queriesAreCappedAndJavaSerializedVariablesRefused() {
        Api admin = Api.as(port, "admin");
        assertThat(admin.get("/engine-rest/task").text()).contains("unbound number of results is forbidden");
        assertThat(admin.get("/engine-rest/task?maxResults=5000").status()).isEqualTo(400);
        assertThat(admin.get("/engine-rest/task?maxResults=100").status()).isEqualTo(200);

        String deadline = java.time.LocalDateTime.now(org.kcyj.shared.BusinessTime.ZONE).plusDays(5).withNano(0).toString();
        long call = ((Number) Api.as(port, "manager1").post("/api/v1/calls", Map.of("programmeCode", "XCL",
                "title", "序列化测试", "callYear", java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue(), "budget", 1, "applicationDeadline", deadline)).json().get("id")).longValue();
        String instance = (String) admin.get("/engine-rest/process-instance?businessKey=CALL-" + call + "&maxResults=1")
                .jsonList().get(0).get("id");
        Api.Response serialized = admin.put("/engine-rest/process-instance/" + instance + "/variables/payload", Map.of(
                "value", "rO0ABXQAA2Zvbw==", "type", "Object",
                "valueInfo", Map.of("objectTypeName", "java.lang.String",
                        "serializationDataFormat", "application/x-java-serialized-object")));
        assertThat(serialized.text()).contains("Java serialization format is prohibited");
        assertThat(admin.get("/engine-rest/process-instance/" + instance + "/variables/payload").status()).isEqualTo(404);
    }

    private int utf16Post(String path, String json) {
        try {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes()))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(json.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)))
                    .build();
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAdministratorReachesTheEngineRestApi() {
        Api.Response engines = Api.as(port, "admin").get("/engine-rest/engine");
        assertThat(engines.status()).isEqualTo(200);
        assertThat(engines.text()).contains("default");
    }

    @Test
    void anAdministratorSignedInAtThePortalUsesCockpitWithoutASecondLogin() {
        org.kcyj.support.Portal admin = org.kcyj.support.Portal.signIn(port, "admin");
        assertThat(admin.get("/camunda/app/cockpit/default/").status()).isEqualTo(200);
        org.kcyj.support.Portal.Page user = admin.get("/camunda/api/admin/auth/user/default");
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.html()).contains("\"userId\":\"admin\"", "cockpit");
        assertThat(admin.get("/portal/inbox").status()).as("the portal session survives").isEqualTo(200);
        assertThat(org.kcyj.support.Portal.signIn(port, "manager1").get("/camunda/api/admin/auth/user/default").status())
                .isEqualTo(403);
    }

    @Test
    void expressionsInTaskQueriesAreRefusedEvenForAdministrators() {
        Api admin = Api.as(port, "admin");
        Api.Response nested = admin.post("/engine-rest/task",
                Map.of("orQueries", List.of(Map.of("dueAfterExpression", "${canary.touch()}"))));
        Api.Response topLevel = admin.post("/engine-rest/task", Map.of("dueAfterExpression", "${canary.touch()}"));
        Api.Response hashForm = admin.post("/engine-rest/task",
                Map.of("orQueries", List.of(Map.of("dueAfterExpression", "#{canary.touch()}"))));
        Api.Response inQuery = admin.get("/engine-rest/task?dueAfterExpression=%24%7Bcanary.touch()%7D");
        Api.Response escaped = admin.exchange(HttpMethod.POST, "/engine-rest/task",
                "{\"orQueries\":[{\"dueAfterExpression\":\"\\u0024{canary.touch()}\"}]}");

        assertThat(List.of(nested.status(), topLevel.status(), hashForm.status(), inQuery.status(), escaped.status()))
                .containsOnly(400);
        int utf16 = utf16Post("/engine-rest/task", "{\"orQueries\":[{\"dueAfterExpression\":\"${canary.touch()}\"}]}");
        assertThat(utf16).as("a body the guard cannot read as UTF-8").isEqualTo(415);
        assertThat(admin.post("/engine-rest/deployment/create", Map.of()).status()).isEqualTo(403);
        assertThat(canary.calls.get()).isZero();
        assertThat(admin.post("/engine-rest/task?maxResults=10", Map.of("orQueries", List.of(Map.of("name", "x")))).status())
                .isEqualTo(200);
    }
}
