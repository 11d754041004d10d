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
            if (path.startsWith("/camunda/")) {
                // the webapps take the portal session only: Basic credentials sign nobody in there
                assertThat(Api.as(port, user).get(path).status()).as(user + " " + path).isEqualTo(302);
                assertThat(org.kcyj.support.Portal.signIn(port, user).get(path).status()).as(user + " " + path).isEqualTo(403);
            } else {
                assertThat(Api.as(port, user).get(path).status()).as(user + " " + path).isEqualTo(403);
            }
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

    /** The outside attack: an overlong UTF-8 form of "$" (0xC0 0xA4), which Camunda's JSON reader decodes to "$". */
    @Test
    void anOverlongDollarInABodyNeverReachesTheEngine() {
        RawHttp http = new RawHttp(port);
        byte[] prefix = "{\"orQueries\":[{\"dueAfterExpression\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] suffix = "{canary.touch()}\"}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC0;
        body[prefix.length + 1] = (byte) 0xA4;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        RawHttp.Answer rest = http.json("POST", "/engine-rest/task?maxResults=10", body);
        RawHttp.Answer cockpit = http.json("POST", "/camunda/api/engine/engine/default/task?maxResults=10", body);

        assertThat(canary.calls.get()).as("the canary bean called by an expression").isZero();
        assertThat(List.of(rest.status(), cockpit.status())).containsOnly(400);
    }

    /**
     * A fixed sample of the generated attacks of {@link CamundaExpressionGuardPropertyTest} (encodings and escapes of
     * "$", "#" and "{" in bodies, query strings and paths), sent as the administrator to Camunda's REST API and to the
     * webapps' engine API (with the webapp session and its CSRF token, so that what passes really reaches the engine).
     */
    @Test
    void aGeneratedSampleOfEncodedExpressionsNeverReachesTheEngine() {
        RawHttp http = new RawHttp(port);
        Map<String, String> cockpit = cockpitSession(http);
        byte[] honest = "{\"orQueries\":[{\"name\":\"x\"}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(http.send("POST", "/camunda/api/engine/engine/default/task?maxResults=10", json(cockpit), honest).status())
                .as("an honest query through the webapp session reaches the engine").isEqualTo(200);
        assertThat(http.json("POST", "/engine-rest/task?maxResults=10", honest).status()).isEqualTo(200);

        List<ExpressionAttacks.Attack> sample = ExpressionAttacks.sample(20260407L, 300);
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (ExpressionAttacks.Attack attack : sample) {
            for (Map.Entry<String, Map<String, String>> target : List.of(Map.entry("/engine-rest/task", Map.<String, String>of()),
                    Map.entry("/camunda/api/engine/engine/default/task", cockpit))) {
                String uri = target.getKey() + attack.pathSuffix() + "?" + attack.query();
                RawHttp.Answer answer = http.send(attack.body() == null ? "GET" : "POST", uri, json(target.getValue()), attack.body());
                statuses.merge(answer.status(), 1, Integer::sum);
                assertThat(answer.status()).as(attack + " to " + target.getKey()).isNotEqualTo(500);
            }
        }
        assertThat(canary.calls.get()).as("the canary bean called by an expression; answers " + statuses).isZero();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(600);
    }

    private static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    /**
     * The webapps' session cookie and CSRF token, as Cockpit's own pages send them: the administrator signs in at
     * the portal (the webapps take the portal session only, never Basic credentials).
     */
    private Map<String, String> cockpitSession(RawHttp http) {
        String session = org.kcyj.support.Portal.signIn(port, "admin").cookie("JSESSIONID");
        assertThat(session).isNotNull();
        RawHttp.Answer page = http.send("GET", "/camunda/app/cockpit/default/", Map.of("Cookie", "JSESSIONID=" + session), null);
        String token = page.cookie("XSRF-TOKEN");
        assertThat(token).as(page.head()).isNotNull();
        return Map.of("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token);
    }

    @Test
    void anInvalidPercentEscapeInAQueryIsABadRequestNotAServerError() {
        RawHttp http = new RawHttp(port);
        for (String query : List.of("name=%zz", "na%zzme=x", "name=%2", "name=%C0%A4%7Bx%7D", "name=%ED%A0%80", "name=%u0024")) {
            RawHttp.Answer answer = http.send("GET", "/engine-rest/task?maxResults=1&" + query, Map.of("Accept-Language", "en"), null);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.head()).containsIgnoringCase("application/problem+json");
            assertThat(answer.body()).contains("urn:kcyj:problem:camunda.malformed", "percent escapes");
        }
        RawHttp.Answer chinese = http.send("GET", "/engine-rest/task?maxResults=1&name=%zz", Map.of(), null);
        assertThat(chinese.body()).contains("百分号转义");
    }

    /** Every way of changing what is deployed, on every engine path, refused by the guard with a problem document. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "POST, /engine-rest/deployment/create",
            "POST, /engine-rest/engine/default/deployment/create",
            "POST, /engine-rest/engine/default/deployment/x/redeploy",
            "POST, /engine-rest/deployment/x/redeploy",
            "DELETE, /engine-rest/engine/default/deployment/x",
            "DELETE, /engine-rest/deployment/x",
            "POST, /camunda/api/engine/engine/default/deployment/create",
            "POST, /camunda/api/engine/engine/default/deployment/x/redeploy",
            "DELETE, /camunda/api/engine/engine/default/deployment/x",
            "DELETE, /engine-rest/process-definition/x",
            "DELETE, /engine-rest/engine/default/process-definition/key/Process_Proposal",
            "DELETE, /engine-rest/process-definition/key/Process_Proposal/tenant-id/t",
            "DELETE, /camunda/api/engine/engine/default/process-definition/x",
            "PUT, /engine-rest/process-definition/x/history-time-to-live",
            "PUT, /engine-rest/engine/default/process-definition/key/Process_Proposal/history-time-to-live",
            "PUT, /engine-rest/decision-definition/x/history-time-to-live",
            "PUT, /engine-rest/engine/default/decision-definition/key/eligibility/history-time-to-live",
            "PUT, /engine-rest/case-definition/x/history-time-to-live",
            "PUT, /camunda/api/engine/engine/default/process-definition/x/history-time-to-live",
            "POST, /engine-rest/engine/default/Deployment/create",
            "POST, /engine-rest/engine/default/%64eployment/create",
            "POST, /engine-rest//engine/default//deployment/create/",
            "POST, /engine-rest/engine/default/deployment;x=y/create",
            "DELETE, /engine-rest/engine/default/deployment/x;cascade=true",
            "POST, /engine-rest/./engine/default/deployment/create"})
    void deploymentChangesAreRefusedOnEveryPath(String method, String path) {
        RawHttp.Answer answer = new RawHttp(port).send(method, path,
                Map.of("Content-Type", "application/json", "Accept-Language", "en"), "{\"historyTimeToLive\":1}".getBytes());
        if (path.contains(";") || path.contains("//") || path.contains("/./")) {
            // Spring Security's firewall may answer first for such paths; either way Camunda never sees them
            assertThat(answer.status()).as(path).isIn(403, 400);
            assertThat(answer.body()).doesNotContain("Exception");
        } else {
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.body()).contains("urn:kcyj:problem:camunda.deployment", "processes/ folder");
        }
        assertThat(new RawHttp(port).send("GET", "/engine-rest/engine/default/deployment?maxResults=10", Map.of(), null).status())
                .as("reading deployments stays open").isEqualTo(200);
    }

    @Autowired
    org.camunda.bpm.engine.ProcessEngine engine;

    /**
     * The engine's own lock: on behalf of a signed-in user (as the REST API and webapps always run) no deployment
     * changes; with no user, as at start-up, the engine deploys.
     */
    @Test
    void theEngineRefusesDeploymentChangesOnBehalfOfASignedInUser() {
        org.camunda.bpm.engine.RepositoryService repository = engine.getRepositoryService();
        org.camunda.bpm.model.bpmn.BpmnModelInstance model = org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("LockTest")
                .camundaHistoryTimeToLive(5).startEvent().endEvent().done();
        org.camunda.bpm.engine.repository.Deployment own = repository.createDeployment().name("lock-test").addModelInstance("lock-test.bpmn", model).deploy();
        String definition = repository.createProcessDefinitionQuery().deploymentId(own.getId()).singleResult().getId();
        org.camunda.bpm.engine.repository.DecisionDefinition decision = repository.createDecisionDefinitionQuery().latestVersion().list().get(0);
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> changes = List.of(
                () -> repository.createDeployment().addModelInstance("lock-test.bpmn", model).deploy(),
                () -> repository.createDeployment().nameFromDeployment(own.getId()).addDeploymentResources(own.getId()).deployWithResult(),
                () -> repository.deleteDeployment(own.getId(), true),
                () -> repository.deleteProcessDefinition(definition, true),
                () -> repository.deleteProcessDefinitions().byKey("LockTest").cascade().delete(),
                () -> repository.updateProcessDefinitionHistoryTimeToLive(definition, 1),
                () -> repository.updateDecisionDefinitionHistoryTimeToLive(decision.getId(), decision.getHistoryTimeToLive()));
        engine.getIdentityService().setAuthentication("admin", List.of("camunda-admin"));
        try {
            for (org.assertj.core.api.ThrowableAssert.ThrowingCallable change : changes) {
                org.assertj.core.api.Assertions.assertThatThrownBy(change)
                        .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class).hasMessageContaining("processes/ folder");
            }
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        assertThat(repository.getProcessDefinition(definition).getHistoryTimeToLive()).isEqualTo(5);
        assertThat(repository.createDeploymentQuery().deploymentId(own.getId()).count()).isEqualTo(1);
        repository.deleteDeployment(own.getId(), true);
        assertThat(repository.createDeploymentQuery().deploymentId(own.getId()).count()).isZero();
    }

    /** Signed in through Basic, the engine knows the user on both APIs: the per-user cap on results applies. */
    @Test
    void bothApisRunAsTheSignedInAdministrator() {
        RawHttp http = new RawHttp(port);
        assertThat(http.send("GET", "/engine-rest/task", Map.of(), null).body()).contains("unbound number of results is forbidden");
        assertThat(http.send("GET", "/camunda/api/engine/engine/default/task", cockpitSession(http), null).body())
                .contains("unbound number of results is forbidden");
    }

    /** A class an administrator might name as the type of a JSON object variable; it must never be instantiated. */
    public static class Gadget {
        static final AtomicInteger MADE = new AtomicInteger();

        public Gadget() {
            MADE.incrementAndGet();
        }

        public void setCommand(String command) {
            MADE.incrementAndGet();
        }
    }

    @Test
    void jsonObjectVariablesAreNeverReadBackAsAttackerChosenClasses() {
        Api admin = Api.as(port, "admin");
        String instance = newCallInstance("反序列化测试");
        String base = "/engine-rest/process-instance/" + instance + "/variables/";
        for (String type : List.of(Gadget.class.getName(), "java.util.ArrayList<" + Gadget.class.getName() + ">",
                "java.util.HashMap<java.lang.String," + Gadget.class.getName() + ">")) {
            String value = type.startsWith("java.util.ArrayList") ? "[{\"command\":\"calc\"}]"
                    : type.startsWith("java.util.HashMap") ? "{\"a\":{\"command\":\"calc\"}}" : "{\"command\":\"calc\"}";
            Api.Response put = admin.put(base + "gadget", Map.of("value", value, "type", "Object",
                    "valueInfo", Map.of("objectTypeName", type, "serializationDataFormat", "application/json")));
            admin.get(base + "gadget");
            admin.get(base + "gadget?deserializeValue=true");
            admin.get("/engine-rest/process-instance/" + instance + "/variables");
            admin.get("/engine-rest/variable-instance?maxResults=50&processInstanceIdIn=" + instance);
            assertThat(Gadget.MADE.get()).as(type + " (put answered " + put.status() + ")").isZero();
        }
        Api.Response list = admin.put(base + "names", Map.of("value", "[\"a\",\"b\"]", "type", "Object",
                "valueInfo", Map.of("objectTypeName", "java.util.ArrayList<java.lang.String>", "serializationDataFormat", "application/json")));
        assertThat(list.status()).isEqualTo(204);
        assertThat(admin.get(base + "names").text()).as("allowed types are still read back").contains("\"a\"", "\"b\"");
    }

    private String newCallInstance(String title) {
        String deadline = java.time.LocalDateTime.now(org.kcyj.shared.BusinessTime.ZONE).plusDays(5).withNano(0).toString();
        long call = ((Number) Api.as(port, "manager1").post("/api/v1/calls", Map.of("programmeCode", "XCL",
                "title", title, "callYear", 2026, "budget", 1, "applicationDeadline", deadline)).json().get("id")).longValue();
        return (String) Api.as(port, "admin").get("/engine-rest/process-instance?businessKey=CALL-" + call + "&maxResults=1")
                .jsonList().get(0).get("id");
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
