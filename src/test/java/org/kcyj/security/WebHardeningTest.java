package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The portal's session: a new id at login, a CSRF token on every change, strict response headers. */
@IntegrationTest
class WebHardeningTest {
    @LocalServerPort
    int port;

    @Test
    void theSessionIdChangesAtLogin() {
        Portal browser = Portal.anonymous(port);
        browser.get("/login");
        String before = browser.cookie("JSESSIONID");
        assertThat(before).isNotNull();
        Portal.Page signedIn = browser.submit("/login", List.of(Map.entry("username", "applicant1"), Map.entry("password", "demo")));
        assertThat(signedIn.location()).endsWith("/portal/inbox");
        assertThat(browser.cookie("JSESSIONID")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void changesFromASessionWithoutTheCsrfTokenAreRefused() {
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.postWithoutToken("/portal/calls", "application/x-www-form-urlencoded", "title=forged").status())
                .isEqualTo(403);
        assertThat(manager.postWithoutToken("/api/v1/calls", "application/json", "{\"title\":\"forged\"}").status())
                .as("the API with a session cookie needs the token too").isEqualTo(403);
        assertThat(Portal.anonymous(port).postWithoutToken("/login", "application/x-www-form-urlencoded",
                "username=manager1&password=demo").status()).as("login itself is protected").isEqualTo(403);
    }

    private int basicFrom(String forwardedFor, String user, String password) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/me/tasks"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes()))
                .header("X-Forwarded-For", forwardedFor).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void repeatedFailedSignInsDelayTheAccountAtThatAddressAndForwardedAddressesFromUntrustedPeersAreIgnored()
            throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(basicFrom("203.0.113." + i, "reviewer8", "wrong")).isEqualTo(401);
        }
        assertThat(basicFrom("203.0.113.99", "reviewer8", "demo"))
                .as("X-Forwarded-For from a peer that is no trusted proxy changes nothing: all three counted here")
                .isEqualTo(429);
        org.kcyj.support.Api.Response delayed = org.kcyj.support.Api.as(port, "reviewer8").get("/api/v1/me/tasks");
        assertThat(delayed.status()).isEqualTo(429);
        assertThat(delayed.headers().getFirst("Retry-After")).matches("([1-9]|[1-5][0-9]|60)");
        assertThat(delayed.headers().get("WWW-Authenticate")).isNull();
        assertThat(delayed.text()).containsPattern("登录失败次数过多，请 ([1-9]|[1-5][0-9]|60) 秒后再试");
        Portal browser = Portal.anonymous(port);
        browser.get("/login");
        String location = browser.submit("/login", List.of(Map.entry("username", "reviewer8"), Map.entry("password", "demo")))
                .location();
        assertThat(location).matches(".*/login\\?wait=([1-9]|[1-5][0-9]|60)");
        assertThat(browser.get(location.substring(location.indexOf("/login"))).html()).containsPattern("请 ([1-9]|[1-5][0-9]|60) 秒后再试");
        assertThat(browser.get("/login?wait=%3Cb%3E").html()).doesNotContain("<b>").doesNotContain("秒后再试");
        assertThat(org.kcyj.support.Api.as(port, "reviewer7").get("/api/v1/me/tasks").status()).isEqualTo(200);
    }

    @Test
    void pagesCarryStrictSecurityHeaders() {
        HttpHeaders headers = Portal.anonymous(port).headers("/login");
        assertThat(headers.firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'", "frame-ancestors 'none'", "script-src 'self'");
        assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(headers.allValues("Set-Cookie")).allMatch(c -> !c.startsWith("JSESSIONID") || c.contains("HttpOnly"));
    }
}
