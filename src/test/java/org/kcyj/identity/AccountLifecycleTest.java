package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kcyj.audit.AuditLog;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.MutableClock;
import org.kcyj.support.Portal;
import org.kcyj.support.TestClockConfig;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * The password life-cycle end to end: changing one's password, the initial password a manager saw (must change,
 * expires), resets by mail, e-mail changes confirmed from the new address, managers unable to re-point an
 * expert's address, and sessions that end when the password changes.
 */
@IntegrationTest
@Import(TestClockConfig.class)
// every request here comes from 127.0.0.1: the per-address limit is tested on its own (AccountServiceThrottleTest)
@TestPropertySource(properties = "kcyj.password.resets-per-address=100000")
class AccountLifecycleTest {
    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");
    private static final String STRONG = "青山绿水 lantern 2026 harbour";
    private static final String STRONGER = "another long passphrase: 甬江潮涌";

    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    MailDispatcher mail;
    @Autowired
    MutableClock clock;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // ---- changing one's password -------------------------------------------------------------------------

    @Test
    void wrongCurrentPasswordsCountAsFailedSignInsSoAStolenSessionCannotGuessFaster() {
        String user = account("acct.guess");
        org.kcyj.support.Portal session = org.kcyj.support.Portal.signIn(port, user);
        session.get("/portal/account");
        for (int i = 0; i < 3; i++) {
            org.kcyj.support.Portal.Page wrong = session.submit("/portal/account/password", List.of(
                    Map.entry("currentPassword", "guess-" + i), Map.entry("newPassword", STRONG),
                    Map.entry("confirmPassword", STRONG)));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.html()).contains("当前密码不正确");
        }
        // the right password now waits like a sign-in would, and is not checked
        org.kcyj.support.Portal.Page held = session.submit("/portal/account/password", List.of(
                Map.entry("currentPassword", "demo"), Map.entry("newPassword", STRONG), Map.entry("confirmPassword", STRONG)));
        assertThat(held.status()).isEqualTo(429);
        assertThat(held.html()).contains("当前密码已多次输错", "秒后再试");
        assertThat(Http.as(port, user, STRONG).get("/api/v1/me/tasks").status()).isEqualTo(429);
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).as("the sign-in waits too").isEqualTo(429);
        clock.advance(Duration.ofMinutes(2));
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).isEqualTo(200);
    }


    @Test
    void aUserChangesTheirPasswordOnlyWithTheRightCurrentPassword() {
        String user = account("acct.change");

        Http.Response wrong = Http.as(port, user, "demo").post("/api/v1/me/password",
                Map.of("currentPassword", "not-the-password", "newPassword", STRONG));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.contentType()).contains("application/problem+json");
        assertThat(wrong.text()).contains("currentPassword", "当前密码不正确");
        assertThat(Http.as(port, user, STRONG).get("/api/v1/me/tasks").status()).isEqualTo(401);

        Http.Response right = Http.as(port, user, "demo").post("/api/v1/me/password",
                Map.of("currentPassword", "demo", "newPassword", STRONG));
        assertThat(right.status()).as(right.text()).isEqualTo(204);
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).isEqualTo(401);
        assertThat(Http.as(port, user, STRONG).get("/api/v1/me/tasks").status()).isEqualTo(200);
        assertThat(users.passwordState(user).orElseThrow().hash()).startsWith("{argon2}");

        mail.flush();
        TestMailServer.Message notice = TestMailServer.awaitMessage(user + "@accounts.example",
                m -> m.subject().contains("密码已修改"), MAIL_WAIT);
        assertThat(notice.body()).doesNotContain(STRONG);
        List<AuditLog.Event> events = audit.forSubject("USER-" + user);
        assertThat(events).extracting(AuditLog.Event::action).containsExactly("PASSWORD_CHANGED");
        assertThat(events.get(0).actor()).isEqualTo(user);
        assertThat(String.valueOf(events.get(0).detail())).doesNotContain(STRONG, "demo");
        assertThat(Api.anonymous(port).get("/v3/api-docs").text()).contains("/api/v1/me/password", "PasswordChange");
    }

    @Test
    void weakPasswordsAreRefusedWithTheirReasons() {
        String user = account("acct.policy.user");   // 16 characters: long enough to be tried as a password
        Map<String, String> refusals = Map.of(
                "short passwor", "至少需要 15 个字符",
                "x".repeat(129), "不能超过 128 个字符",
                "QWERTY123456789", "过于常见",                       // in the bundled list, any case
                "acct.policy.user", "不能与用户名、姓名或电子邮箱相同",
                "ACCT.POLICY.USER@accounts.example", "不能与用户名、姓名或电子邮箱相同");
        refusals.forEach((password, reason) -> {
            Http.Response refused = Http.as(port, user, "demo").post("/api/v1/me/password",
                    Map.of("currentPassword", "demo", "newPassword", password));
            assertThat(refused.status()).as(password).isEqualTo(400);
            assertThat(refused.text()).as(password).contains("newPassword", reason);
        });
        Http.Response english = Http.as(port, user, "demo").withLanguage("en").post("/api/v1/me/password",
                Map.of("currentPassword", "demo", "newPassword", "short"));
        assertThat(english.text()).contains("at least 15 characters");
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).as("nothing changed").isEqualTo(200);

        // 64 Chinese characters (192 bytes, beyond bcrypt's 72) are a valid password, matched in full; typed
        // with full-width letters, the same password in NFKC.
        String chinese = "甬江科创".repeat(15) + "二〇二六";
        assertThat(Http.as(port, user, "demo").post("/api/v1/me/password",
                Map.of("currentPassword", "demo", "newPassword", chinese)).status()).isEqualTo(204);
        assertThat(Http.as(port, user, chinese).get("/api/v1/me/tasks").status()).isEqualTo(200);
        assertThat(Http.as(port, user, chinese.substring(0, 63) + "七").get("/api/v1/me/tasks").status()).isEqualTo(401);
        assertThat(Http.as(port, user, chinese).post("/api/v1/me/password",
                Map.of("currentPassword", chinese, "newPassword", "ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓｗｏｒｄ ２０２６")).status())
                .isEqualTo(204);
        assertThat(Http.as(port, user, "full width password 2026").get("/api/v1/me/tasks").status()).isEqualTo(200);
    }

    // ---- the initial password a manager saw ----------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void anImportedExpertMustChangeTheInitialPasswordBeforeAnythingElse() {
        String csv = "username,name,email,discipline_codes\r\nacct.imported,导入专家,acct.imported@accounts.example,430\r\n";
        Api.Response imported = Api.as(port, "manager1").upload("/api/v1/experts/import", "experts.csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String initial = ((Map<String, String>) imported.json().get("initialPasswords")).get("acct.imported");
        assertThat(initial).hasSize(16);

        Http.Response refused = Http.as(port, "acct.imported", initial).get("/api/v1/me/tasks");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.text()).contains("urn:kcyj:problem:password-change-required", "请先修改初始密码");
        assertThat(Http.as(port, "acct.imported", initial).withLanguage("en").get("/api/v1/reviews").text())
                .contains("password-change-required", "Change your initial password first");

        Portal portal = signIn("acct.imported", initial);
        Portal.Page inbox = portal.get("/portal/inbox");
        assertThat(inbox.status()).isEqualTo(302);
        assertThat(inbox.location()).endsWith("/portal/account");
        assertThat(portal.get("/portal/reviews").location()).endsWith("/portal/account");
        Portal.Page account = portal.get("/portal/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.html()).contains("must-change", "acct.imported");

        Portal.Page same = portal.submit("/portal/account/password", List.of(Map.entry("currentPassword", initial),
                Map.entry("newPassword", initial), Map.entry("confirmPassword", initial)));
        assertThat(same.status()).as("the initial password cannot be kept").isEqualTo(400);
        assertThat(same.html()).contains("新密码不能与当前密码相同");
        Portal.Page changed = portal.submit("/portal/account/password", List.of(Map.entry("currentPassword", initial),
                Map.entry("newPassword", STRONG), Map.entry("confirmPassword", STRONG)));
        assertThat(changed.status()).isEqualTo(302);
        assertThat(portal.get("/portal/inbox").status()).isEqualTo(200);
        assertThat(portal.get("/portal/account").html()).doesNotContain("must-change");
        assertThat(Http.as(port, "acct.imported", STRONG).get("/api/v1/me/tasks").status()).isEqualTo(200);
        assertThat(Http.as(port, "acct.imported", initial).get("/api/v1/me/tasks").status()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theInitialPasswordChangesThroughTheApiAndExpiresAfterSevenDays() {
        Api.Response created = Api.as(port, "manager1").put("/api/v1/experts/acct.api.expert", expert("acct.api.expert"));
        String initial = (String) created.json().get("initialPassword");
        assertThat(Http.as(port, "acct.api.expert", initial).post("/api/v1/me/password",
                Map.of("currentPassword", initial, "newPassword", STRONG)).status()).isEqualTo(204);
        assertThat(Http.as(port, "acct.api.expert", STRONG).get("/api/v1/me/tasks").status()).isEqualTo(200);

        Api.Response other = Api.as(port, "manager1").put("/api/v1/experts/acct.late.expert", expert("acct.late.expert"));
        String late = (String) other.json().get("initialPassword");
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(Http.as(port, "acct.late.expert", late).get("/api/v1/me/tasks").status()).isEqualTo(401);
        Portal portal = Portal.anonymous(port);
        portal.get("/login");
        Portal.Page after = portal.submit("/login", List.of(Map.entry("username", "acct.late.expert"),
                Map.entry("password", late)));
        assertThat(after.location()).contains("/login?error");
        assertThat(users.passwordState("acct.late.expert").orElseThrow().mustChange()).isTrue();
    }

    // ---- reset by mail -------------------------------------------------------------------------------------

    @Test
    void aResetLinkArrivesByMailWorksOnceAndVoidsTheOtherLinks() {
        String user = account("acct.reset");
        String address = user + "@accounts.example";
        String first = requestReset(user, address, 1);
        String second = requestReset(address.toUpperCase(java.util.Locale.ROOT), address, 2);   // by e-mail address
        assertThat(first).isNotEqualTo(second);
        Integer stored = jdbc.sql("select count(*) from app.account_token where token_hash = ? or token_hash = ?")
                .params(first, second).query(Integer.class).single();
        assertThat(stored).as("tokens are stored only as hashes").isZero();

        Portal browser = Portal.anonymous(port);
        assertThat(browser.get("/password/reset?token=" + second).html()).contains("name=\"newPassword\"");
        Portal.Page weak = browser.submit("/password/reset", List.of(Map.entry("token", second),
                Map.entry("newPassword", "password"), Map.entry("confirmPassword", "password")));
        assertThat(weak.status()).isEqualTo(400);
        Portal.Page done = browser.submit("/password/reset", List.of(Map.entry("token", second),
                Map.entry("newPassword", STRONG), Map.entry("confirmPassword", STRONG)));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/login?reset");
        assertThat(Http.as(port, user, STRONG).get("/api/v1/me/tasks").status()).isEqualTo(200);
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).isEqualTo(401);

        Portal again = Portal.anonymous(port);
        assertThat(again.get("/password/reset?token=" + second).html()).contains("token-invalid");
        again.get("/password/forgot");   // a page with a form, for the CSRF token a browser would hold
        Portal.Page reused = again.submit("/password/reset", List.of(Map.entry("token", second),
                Map.entry("newPassword", STRONGER), Map.entry("confirmPassword", STRONGER)));
        assertThat(reused.status()).as("a link works once").isEqualTo(400);
        Portal older = Portal.anonymous(port);
        assertThat(older.get("/password/reset?token=" + first).html()).contains("token-invalid");
        older.get("/password/forgot");
        assertThat(older.submit("/password/reset", List.of(Map.entry("token", first),
                Map.entry("newPassword", STRONGER), Map.entry("confirmPassword", STRONGER))).status())
                .as("the other link was voided").isEqualTo(400);
        assertThat(Http.as(port, user, STRONG).get("/api/v1/me/tasks").status()).isEqualTo(200);

        mail.flush();
        TestMailServer.awaitMessage(address, m -> m.subject().contains("密码已修改"), MAIL_WAIT);
        assertThat(audit.forSubject("USER-" + user)).extracting(AuditLog.Event::action)
                .containsExactly("PASSWORD_RESET_REQUESTED", "PASSWORD_RESET_REQUESTED", "PASSWORD_RESET");
        assertThat(audit.forSubject("USER-" + user)).allSatisfy(e -> assertThat(String.valueOf(e.detail()))
                .doesNotContain(first, second, STRONG));
    }

    @Test
    void anExpiredLinkIsRefused() {
        String user = account("acct.expired.link");
        String token = requestReset(user, user + "@accounts.example", 1);
        clock.advance(Duration.ofMinutes(31));
        Portal browser = Portal.anonymous(port);
        assertThat(browser.get("/password/reset?token=" + token).html()).contains("token-invalid");
        browser.get("/password/forgot");
        assertThat(browser.submit("/password/reset", List.of(Map.entry("token", token),
                Map.entry("newPassword", STRONG), Map.entry("confirmPassword", STRONG))).status()).isEqualTo(400);
        assertThat(Http.as(port, user, "demo").get("/api/v1/me/tasks").status()).isEqualTo(200);
    }

    @Test
    void anUnknownAccountGetsTheSameAnswerAndNoMail() {
        String known = account("acct.known");
        long before = outbox();
        Portal browser = Portal.anonymous(port);
        browser.get("/password/forgot");
        Portal.Page unknown = browser.submit("/password/forgot", List.of(Map.entry("identifier", "nobody.here@accounts.example")));
        assertThat(outbox()).as("nothing queued for an unknown account").isEqualTo(before);
        browser.get("/password/forgot");
        Portal.Page found = browser.submit("/password/forgot", List.of(Map.entry("identifier", known)));
        assertThat(outbox()).isEqualTo(before + 1);

        assertThat(unknown.status()).isEqualTo(found.status()).isEqualTo(200);
        assertThat(stripCsrf(unknown.html())).isEqualTo(stripCsrf(found.html()));
        mail.flush();
        TestMailServer.awaitMessagesTo(known + "@accounts.example", 1, MAIL_WAIT);
        assertThat(TestMailServer.messagesTo("nobody.here@accounts.example")).isEmpty();
    }

    @Test
    void resetRequestsArePerAccountThrottledWithoutSayingSo() {
        String user = account("acct.throttled");
        long before = outbox();
        for (int i = 0; i < 5; i++) {
            Portal browser = Portal.anonymous(port);
            browser.get("/password/forgot");
            assertThat(browser.submit("/password/forgot", List.of(Map.entry("identifier", user))).html())
                    .contains("reset-sent");
        }
        assertThat(outbox()).as("three links an hour per account").isEqualTo(before + 3);
    }

    // ---- changing one's e-mail address ---------------------------------------------------------------------

    @Test
    void aNewAddressTakesEffectOnlyWhenConfirmedFromIt() {
        String user = account("acct.email");
        String old = user + "@accounts.example";
        String fresh = "acct.email.new@accounts.example";
        Portal portal = signIn(user, "demo");
        portal.get("/portal/account");
        Portal.Page wrong = portal.submit("/portal/account/email", List.of(Map.entry("newEmail", fresh),
                Map.entry("currentPassword", "wrong")));
        assertThat(wrong.status()).isEqualTo(400);
        portal.get("/portal/account");
        Portal.Page asked = portal.submit("/portal/account/email", List.of(Map.entry("newEmail", fresh),
                Map.entry("currentPassword", "demo")));
        assertThat(asked.status()).isEqualTo(302);
        assertThat(users.require(user).email()).as("unchanged until confirmed").isEqualTo(old);
        assertThat(portal.get("/portal/account").html()).contains("pending-email", fresh);

        mail.flush();
        TestMailServer.Message confirmation = TestMailServer.awaitMessage(fresh, m -> m.body().contains("token="), MAIL_WAIT);
        TestMailServer.Message notice = TestMailServer.awaitMessage(old, m -> m.body().contains(fresh), MAIL_WAIT);
        assertThat(notice.body()).doesNotContain("token=");
        Matcher token = TOKEN.matcher(confirmation.body());
        assertThat(token.find()).isTrue();
        assertThat(confirmation.body()).contains("/account/email-confirmation?token=");

        Portal browser = Portal.anonymous(port);
        Portal.Page page = browser.get("/account/email-confirmation?token=" + token.group(1));
        assertThat(page.html()).contains(fresh);
        assertThat(users.require(user).email()).as("opening the link alone changes nothing").isEqualTo(old);
        Portal.Page confirmed = browser.submit("/account/email-confirmation", List.of(Map.entry("token", token.group(1))));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.html()).contains("email-confirmed");
        assertThat(users.require(user).email()).isEqualTo(fresh);
        Portal reuse = Portal.anonymous(port);
        assertThat(reuse.get("/account/email-confirmation?token=" + token.group(1)).html()).contains("token-invalid");
        reuse.get("/password/forgot");
        assertThat(reuse.submit("/account/email-confirmation", List.of(Map.entry("token", token.group(1)))).status())
                .isEqualTo(400);
        mail.flush();
        TestMailServer.awaitMessage(old, m -> m.subject().contains("已变更"), MAIL_WAIT);
        assertThat(audit.forSubject("USER-" + user)).extracting(AuditLog.Event::action)
                .containsExactly("EMAIL_CHANGE_REQUESTED", "EMAIL_CHANGED");
    }

    @Test
    void aManagerCannotRepointAnExpertsAddress() {
        users.createUser("acct.pool.expert", "demo", "库内专家", "acct.pool.expert@accounts.example", null, false,
                EnumSet.of(Role.REVIEWER));
        Map<String, Object> profile = expert("acct.pool.expert");
        assertThat(Api.as(port, "manager1").put("/api/v1/experts/acct.pool.expert", profile).status()).isEqualTo(200);

        profile.put("email", "manager.inbox@accounts.example");
        Api.Response api = Api.as(port, "manager1").put("/api/v1/experts/acct.pool.expert", profile);
        assertThat(api.status()).isEqualTo(409);
        assertThat(api.text()).contains("只能由专家本人在“我的账户”中修改");

        Portal portal = Portal.signIn(port, "manager1");
        portal.get("/portal/experts/acct.pool.expert");
        Portal.Page page = portal.submit("/portal/experts/acct.pool.expert/profile", List.of(
                Map.entry("name", "库内专家"), Map.entry("email", "manager.inbox@accounts.example"),
                Map.entry("disciplineCodes", "430"), Map.entry("available", "true")));
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.html()).contains("只能由专家本人在“我的账户”中修改");

        String csv = "username,name,email,discipline_codes\r\nacct.pool.expert,库内专家,manager.inbox@accounts.example,430\r\n";
        Api.Response imported = Api.as(port, "manager1").upload("/api/v1/experts/import", "experts.csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).isEqualTo(400);
        assertThat(imported.text()).contains("\"column\":\"email\"", "只能由专家本人");
        assertThat(users.require("acct.pool.expert").email()).isEqualTo("acct.pool.expert@accounts.example");

        profile.put("email", " ACCT.POOL.EXPERT@accounts.example ");
        profile.put("title", "研究员");
        assertThat(Api.as(port, "manager1").put("/api/v1/experts/acct.pool.expert", profile).status())
                .as("the same address in another case is no change").isEqualTo(200);
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    @Test
    void otherSessionsEndWhenThePasswordChanges() {
        String user = account("acct.sessions");
        Portal here = signIn(user, "demo");
        Portal elsewhere = signIn(user, "demo");
        assertThat(elsewhere.get("/portal/inbox").status()).isEqualTo(200);

        here.get("/portal/account");
        assertThat(here.submit("/portal/account/password", List.of(Map.entry("currentPassword", "demo"),
                Map.entry("newPassword", STRONG), Map.entry("confirmPassword", STRONG))).status()).isEqualTo(302);

        assertThat(here.get("/portal/inbox").status()).as("the session that changed it stays").isEqualTo(200);
        Portal.Page ended = elsewhere.get("/portal/inbox");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).contains("/login?expired");
        assertThat(elsewhere.get("/portal/inbox").location()).endsWith("/login");

        // a reset ends every session, the one that was signed in included
        String token = requestReset(user, user + "@accounts.example", 1);
        Portal browser = Portal.anonymous(port);
        browser.get("/password/reset?token=" + token);
        browser.submit("/password/reset", List.of(Map.entry("token", token), Map.entry("newPassword", STRONGER),
                Map.entry("confirmPassword", STRONGER)));
        assertThat(here.get("/portal/inbox").location()).contains("/login?expired");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** An account with the demo password and its own address (not an initial password). */
    private String account(String username) {
        users.createUser(username, "demo", "账户测试 " + username, username + "@accounts.example", null, false,
                EnumSet.of(Role.APPLICANT));
        return username;
    }

    private static Map<String, Object> expert(String username) {
        Map<String, Object> profile = new java.util.HashMap<>();
        profile.put("name", "专家 " + username);
        profile.put("email", username + "@accounts.example");
        profile.put("disciplineCodes", List.of("430"));
        return profile;
    }

    /** Asks for a reset link as an anonymous visitor and returns the token of the {@code nth} mail to the address. */
    private String requestReset(String identifier, String address, int nth) {
        Portal browser = Portal.anonymous(port);
        browser.get("/password/forgot");
        Portal.Page answer = browser.submit("/password/forgot", List.of(Map.entry("identifier", identifier)));
        assertThat(answer.html()).contains("reset-sent");
        mail.flush();
        List<TestMailServer.Message> mails = TestMailServer.awaitMessagesTo(address, nth, MAIL_WAIT).stream()
                .filter(m -> m.body().contains("/password/reset?token=")).toList();
        assertThat(mails).hasSizeGreaterThanOrEqualTo(nth);
        Matcher token = TOKEN.matcher(mails.get(nth - 1).body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private Portal signIn(String user, String password) {
        Portal portal = Portal.anonymous(port);
        portal.get("/login");
        Portal.Page after = portal.submit("/login", List.of(Map.entry("username", user), Map.entry("password", password)));
        assertThat(after.location()).as("sign-in of " + user).doesNotContain("error");
        return portal;
    }

    private long outbox() {
        return jdbc.sql("select count(*) from app.mail_outbox").query(Long.class).single();
    }

    private static String stripCsrf(String html) {
        return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
    }

    /** Requests with HTTP Basic and any password (the shared test client always sends "demo"). */
    static final class Http {
        private final RestClient client;
        private final String authorization;
        private String language = "zh-CN";

        private Http(int port, String user, String password) {
            this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        static Http as(int port, String user, String password) {
            return new Http(port, user, password);
        }

        Http withLanguage(String language) {
            this.language = language;
            return this;
        }

        record Response(int status, String contentType, String text) {
        }

        Response get(String path) {
            return exchange(HttpMethod.GET, path, null);
        }

        Response post(String path, Object body) {
            return exchange(HttpMethod.POST, path, body);
        }

        private Response exchange(HttpMethod method, String path, Object body) {
            RestClient.RequestBodySpec spec = client.method(method).uri(path).headers(h -> {
                h.set(HttpHeaders.AUTHORIZATION, authorization);
                h.set(HttpHeaders.ACCEPT_LANGUAGE, language);
                h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
            });
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
                    String.valueOf(response.getHeaders().getContentType()),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
    }
}
