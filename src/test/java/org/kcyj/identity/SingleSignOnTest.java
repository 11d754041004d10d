package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kcyj.audit.AuditLog;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The government single sign-on against a real OpenID Connect provider (mock-oauth2-server, started before the
 * application): the whole authorization-code flow as a browser makes it, through the provider's authorize endpoint
 * back to /login/oauth2/code/gov, with the claims each case needs. Who the sign-in becomes (a new person, a linked
 * account, a refusal), the consent a new person gives before anything else, and the session's life afterwards.
 */
@IntegrationTest
@Import(SingleSignOnTest.SignIns.class)
class SingleSignOnTest {
    private static final SingleSignOnProvider PROVIDER = SingleSignOnProvider.start();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("kcyj.sso.issuer", PROVIDER::issuer);
        registry.add("kcyj.sso.client-id", () -> SingleSignOnProvider.CLIENT_ID);
        registry.add("kcyj.sso.client-secret", () -> SingleSignOnProvider.CLIENT_SECRET);
        registry.add("kcyj.sso.name", () -> "浙里办统一身份认证");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    private static String issuer() {
        return PROVIDER.issuer();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDirectory users;
    @Autowired
    AuditLog audit;
    @Autowired
    SignIns signIns;
    private String nextSubject;

    @Test
    void theSignInPageOffersTheSingleSignOnBesideThePasswordForm() {
        Browser browser = new Browser(port);
        Browser.Reply login = browser.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("href=\"/oauth2/authorization/gov\"", "浙里办统一身份认证", "name=\"password\"");
    }

    @Test
    void aFirstSignInCreatesAPersonWhoMustConsentBeforeAnythingElseAndTheNextSignInIsTheSameAccount() {
        expect("subject-wang", Map.of("preferred_username", "wang.fang", "name", "王芳",
                "email", "wang.fang@gov-sso.example", "email_verified", true));
        Browser browser = new Browser(port);
        assertThat(browser.signOn(nextSubject)).isEqualTo("/portal/inbox");

        String username = linked("subject-wang").orElseThrow();
        assertThat(username).isEqualTo("wang.fang");
        UserAccount person = users.require(username);
        assertThat(person.roles()).isEmpty();
        assertThat(person.unitId()).isNull();
        assertThat(person.displayName()).isEqualTo("王芳");
        assertThat(person.email()).isEqualTo("wang.fang@gov-sso.example");
        assertThat(jdbc.sql("select self_registered from app.app_user where username = ?").param(username)
                .query(Boolean.class).single()).isTrue();
        assertThat(audit.forSubject("USER-" + username)).extracting(AuditLog.Event::action)
                .contains("PERSON_REGISTERED", "SSO_LINKED");
        assertThat(audit.forSubject("USER-" + username).stream().filter(e -> e.action().equals("SSO_LINKED")).findFirst()
                .orElseThrow().detail()).isEqualTo(issuer());

        // signed in as our account, with our roles (none) and not the provider's scopes, stamped like a password sign-in
        Authentication signedIn = signIns.of(username).orElseThrow();
        assertThat(signedIn).isInstanceOf(OAuth2AuthenticationToken.class);
        assertThat(signedIn.getAuthorities()).isEmpty();

        // nothing but the consent page until the privacy notice is accepted
        Browser.Reply inbox = browser.get("/portal/inbox");
        assertThat(inbox.status()).isEqualTo(302);
        assertThat(inbox.location()).endsWith("/portal/consent");
        assertThat(browser.get("/portal/calls").location()).endsWith("/portal/consent");
        Browser.Reply api = browser.get("/api/v1/me/tasks", "Accept", "application/json");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.body()).contains("urn:kcyj:problem:consent-required", "隐私声明");
        assertThat(browser.get("/api/v1/me/tasks", "Accept", "application/json", "Accept-Language", "en").body())
                .contains("privacy notice");

        Browser.Reply consent = browser.get("/portal/consent");
        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.body()).contains("2026-12", "href=\"/privacy\"", "name=\"accept\"", "name=\"_csrf\"",
                "wang.fang");
        assertThat(browser.post("/portal/consent", Map.of()).status()).as("not ticked").isEqualTo(400);
        assertThat(browser.get("/portal/consent", "Accept-Language", "en").body()).contains("Privacy notice");
        assertThat(browser.postWithoutToken("/portal/consent", "accept=true").status()).as("no CSRF token").isEqualTo(403);
        Browser.Reply accepted = browser.post("/portal/consent", Map.of("accept", "true"));
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(accepted.location()).endsWith("/portal/inbox");
        assertThat(jdbc.sql("select count(*) from app.privacy_consent where username = ? and notice_version = '2026-12'")
                .param(username).query(Integer.class).single()).isEqualTo(1);

        assertThat(browser.get("/portal/inbox").status()).isEqualTo(200);
        assertThat(browser.get("/api/v1/me/tasks", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(browser.get("/portal/consent").location()).as("nothing more to accept").endsWith("/portal/inbox");

        // the same subject again, whatever the provider now says of its name: the same account, straight to the inbox
        expect("subject-wang", Map.of("preferred_username", "someone.else", "name", "王芳",
                "email", "wang.fang@gov-sso.example", "email_verified", true));
        Browser again = new Browser(port);
        assertThat(again.signOn(nextSubject)).isEqualTo("/portal/inbox");
        Browser.Reply page = again.get("/portal/inbox");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("wang.fang");
        assertThat(jdbc.sql("select count(*) from app.app_user where lower(email) = 'wang.fang@gov-sso.example'")
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(users.exists("someone.else")).isFalse();
    }

    @Test
    void aVerifiedAddressOfAVerifiedApplicantLinksToThatAccountWhoseSessionEndsWhenItsAccessChanges() {
        users.createUser("sso.applicant", "demo", "李雷", "li.lei@unit-sso.example", null, false, EnumSet.of(Role.APPLICANT));
        verifyEmail("sso.applicant");
        expect("subject-li", Map.of("preferred_username", "lilei", "email", "LI.Lei@Unit-SSO.example",
                "email_verified", true));
        Browser browser = new Browser(port);
        assertThat(browser.signOn(nextSubject)).isEqualTo("/portal/inbox");
        assertThat(linked("subject-li")).contains("sso.applicant");
        assertThat(users.exists("lilei")).isFalse();
        assertThat(audit.forSubject("USER-sso.applicant")).extracting(AuditLog.Event::action).containsExactly("SSO_LINKED");
        assertThat(signIns.of("sso.applicant").orElseThrow().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_APPLICANT");

        // staff-created accounts have no consent record and are not held
        Browser.Reply inbox = browser.get("/portal/inbox");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("sso.applicant");
        assertThat(browser.get("/api/v1/me/tasks", "Accept", "application/json").status()).isEqualTo(200);

        // the session is stamped at sign-in: a change of the account's access ends it
        users.accessChanged("sso.applicant");
        Browser.Reply ended = browser.get("/portal/inbox");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).endsWith("/login?expired");
    }

    @Test
    void aStaffAccountIsNeverOpenedByTheProvidersWordForItsAddress() {
        users.createUser("sso.manager", "demo", "周经理", "zhou@bureau-sso.example", null, false,
                EnumSet.of(Role.PROGRAM_MANAGER));
        verifyEmail("sso.manager");
        expect("subject-zhou", Map.of("preferred_username", "zhou", "email", "zhou@bureau-sso.example",
                "email_verified", true));
        Browser browser = new Browser(port);
        String refused = browser.signOn(nextSubject);
        assertThat(refused).isEqualTo("/login/oauth2/refused?reason=staff");
        Browser.Reply page = browser.get(refused);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("工作人员账户不能通过统一身份认证首次登录");
        assertThat(browser.get(refused, "Accept-Language", "en").body())
                .contains("Staff accounts cannot be signed in to through single sign-on");
        assertThat(linked("subject-zhou")).isEmpty();
        assertThat(users.exists("zhou")).isFalse();
        assertThat(browser.get("/portal/inbox").location()).as("not signed in").endsWith("/login");

        // an administrator's address as an administrator entered it (never confirmed by mail): refused all the same,
        // rather than a second account beside the staff one
        users.createUser("sso.admin", "demo", "管理员乙", "admin-b@bureau-sso.example", null, false, EnumSet.of(Role.ADMIN));
        expect("subject-admin-b", Map.of("email", "admin-b@bureau-sso.example", "email_verified", true));
        assertThat(new Browser(port).signOn(nextSubject)).isEqualTo("/login/oauth2/refused?reason=staff");
        assertThat(linked("subject-admin-b")).isEmpty();
        assertThat(jdbc.sql("select count(*) from app.app_user where email = 'admin-b@bureau-sso.example'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void staffLinkTheirProviderIdentityBySigningOnInASessionSignedInWithTheirPassword() {
        users.createUser("sso.director", "demo", "吴主任", "wu@bureau-sso.example", null, false, EnumSet.of(Role.DIRECTOR));
        verifyEmail("sso.director");
        expect("subject-wu", Map.of("preferred_username", "wu", "email", "wu@bureau-sso.example", "email_verified", true));
        Browser browser = new Browser(port);
        browser.get("/login");
        Browser.Reply signedIn = browser.post("/login", Map.of("username", "sso.director", "password", "demo"));
        assertThat(signedIn.location()).doesNotContain("error");
        assertThat(browser.signOn(nextSubject)).isEqualTo("/portal/inbox");
        assertThat(linked("subject-wu")).contains("sso.director");
        assertThat(audit.forSubject("USER-sso.director")).extracting(AuditLog.Event::action).contains("SSO_LINKED");

        // from now on the single sign-on alone opens the staff account, with its roles
        Browser later = new Browser(port);
        assertThat(later.signOn(nextSubject)).isEqualTo("/portal/inbox");
        assertThat(later.get("/portal/inbox").status()).isEqualTo(200);
        assertThat(signIns.of("sso.director").orElseThrow().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_DIRECTOR");

        // an identity linked to one account is not linked to another by signing on in that other's session
        users.createUser("sso.other", "demo", "另一人", "other@unit-sso.example", null, false, EnumSet.of(Role.APPLICANT));
        Browser other = new Browser(port);
        other.get("/login");
        other.post("/login", Map.of("username", "sso.other", "password", "demo"));
        String refused = other.signOn(nextSubject);
        assertThat(refused).isEqualTo("/login/oauth2/refused?reason=linked");
        assertThat(other.get(refused).body()).contains("已关联到本系统的另一个账户");
        assertThat(linked("subject-wu")).contains("sso.director");
    }

    @Test
    void anAddressTheProviderDidNotVerifyCreatesANewPersonInsteadOfLinking() {
        users.createUser("sso.chen", "demo", "陈晨", "chen@unit-sso.example", null, false, EnumSet.of(Role.APPLICANT));
        verifyEmail("sso.chen");
        expect("subject-chen", Map.of("email", "chen@unit-sso.example", "email_verified", false, "name", "陈晨"));
        Browser browser = new Browser(port);
        assertThat(browser.signOn(nextSubject)).isEqualTo("/portal/inbox");
        String created = linked("subject-chen").orElseThrow();
        assertThat(created).isNotEqualTo("sso.chen").startsWith("chen");
        assertThat(users.rolesOf(created)).isEmpty();
        assertThat(jdbc.sql("select email_verified_at from app.app_user where username = ?").param(created)
                .query(Timestamp.class).optional()).isEmpty();
        assertThat(browser.get("/portal/inbox").location()).endsWith("/portal/consent");
        assertThat(audit.forSubject("USER-sso.chen")).isEmpty();
    }

    @Test
    void anAddressVerifiedOnlyByTheProviderAndNotByTheAccountCreatesANewPerson() {
        users.createUser("sso.unconfirmed", "demo", "赵云", "zhao@unit-sso.example", null, false, EnumSet.of(Role.APPLICANT));
        expect("subject-zhao", Map.of("preferred_username", "zhao.yun", "email", "zhao@unit-sso.example",
                "email_verified", true));
        assertThat(new Browser(port).signOn(nextSubject)).isEqualTo("/portal/inbox");
        assertThat(linked("subject-zhao")).contains("zhao.yun");
    }

    @Test
    void aDeactivatedAccountDoesNotSignInThroughTheSingleSignOn() {
        expect("subject-gone", Map.of("preferred_username", "gone.soon", "email", "gone@gov-sso.example",
                "email_verified", true));
        Browser browser = new Browser(port);
        assertThat(browser.signOn(nextSubject)).isEqualTo("/portal/inbox");
        assertThat(linked("subject-gone")).contains("gone.soon");

        jdbc.sql("update app.app_user set enabled = false, deactivated_at = ? where username = 'gone.soon'")
                .param(Timestamp.from(Instant.now())).update();
        Browser.Reply ended = browser.get("/portal/consent");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).endsWith("/login?expired");

        expect("subject-gone", Map.of("preferred_username", "gone.soon", "email", "gone@gov-sso.example",
                "email_verified", true));
        Browser again = new Browser(port);
        String refused = again.signOn(nextSubject);
        assertThat(refused).isEqualTo("/login/oauth2/refused?reason=disabled");
        Browser.Reply page = again.get(refused);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("该账户已停用");
        assertThat(again.get("/api/v1/me/tasks", "Accept", "application/json").status()).isEqualTo(401);

        // nor under a new name: the provider vouches for the deactivated account's address
        expect("subject-gone-2", Map.of("preferred_username", "gone.again", "email", "GONE@gov-sso.example",
                "email_verified", true));
        assertThat(new Browser(port).signOn(nextSubject)).isEqualTo("/login/oauth2/refused?reason=disabled");
        assertThat(users.exists("gone.again")).isFalse();
    }

    @Test
    void aSignOnTheProviderEndsWithAnErrorIsAPageNotAServerError() {
        Browser browser = new Browser(port);
        Browser.Reply returned = browser.get("/login/oauth2/code/gov?error=access_denied&state=forged");
        assertThat(returned.status()).isEqualTo(302);
        assertThat(returned.location()).endsWith("/login/oauth2/refused?reason=failed");
        Browser.Reply page = browser.get("/login/oauth2/refused?reason=failed");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("统一身份认证登录未完成");
        assertThat(browser.get("/oauth2/authorization/other").status()).as("no other provider").isNotEqualTo(200);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The person who signs in at the provider next: their subject and the claims of their ID token. */
    private void expect(String subject, Map<String, Object> claims) {
        PROVIDER.person(subject, claims);
        nextSubject = subject;
    }

    private Optional<String> linked(String subject) {
        return jdbc.sql("select username from app.sso_link where issuer = ? and subject = ?")
                .params(issuer(), subject).query(String.class).optional();
    }

    private void verifyEmail(String username) {
        jdbc.sql("update app.app_user set email_verified_at = ? where username = ?")
                .params(Timestamp.from(Instant.now()), username).update();
    }

    /** Every interactive sign-in the application announced (the event that stamps the session), by user name. */
    @TestConfiguration
    static class SignIns {
        private final List<Authentication> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void signedIn(InteractiveAuthenticationSuccessEvent event) {
            seen.add(event.getAuthentication());
        }

        Optional<Authentication> of(String username) {
            return seen.stream().filter(a -> a.getName().equals(username)).reduce((first, last) -> last);
        }
    }

    /**
     * A browser: cookies kept (for the portal, at 127.0.0.1, and the provider, at localhost: two hosts, so two
     * sessions), redirects followed one by one.
     */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final URI base;
        private String lastPage = "";

        record Reply(int status, String body, String location) {
        }

        Browser(int port) {
            this.base = URI.create("http://127.0.0.1:" + port);
        }

        /**
         * Starts the single sign-on from the button, signs in at the provider's own form as {@code subject} and
         * returns to the portal: the address (path and query) the portal then sends the browser to.
         */
        String signOn(String subject) {
            Reply start = get("/oauth2/authorization/gov");
            assertThat(start.status()).as(start.body()).isEqualTo(302);
            assertThat(start.location()).startsWith(issuer() + "/oauth2/authorize").contains(
                    "client_id=" + SingleSignOnProvider.CLIENT_ID, "nonce=", "state=", "scope=openid");
            Reply provider = get(start.location());
            for (int hops = 0; !provider.location().startsWith(base + "/login/oauth2/code/gov"); hops++) {
                assertThat(hops).as("the provider's redirects").isLessThan(6);
                assertThat(provider.status()).as(provider.body()).isEqualTo(302);
                if (provider.location().equals(issuer() + "/login")) {
                    get(provider.location());
                    provider = post(provider.location(), Map.of("username", subject,
                            "password", SingleSignOnProvider.PASSWORD));
                } else {
                    provider = get(provider.location());
                }
            }
            assertThat(provider.location()).contains("code=", "state=");
            Reply back = get(provider.location());
            assertThat(back.status()).as(back.body()).isEqualTo(302);
            URI next = base.resolve(back.location());
            assertThat(next.getAuthority()).isEqualTo(base.getAuthority());
            return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
        }

        Reply get(String address, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(address)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            Reply reply = send(request.build());
            lastPage = reply.body();
            return reply;
        }

        /** Posts a form of the page fetched last, with its CSRF token. */
        Reply post(String path, Map<String, String> fields) {
            Matcher csrf = CSRF.matcher(lastPage);
            String token = csrf.find() ? csrf.group(1) : "";
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", token);
            return postWithoutToken(path, all.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        }

        Reply postWithoutToken(String path, String body) {
            Reply reply = send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            lastPage = reply.body();
            return reply;
        }

        private Reply send(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(response.statusCode(), response.body(),
                        response.headers().firstValue("Location").orElse(""));
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
