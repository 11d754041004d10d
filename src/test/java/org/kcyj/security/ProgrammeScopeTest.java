package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.ProgrammeScope;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A programme manager acts within their 专项: one assigned ZNZZ neither creates nor reads nor acts on XCL's calls
 * and proposals (another programme's objects are not there: 404), and their lists and inbox hold none of them; a
 * manager assigned no programme (manager1 in the demo is assigned both) and the director act across programmes.
 * The assignment is read at every request: an administrator's change holds at once.
 */
@IntegrationTest
class ProgrammeScopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIAL = "初始口令 harbour lantern 2026";
    private static final String CHOSEN = "智能制造 workshop anvil 2027";

    @LocalServerPort
    int port;
    @Autowired
    ProgrammeScope scope;
    @Autowired
    UserDirectory users;

    @Test
    void aManagerScopedToZnzzDoesNotSeeOrActOnXcl() {
        Scenario scenario = new Scenario(port);
        // manager1 runs an XCL call with a submitted, endorsed proposal waiting for the formal check, and drafts another
        long xclOpen = scenario.openCall("专项范围批次", 20);
        String xclProposal = scenario.submitted("applicant1", xclOpen);
        assertThat(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + xclProposal + "/endorsement",
                Map.of("decision", "ENDORSE")).status()).isEqualTo(200);
        long xclDraft = scenario.draftCall("专项范围草稿批次", 20);

        String manager = "scope.znzz." + (System.nanoTime() % 100000);
        Http scoped = newManager(manager, List.of("ZNZZ"));

        // creating: only for ZNZZ
        Http.Response refused = scoped.post("/api/v1/calls", call("XCL", "不属于本专项的批次"));
        assertThat(refused.status()).as(refused.text).isEqualTo(403);
        assertThat(refused.text).contains("XCL");
        Http.Response created = scoped.post("/api/v1/calls", call("ZNZZ", "智能制造批次"));
        assertThat(created.status()).as(created.text).isEqualTo(201);
        long znzzCall = ((Number) created.json().get("id")).longValue();

        // XCL's objects are not there
        for (String path : List.of("/api/v1/calls/" + xclDraft, "/api/v1/calls/" + xclDraft + "/topics",
                "/api/v1/calls/" + xclDraft + "/guide", "/api/v1/calls/" + xclDraft + "/demands",
                "/api/v1/proposals/" + xclProposal, "/api/v1/proposals/" + xclProposal + "/formal-check/findings",
                "/api/v1/proposals/" + xclProposal + "/conflicts", "/api/v1/proposals/" + xclProposal + "/invitations",
                "/api/v1/calls/" + xclOpen + "/review-ranking", "/api/v1/programmes/XCL/parameters")) {
            assertThat(scoped.get(path).status()).as(path).isEqualTo(404);
        }
        Http.Response check = scoped.post("/api/v1/proposals/" + xclProposal + "/formal-check", Map.of("decision", "PASS"));
        assertThat(check.status()).as(check.text).isEqualTo(404);
        assertThat(scoped.put("/api/v1/calls/" + xclDraft, Map.of("title", "改名")).status()).isEqualTo(404);
        assertThat(scoped.post("/api/v1/calls/" + xclDraft + "/topics", Map.of("code", "09", "title", "越权方向",
                "description", "越权方向", "indicators", "无", "expectedProjects", 1)).status()).isEqualTo(404);
        assertThat(scoped.post("/api/v1/calls/" + xclDraft + "/guide", Map.of("intro", "越权")).status()).isEqualTo(404);
        assertThat(scoped.post("/api/v1/proposals/" + xclProposal + "/extension", Map.of("until",
                LocalDateTime.now(BusinessTime.ZONE).plusDays(30).withNano(0).toString(), "reason", "越权延期")).status())
                .isEqualTo(404);
        assertThat(scoped.put("/api/v1/programmes/XCL/parameters/" + org.kcyj.programme.ProgrammeParameters.CALL_MAX_LEAD_DAYS,
                Map.of("value", "30", "reason", "越权修改")).status()).isEqualTo(404);
        // a published call stays public: the scoped manager reads it as anyone does, without the staff view
        assertThat(scoped.get("/api/v1/calls/" + xclOpen).status()).isEqualTo(200);

        // its lists and inbox hold only ZNZZ
        List<Map<String, Object>> calls = scoped.get("/api/v1/calls").jsonList();
        assertThat(calls).extracting(c -> c.get("programmeCode")).containsOnly("ZNZZ");
        assertThat(calls).extracting(c -> ((Number) c.get("id")).longValue()).contains(znzzCall);
        assertThat(scoped.get("/api/v1/proposals").text).doesNotContain(xclProposal);
        List<Map<String, Object>> tasks = scoped.get("/api/v1/me/tasks").jsonList();
        assertThat(tasks).extracting(t -> t.get("businessKey"))
                .contains("CALL-" + znzzCall)
                .doesNotContain(xclProposal, "CALL-" + xclDraft);
        assertThat(scoped.get("/api/v1/programmes/ZNZZ/parameters").status()).isEqualTo(200);

        // manager1 still acts on both programmes; the director reads both
        Api manager1 = Api.as(port, "manager1");
        assertThat(manager1.get("/api/v1/calls/" + znzzCall).status()).isEqualTo(200);
        assertThat(manager1.get("/api/v1/proposals/" + xclProposal).status()).isEqualTo(200);
        assertThat(manager1.get("/api/v1/me/tasks").jsonList()).extracting(t -> t.get("businessKey"))
                .contains(xclProposal, "CALL-" + znzzCall);
        assertThat(manager1.get("/api/v1/calls").jsonList()).extracting(c -> c.get("programmeCode"))
                .contains("XCL", "ZNZZ");
        Api.Response passed = manager1.post("/api/v1/proposals/" + xclProposal + "/formal-check", Map.of("decision", "PASS"));
        assertThat(passed.status()).as(passed.text()).isEqualTo(200);
        Api.Response other = manager1.post("/api/v1/calls", call("ZNZZ", "主管处室的智能制造批次"));
        assertThat(other.status()).as(other.text()).isEqualTo(201);
        assertThat(Api.as(port, "director").get("/api/v1/calls/" + znzzCall).status()).isEqualTo(200);
        assertThat(Api.as(port, "director").get("/api/v1/proposals/" + xclProposal).status()).isEqualTo(200);

        // the service answers the same
        assertThat(scope.covers(users.require(manager), "ZNZZ")).isTrue();
        assertThat(scope.covers(users.require(manager), "XCL")).isFalse();
        assertThat(scope.covers(users.require("manager1"), "XCL")).isTrue();
        assertThat(scope.covers(users.require("director"), "XCL")).as("not a manager: other checks decide").isTrue();
        assertThat(scope.covers(users.require("admin"), "XCL")).isTrue();

        // the administrator adds XCL: it holds at the next request
        Api.Response changed = Api.as(port, "admin").put("/api/v1/people/" + manager + "/roles", Map.of(
                "roles", List.of("PROGRAM_MANAGER"), "programmes", List.of("ZNZZ", "XCL"), "reason", "兼管新材料专项"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(scoped.get("/api/v1/proposals/" + xclProposal).status()).isEqualTo(200);
        assertThat(scoped.get("/api/v1/calls/" + xclDraft).status()).isEqualTo(200);
    }

    @Test
    void aManagerWithNoProgrammeActsForAll() {
        String manager = "scope.all." + (System.nanoTime() % 100000);
        Http unscoped = newManager(manager, List.of());
        assertThat(scope.covers(users.require(manager), "XCL")).isTrue();
        Http.Response created = unscoped.post("/api/v1/calls", call("XCL", "全专项主管的批次"));
        assertThat(created.status()).as(created.text).isEqualTo(201);
        assertThat(unscoped.get("/api/v1/calls").jsonList()).extracting(c -> c.get("programmeCode")).contains("XCL");
        assertThat(unscoped.get("/api/v1/programmes/XCL/parameters").status()).isEqualTo(200);
    }

    /** A programme manager created by the administrator, who has changed the initial password. */
    private Http newManager(String username, List<String> programmes) {
        Api.Response created = Api.as(port, "admin").post("/api/v1/staff", Map.of("username", username,
                "displayName", "专项主管 " + username, "email", username + "@bureau.example", "roles", List.of("PROGRAM_MANAGER"),
                "programmes", programmes, "initialPassword", INITIAL, "reason", "专项分工"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(new Http(port, username, INITIAL).post("/api/v1/me/password",
                Map.of("currentPassword", INITIAL, "newPassword", CHOSEN)).status()).isEqualTo(204);
        return new Http(port, username, CHOSEN);
    }

    private static Map<String, Object> call(String programme, String title) {
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0);
        return Map.of("programmeCode", programme, "title", title,
                "callYear", java.time.Year.now(BusinessTime.ZONE).getValue(), "mode", "COMPETITIVE", "budget", 1000,
                "opensAt", now.plusHours(1).toString(), "applicationDeadline", now.plusDays(20).toString());
    }

    /** Requests with HTTP Basic and a password of one's own (the shared test client always sends "demo"). */
    static final class Http {
        private final RestClient client;
        private final String authorization;

        Http(int port, String user, String password) {
            this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        record Response(int status, String text) {
            Map<String, Object> json() {
                try {
                    return JSON.readValue(text, new TypeReference<>() { });
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(text, e);
                }
            }

            List<Map<String, Object>> jsonList() {
                try {
                    return JSON.readValue(text, new TypeReference<>() { });
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(text, e);
                }
            }
        }

        Response get(String path) {
            return exchange(HttpMethod.GET, path, null);
        }

        Response post(String path, Object body) {
            return exchange(HttpMethod.POST, path, body);
        }

        Response put(String path, Object body) {
            return exchange(HttpMethod.PUT, path, body);
        }

        private Response exchange(HttpMethod method, String path, Object body) {
            RestClient.RequestBodySpec spec = client.method(method).uri(path).headers(h -> {
                h.set(HttpHeaders.AUTHORIZATION, authorization);
                h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
            });
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
    }
}
