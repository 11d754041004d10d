package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.RawClient;
import org.kcyj.support.RawClient.Reply;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Which credential each kind of request takes, and when it needs the CSRF token: every change made with the
 * session needs the token whatever Authorization header comes with it; only /api/** and /engine-rest/**
 * requests that authenticate with their own Basic header are exempt, and not when they come from another site.
 * No 401 carries a Basic challenge a browser would remember.
 */
@IntegrationTest
class CredentialsAndCsrfTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    @LocalServerPort
    int port;


    /** A signed-in browser: its session cookie and the CSRF token of its pages. */
    record Session(String cookie, String token) {
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(String method, String path, String contentType, String body, String... headers) {
        return new RawClient(port).send(method, path, contentType, body, headers);
    }

    private static String cookieOf(Reply reply, String old) {
        return reply.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(old);
    }

    private static String tokenOf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the page: " + html);
        }
        return m.group(1);
    }

    private Session signIn(String user) {
        Reply login = send("GET", "/login", null, null);
        String cookie = cookieOf(login, null);
        Reply signedIn = send("POST", "/login", FORM, "username=" + user + "&password=demo&_csrf=" + tokenOf(login.body()),
                "Cookie", cookie);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/portal/inbox");
        cookie = cookieOf(signedIn, cookie);
        Reply inbox = send("GET", "/portal/inbox", null, null, "Cookie", cookie);
        assertThat(inbox.status()).isEqualTo(200);
        return new Session(cookie, tokenOf(inbox.body()));
    }

    private boolean stillSignedIn(Session session) {
        return send("GET", "/portal/inbox", null, null, "Cookie", session.cookie()).status() == 200;
    }

    private String newCall() {
        String deadline = java.time.LocalDateTime.now(org.kcyj.shared.BusinessTime.ZONE).plusDays(5).withNano(0).toString();
        return "{\"programmeCode\":\"XCL\",\"title\":\"CSRF 测试\",\"callYear\":2026,\"budget\":1,\"applicationDeadline\":\""
                + deadline + "\"}";
    }

    @Test
    void portalFormsNeedTheTokenWhateverAuthorizationHeaderComesAlong() {
        Session manager = signIn("manager1");
        List<String[]> authorizations = List.of(new String[0],
                new String[] {"Authorization", basic("manager1", "demo")},
                new String[] {"Authorization", basic("manager1", "wrong")},
                new String[] {"Authorization", "Basic %%%garbage"},
                new String[] {"Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."},
                new String[] {"Authorization", "Digest username=\"manager1\""},
                new String[] {"Authorization", "basic"});
        for (String[] authorization : authorizations) {
            List<String> headers = new ArrayList<>(List.of("Cookie", manager.cookie()));
            headers.addAll(List.of(authorization));
            Reply forged = send("POST", "/portal/calls", FORM, "title=forged", headers.toArray(String[]::new));
            assertThat(forged.status()).as("session without token, " + String.join(" ", authorization)).isEqualTo(403);
            assertThat(forged.body()).as("a page, not JSON").doesNotStartWith("{");
        }
        // a browser that once answered a Basic prompt and is signed out: its cached credentials open nothing
        for (String[] authorization : authorizations) {
            Reply forged = send("POST", "/portal/calls", FORM, "title=forged", authorization);
            assertThat(forged.status()).as("no session, " + String.join(" ", authorization)).isEqualTo(403);
        }
        assertThat(send("GET", "/portal/inbox", null, null, "Authorization", basic("manager1", "demo")).status())
                .as("portal pages never take Basic credentials").isEqualTo(302);
        assertThat(stillSignedIn(manager)).isTrue();
    }

    @Test
    void signingInAndOutNeedTheToken() {
        Reply login = send("GET", "/login", null, null);
        String cookie = cookieOf(login, null);
        for (String authorization : List.of(basic("manager1", "demo"), basic("attacker", "demo"), "Bearer x")) {
            Reply forgedLogin = send("POST", "/login", FORM, "username=manager1&password=demo",
                    "Cookie", cookie, "Authorization", authorization);
            assertThat(forgedLogin.status()).as("login CSRF with " + authorization).isEqualTo(403);
            Reply noSession = send("POST", "/login", FORM, "username=manager1&password=demo", "Authorization", authorization);
            assertThat(noSession.status()).as("login without session or token, " + authorization + noSession.body()
                    + noSession.headers().map()).isEqualTo(403);
        }
        Session manager = signIn("manager1");
        for (String authorization : List.of(basic("manager1", "demo"), "Bearer x", "Basic !!")) {
            assertThat(send("POST", "/logout", FORM, "", "Cookie", manager.cookie(), "Authorization", authorization).status())
                    .as("logout without token, " + authorization).isEqualTo(403);
            assertThat(stillSignedIn(manager)).as("still signed in after a forged logout").isTrue();
        }
        Reply logout = send("POST", "/logout", FORM, "_csrf=" + manager.token(), "Cookie", manager.cookie());
        assertThat(logout.status()).isEqualTo(302);
        assertThat(stillSignedIn(manager)).isFalse();
    }

    @Test
    void theApiWithTheSessionNeedsTheTokenAndBasicCredentialsStandAlone() {
        Session manager = signIn("manager1");
        String body = newCall();
        assertThat(send("POST", "/api/v1/calls", JSON, body, "Cookie", manager.cookie()).status())
                .as("session cookie, no token").isEqualTo(403);
        for (String authorization : List.of("Bearer abc", "Digest username=\"manager1\"", "Negotiate YII=", "Token 1")) {
            assertThat(send("POST", "/api/v1/calls", JSON, body, "Cookie", manager.cookie(), "Authorization", authorization)
                    .status()).as("session cookie, no token, " + authorization).isEqualTo(403);
        }
        for (String authorization : List.of(basic("manager1", "wrong"), "Basic %%%garbage",
                basic("nobody", "demo"), "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()))) {
            Reply refused = send("POST", "/api/v1/calls", JSON, body, "Cookie", manager.cookie(), "Authorization", authorization);
            assertThat(refused.status()).as("wrong Basic credentials never fall back to the session: " + authorization)
                    .isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        Reply withToken = send("POST", "/api/v1/calls", JSON, body, "Cookie", manager.cookie(), "X-CSRF-TOKEN", manager.token());
        assertThat(withToken.status()).as("session with its token: " + withToken.body()).isBetween(200, 299);

        Reply otherUser = send("POST", "/api/v1/calls", JSON, body, "Cookie", manager.cookie(),
                "Authorization", basic("applicant1", "demo"));
        assertThat(otherUser.status()).as("Basic credentials alone decide who calls, not the session").isEqualTo(403);

        Reply script = send("POST", "/api/v1/calls", JSON, body, "Authorization", basic("manager1", "demo"));
        assertThat(script.status()).as("curl -u: " + script.body()).isBetween(200, 299);
        assertThat(script.headers().allValues("Set-Cookie")).as("Basic requests create no session")
                .noneMatch(c -> c.startsWith("JSESSIONID"));
        Reply sameSite = send("POST", "/api/v1/calls", JSON, body, "Authorization", basic("manager1", "demo"),
                "Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin");
        assertThat(sameSite.status()).isBetween(200, 299);
    }

    @Test
    void basicCredentialsFromAnotherSiteAreRefusedForChanges() {
        String body = newCall();
        List<String[]> crossSite = List.of(new String[] {"Origin", "https://evil.example"},
                new String[] {"Origin", "null"},
                new String[] {"Origin", "http://localhost:1"},
                new String[] {"Sec-Fetch-Site", "cross-site"},
                new String[] {"Sec-Fetch-Site", "same-site"},
                new String[] {"Origin", "http://localhost:" + port, "Sec-Fetch-Site", "cross-site"});
        for (String[] marks : crossSite) {
            List<String> headers = new ArrayList<>(List.of("Authorization", basic("manager1", "demo")));
            headers.addAll(List.of(marks));
            Reply api = send("POST", "/api/v1/calls", JSON, body, headers.toArray(String[]::new));
            assertThat(api.status()).as("/api " + String.join(" ", marks)).isEqualTo(403);
            assertThat(api.headers().firstValue("Content-Type")).get().asString().contains("problem+json");
            List<String> admin = new ArrayList<>(List.of("Authorization", basic("admin", "demo")));
            admin.addAll(List.of(marks));
            assertThat(send("POST", "/engine-rest/task?maxResults=1", JSON, "{}", admin.toArray(String[]::new)).status())
                    .as("/engine-rest " + String.join(" ", marks)).isEqualTo(403);
        }
        assertThat(send("GET", "/api/v1/me/tasks", null, null, "Authorization", basic("manager1", "demo"),
                "Sec-Fetch-Site", "cross-site").status()).as("reading is not a change").isEqualTo(200);
        assertThat(send("POST", "/engine-rest/task?maxResults=1", JSON, "{}", "Authorization", basic("admin", "demo")).status())
                .isEqualTo(200);
    }

    @Test
    void camundaRestTakesBasicOnlyAndTheWebappsTheSessionOnly() {
        Session admin = signIn("admin");
        assertThat(send("GET", "/engine-rest/engine", null, null, "Cookie", admin.cookie()).status())
                .as("the REST API does not read the session").isEqualTo(401);
        Reply basic = send("GET", "/engine-rest/engine", null, null, "Authorization", basic("admin", "demo"));
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        assertThat(send("GET", "/engine-rest/engine", null, null, "Cookie", admin.cookie(),
                "Authorization", basic("admin", "wrong")).status()).isEqualTo(401);

        Reply cockpit = send("GET", "/camunda/app/cockpit/default/", null, null, "Cookie", admin.cookie());
        assertThat(cockpit.status()).as(cockpit.headers().map().toString()).isEqualTo(200);
        Reply notAdmin = send("GET", "/camunda/app/cockpit/default/", null, null, "Cookie", signIn("manager1").cookie());
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.body()).as("a page for the browser").contains("<html");
        Reply restNotAdmin = send("GET", "/engine-rest/engine", null, null, "Authorization", basic("manager1", "demo"));
        assertThat(restNotAdmin.status()).isEqualTo(403);
        assertThat(restNotAdmin.headers().firstValue("Content-Type")).get().asString().contains("problem+json");
        Reply webappWithBasic = send("GET", "/camunda/app/cockpit/default/", null, null, "Authorization", basic("admin", "demo"));
        assertThat(webappWithBasic.status()).as("the webapps do not take Basic credentials").isEqualTo(302);
        assertThat(webappWithBasic.location()).endsWith("/login");
        assertThat(send("GET", "/camunda/api/admin/auth/user/default", null, null, "Authorization", basic("admin", "demo"))
                .status()).isEqualTo(302);
    }

    @Test
    void no401CarriesABasicChallengeAndBrowsersAreSentToTheLoginPage() {
        List<Reply> unauthorized = List.of(
                send("GET", "/api/v1/me/tasks", null, null, "Accept", "application/json"),
                send("GET", "/api/v1/me/tasks", null, null),
                send("GET", "/api/v1/me/tasks", null, null, "Authorization", basic("manager1", "wrong")),
                send("GET", "/api/v1/me/tasks", null, null, "Authorization", "Basic %%%"),
                send("GET", "/api/v1/me/tasks", null, null, "Authorization", "Bearer x"),
                send("POST", "/api/v1/calls", JSON, "{}"),
                send("GET", "/engine-rest/engine", null, null),
                send("GET", "/engine-rest/engine", null, null, "Authorization", basic("admin", "wrong")));
        for (Reply reply : unauthorized) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.headers().allValues("WWW-Authenticate")).as("no challenge").isEmpty();
            assertThat(reply.headers().firstValue("Content-Type")).get().asString().contains("problem+json");
        }
        Reply navigation = send("GET", "/api/v1/me/tasks", null, null,
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(navigation.status()).isEqualTo(302);
        assertThat(navigation.location()).endsWith("/login");
        assertThat(send("GET", "/portal/inbox", null, null).headers().allValues("WWW-Authenticate")).isEmpty();
    }
}
