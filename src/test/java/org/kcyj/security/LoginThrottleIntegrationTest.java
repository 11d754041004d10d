package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Sign-in throttling behind a trusted proxy (this server trusts 127.0.0.1, where the test's requests come from):
 * the client address comes from X-Forwarded-For; other people's failures never lock the owner out; the proxy's
 * own shared address is not locked by many users' failures; counts are in the database, seen by a second node.
 */
@IntegrationTest
@TestPropertySource(properties = {"KCYJ_TRUSTED_PROXIES=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1",
        "kcyj.login.address.free-failures=100", "kcyj.login.first-delay=PT1M"})
class LoginThrottleIntegrationTest {
    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    java.time.Clock clock;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> api(String user, String password, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me/tasks"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private int from(String address, String user, String password) {
        return api(user, password, "X-Forwarded-For", address).statusCode();
    }

    @Test
    void failuresFromOtherAddressesNeverKeepTheOwnerOut() {
        assertThat(from("198.51.100.5", "reviewer5", "demo")).as("the owner's usual address").isEqualTo(200);
        int refusedUnchecked = 0;
        for (int i = 0; i < 15; i++) {
            for (int n = 0; n < 2; n++) {
                int status = from("203.0.113." + i, "reviewer5", "guess" + n);
                assertThat(status).isIn(401, 429);
                refusedUnchecked += status == 429 ? 1 : 0;
            }
        }
        assertThat(refusedUnchecked).as("past ten failures from strangers' addresses they wait").isEqualTo(20);
        // (the first wait is a minute in this test, so the machine's speed does not matter)
        HttpResponse<String> stranger = api("reviewer5", "demo", "X-Forwarded-For", "192.0.2.200", "Accept-Language", "en");
        assertThat(stranger.statusCode()).as("a new address meets the account-wide limit").isEqualTo(429);
        assertThat(stranger.headers().firstValue("Retry-After")).get().satisfies(s -> assertThat(Long.parseLong(s)).isPositive());
        assertThat(stranger.body()).contains("Too many failed sign-ins; try again in");
        assertThat(from("198.51.100.5", "reviewer5", "demo")).as("the owner still signs in").isEqualTo(200);
    }

    @Test
    void manyUsersFailingBehindTheProxysOwnAddressLockNobodyElse() {
        // no X-Forwarded-For: these come from the proxy itself, one address for everybody
        for (int i = 1; i <= 12; i++) {
            String user = i <= 6 ? "applicant" + i : "reviewer" + (i + 4);
            assertThat(api(user, "wrong").statusCode()).isEqualTo(401);
            assertThat(api(user, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(api("manager1", "demo").statusCode()).as("24 failures of others from the shared address").isEqualTo(200);
        assertThat(api("applicant1", "demo").statusCode()).as("two failures of one's own are free").isEqualTo(200);
    }

    @Test
    void forwardedAddressesAreHonouredFromTheTrustedProxy() {
        for (int i = 0; i < 3; i++) {
            assertThat(from("192.0.2.1", "unitadmin1", "wrong")).isEqualTo(401);
        }
        assertThat(from("192.0.2.1", "unitadmin1", "demo")).as("delayed at that address").isEqualTo(429);
        assertThat(from("192.0.2.2", "unitadmin1", "demo")).as("another client behind the proxy").isEqualTo(200);
        assertThat(api("unitadmin1", "demo", "Forwarded", "for=192.0.2.1").statusCode())
                .as("the Forwarded header is not read").isEqualTo(200);
    }

    @Test
    void theLoginPageSaysHowLongToWait() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("X-Forwarded-For", "192.0.2.50").build(), HttpResponse.BodyHandlers.ofString());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(token.find()).isTrue();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("X-Forwarded-For", "192.0.2.50").header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=enterprise1&password=" + (i < 3 ? "wrong" : "demo")
                            + "&_csrf=" + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = posted.headers().firstValue("Location").orElse("");
            if (i < 3) {
                assertThat(location).endsWith("/login?error");
            } else {
                assertThat(location).as("the right password, not even checked").matches(".*/login\\?wait=([1-9]|[1-5][0-9]|60)");
                HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(location.startsWith("http")
                        ? location : "http://localhost:" + port + location)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(shown.body()).containsPattern("登录失败次数过多，请 ([1-9]|[1-5][0-9]|60) 秒后再试");
            }
        }
    }

    @Test
    void aSecondNodeOnTheSameDatabaseSeesTheCounts() {
        LoginThrottle otherNode = new LoginThrottle(clock, dataSource, 3, 10, 100, Duration.ofSeconds(5),
                Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofDays(90));
        for (int i = 0; i < 3; i++) {
            assertThat(from("192.0.2.77", "director", "wrong")).isEqualTo(401);
        }
        assertThat(otherNode.delay("director", "192.0.2.77")).isPositive();
        otherNode.failed("reviewer19", "192.0.2.78");
        otherNode.failed("reviewer19", "192.0.2.78");
        otherNode.failed("reviewer19", "192.0.2.78");
        assertThat(from("192.0.2.78", "reviewer19", "demo")).as("failures counted by the other node").isEqualTo(429);
    }
}
