package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pages of accounts and organisations, clicked through as people would: a researcher registers, confirms the
 * mailed link, asks to join the demo university and its administrator confirms them; a unit registered on the page
 * is returned, corrected and approved by the bureau; an administrator creates a staff account; a person erases
 * their data. Every page in both languages, without a missing message.
 */
@IntegrationTest
public class OnboardingPagesTest {
    private static final String PASSWORD = "Yongjiang-Pages-2035";
    private static final String DEMO_UNIVERSITY = "宁波甬江示范大学";

    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher mail;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;

    record Person(String username, String email, String idNumber) {
    }

    @Test
    void aResearcherRegistersConfirmsJoinsTheDemoUniversityAndItsAdministratorConfirms() {
        Portal anonymous = Portal.anonymous(port);
        Person person = registered(anonymous);
        assertThat(users.emailVerified(person.username())).isTrue();

        Portal researcher = signIn(person.username(), PASSWORD);
        long university = users.unitByName(DEMO_UNIVERSITY).orElseThrow();
        Portal.Page search = researcher.get("/portal/my-unit?q=" + URLEncoder.encode("甬江示范", StandardCharsets.UTF_8));
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.html()).contains(DEMO_UNIVERSITY).contains("name=\"unitId\" value=\"" + university + "\"");
        Portal.Page requested = researcher.submitAndFollow("/portal/my-unit/requests",
                List.of(Map.entry("unitId", String.valueOf(university)), Map.entry("role", "APPLICANT")));
        assertThat(requested.html()).contains("data-status=\"REQUESTED\"").contains(DEMO_UNIVERSITY);

        Portal administrator = Portal.signIn(port, "unitadmin1");
        Portal.Page members = administrator.get("/portal/unit/members?status=REQUESTED");
        assertThat(members.status()).isEqualTo(200);
        String row = row(members.html(), person.username());
        String masked = IdType.RESIDENT_ID.mask(person.idNumber());
        assertThat(row).contains(masked).doesNotContain(person.idNumber()).doesNotContain(person.email());
        Matcher confirm = Pattern.compile("/portal/unit/members/(\\d+)/confirmation").matcher(row);
        assertThat(confirm.find()).isTrue();
        // a reason is needed to refuse: the page says so and nothing changes
        Portal.Page noReason = administrator.submit("/portal/unit/members/" + confirm.group(1) + "/refusal",
                List.of(Map.entry("reason", " ")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.html()).contains("is-invalid");
        Portal.Page confirmed = administrator.submitAndFollow("/portal/unit/members/" + confirm.group(1) + "/confirmation",
                List.of());
        assertThat(row(confirmed.html(), person.username())).contains("data-status=\"CONFIRMED\"");

        // the confirmation changed the person's roles: they sign in again and see it
        Portal again = signIn(person.username(), PASSWORD);
        Portal.Page mine = again.get("/portal/my-unit");
        assertThat(mine.html()).contains("data-status=\"CONFIRMED\"").contains(DEMO_UNIVERSITY);
        Portal.Page account = again.get("/portal/account");
        assertThat(account.html()).contains(masked).doesNotContain(person.idNumber()).contains(DEMO_UNIVERSITY);
        assertThat(users.rolesOf(person.username())).contains(Role.APPLICANT);

        // another unit's people are not this administrator's: 404
        long institute = users.unitByName("甬江新材料研究院").orElseThrow();
        String other = "pages-other-" + suffix();
        users.createUser(other, "demo", "其他单位人员", other + "@pages.example", null, false, java.util.Set.of());
        jdbc.sql("update app.app_user set email_verified_at = ? where username = ?")
                .params(Timestamp.from(Instant.now()), other).update();
        jdbc.sql("insert into app.affiliation (username, unit_id, role, status, requested_by, requested_at) values (?, ?, 'APPLICANT', 'REQUESTED', ?, ?)")
                .params(other, institute, other, Timestamp.from(Instant.now())).update();
        long foreign = jdbc.sql("select max(id) from app.affiliation where username = ?").param(other).query(Long.class).single();
        administrator.get("/portal/unit/members");
        assertThat(administrator.submit("/portal/unit/members/" + foreign + "/confirmation", List.of()).status()).isEqualTo(404);

        // the administrator names the new member an administrator too; the bureau confirms it on its units page
        administrator.get("/portal/unit/members");
        Portal.Page nominated = administrator.submitAndFollow("/portal/unit/members/administrators",
                List.of(Map.entry("username", person.username())));
        assertThat(nominated.html()).contains("已提交，等待科技局确认");
        Portal admin = Portal.signIn(port, "admin");
        Portal.Page nominations = admin.get("/portal/admin/units");
        Matcher nomination = Pattern.compile("data-username=\"" + Pattern.quote(person.username())
                + "\".*?/portal/admin/nominations/(\\d+)/confirmation", Pattern.DOTALL).matcher(nominations.html());
        assertThat(nomination.find()).isTrue();
        admin.submitAndFollow("/portal/admin/nominations/" + nomination.group(1) + "/confirmation", List.of());
        assertThat(users.rolesOf(person.username())).contains(Role.APPLICANT, Role.UNIT_ADMIN);

        // the person asks to join another unit and thinks better of it; then leaves as an applicant, with a reason
        Portal member = signIn(person.username(), PASSWORD);
        member.get("/portal/my-unit");
        Portal.Page asked = member.submitAndFollow("/portal/my-unit/requests",
                List.of(Map.entry("unitId", String.valueOf(institute)), Map.entry("role", "APPLICANT")));
        Matcher withdrawal = Pattern.compile("/portal/my-unit/requests/(\\d+)/withdrawal").matcher(asked.html());
        assertThat(withdrawal.find()).isTrue();
        Portal.Page withdrawn = member.submitAndFollow(withdrawal.group(), List.of());
        assertThat(withdrawn.html()).contains("data-status=\"WITHDRAWN\"");
        long applicantRow = jdbc.sql("select id from app.affiliation where username = ? and role = 'APPLICANT' and status = 'CONFIRMED'")
                .param(person.username()).query(Long.class).single();
        Portal.Page leavingWithoutReason = member.submit("/portal/my-unit/affiliations/" + applicantRow + "/end", List.of(Map.entry("reason", "")));
        assertThat(leavingWithoutReason.status()).isEqualTo(400);
        assertThat(member.submit("/portal/my-unit/affiliations/" + applicantRow + "/end",
                List.of(Map.entry("reason", "只做单位管理"))).status()).isEqualTo(302);
        // leaving changed the person's roles: their sessions end, and signed in again they see it
        Portal.Page left = signIn(person.username(), PASSWORD).get("/portal/my-unit");
        assertThat(left.html()).contains("data-status=\"ENDED\"").contains("只做单位管理");
        assertThat(users.rolesOf(person.username())).doesNotContain(Role.APPLICANT).contains(Role.UNIT_ADMIN);
    }

    @Test
    void aFieldErrorShowsTheFormAgainWithTheValuesAndTheMessageButNeverThePassword() {
        Portal anonymous = Portal.anonymous(port);
        anonymous.get("/register");
        List<Map.Entry<String, String>> fields = new ArrayList<>(form("pages-typo", "not-an-address", "33020319880611003"));
        fields.removeIf(e -> e.getKey().equals("consent"));
        Portal.Page refused = anonymous.submit("/register", fields);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html()).contains("value=\"pages-typo\"").contains("value=\"not-an-address\"")
                .contains("电子邮箱格式不正确").contains("须阅读并同意隐私声明").doesNotContain(PASSWORD);

        Portal english = Portal.anonymous(port);
        english.get("/register?lang=en");
        Portal.Page mismatch = english.submit("/register", form("pages-typo-en", "typo@pages.example", "33020319880611003")
                .stream().map(e -> e.getKey().equals("confirmPassword") ? Map.entry(e.getKey(), "something else entirely")
                        : e).toList());
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.html()).contains("value=\"typo@pages.example\"").doesNotContain(PASSWORD)
                .doesNotContain("something else entirely").contains("lang=en").doesNotContain("??");
        assertThat(TestMailServer.messagesTo("typo@pages.example")).isEmpty();
    }

    @Test
    void aUnitRegisteredOnThePageIsReturnedCorrectedAndApprovedByTheBureau() {
        Person person = registered(Portal.anonymous(port));
        Portal registrant = signIn(person.username(), PASSWORD);
        registrant.get("/portal/my-unit");
        String code = CreditCode.withCheckCharacter("91330200MA" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000)));
        String name = "页面注册测试公司" + suffix();
        Portal.Page registeredUnit = registrant.submitAndFollow("/portal/my-unit/units", unit(name, code, "北仑区"));
        assertThat(registeredUnit.html()).contains(name).contains("data-status=\"PENDING\"");
        long id = jdbc.sql("select id from app.unit where credit_code = ?").param(code).query(Long.class).single();

        Portal admin = Portal.signIn(port, "admin");
        Portal.Page pending = admin.get("/portal/admin/units?status=PENDING&q=" + code);
        assertThat(pending.html()).contains(name).contains("/portal/admin/units/" + id + "/approval");
        Portal.Page noReason = admin.submit("/portal/admin/units/" + id + "/return", List.of(Map.entry("reason", "")));
        assertThat(noReason.status()).isEqualTo(400);
        admin.get("/portal/admin/units");
        admin.submitAndFollow("/portal/admin/units/" + id + "/return", List.of(Map.entry("reason", "地址请写到门牌号")));

        Portal.Page returned = registrant.get("/portal/my-unit");
        assertThat(returned.html()).contains("data-status=\"RETURNED\"").contains("地址请写到门牌号")
                .contains("/portal/my-unit/units/" + id);
        Portal.Page resubmitted = registrant.submitAndFollow("/portal/my-unit/units/" + id, unit(name, code, "北仑区"));
        assertThat(resubmitted.html()).contains("data-status=\"PENDING\"");

        admin.get("/portal/admin/units?status=PENDING");
        Portal.Page approved = admin.submitAndFollow("/portal/admin/units/" + id + "/approval", List.of());
        assertThat(approved.status()).isEqualTo(200);
        assertThat(users.rolesOf(person.username())).contains(Role.UNIT_ADMIN);
        Portal unitAdmin = signIn(person.username(), PASSWORD);
        assertThat(unitAdmin.get("/portal/my-unit").html()).contains("data-status=\"APPROVED\"");
        assertThat(unitAdmin.get("/portal/unit/members").html()).contains(name);
    }

    @Test
    void anAdministratorCreatesAStaffAccountOnThePage() {
        Portal admin = Portal.signIn(port, "admin");
        String username = "pages-staff-" + suffix();
        admin.get("/portal/admin/staff/new");
        List<Map.Entry<String, String>> fields = List.of(Map.entry("username", username), Map.entry("displayName", "页面新建主管"),
                Map.entry("email", username + "@pages.example"), Map.entry("roles", "PROGRAM_MANAGER"),
                Map.entry("programmeCodes", "XCL"), Map.entry("initialPassword", "Handed-Over-Once-2035"),
                Map.entry("reason", "新任新材料专项主管"));
        Portal.Page noReason = admin.submit("/portal/admin/staff/new", fields.stream()
                .map(e -> e.getKey().equals("reason") ? Map.entry("reason", "") : e).toList());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.html()).contains("value=\"" + username + "\"").doesNotContain("Handed-Over-Once-2035");
        Portal.Page created = admin.submitAndFollow("/portal/admin/staff/new", fields);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.html()).contains("initial-password-note").contains("data-role=\"PROGRAM_MANAGER\"")
                .contains("XCL").contains("STAFF_CREATED").contains("新任新材料专项主管");
        assertThat(admin.get("/portal/admin/people?q=" + username).html()).contains("/portal/admin/people/" + username);

        Portal.Page deactivated = admin.submitAndFollow("/portal/admin/people/" + username + "/deactivation",
                List.of(Map.entry("reason", "调离")));
        assertThat(deactivated.html()).contains("ACCOUNT_DEACTIVATED").contains("调离");
        assertThat(users.enabled(username)).isFalse();
    }

    @Test
    void erasureOnTheAccountPageEndsTheSessionAndSaysWhatWasKept() {
        Person person = registered(Portal.anonymous(port));
        Portal portal = signIn(person.username(), PASSWORD);
        Portal.Page account = portal.get("/portal/account");
        assertThat(account.html()).contains(IdType.RESIDENT_ID.mask(person.idNumber())).contains("/api/v1/me/data");
        assertThat(portal.get("/api/v1/me/data").html()).contains(person.idNumber());

        portal.get("/portal/account");
        Portal.Page unconfirmed = portal.submit("/portal/account/erasure", List.of(Map.entry("currentPassword", PASSWORD)));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.html()).contains("请勾选确认后再注销");
        assertThat(users.enabled(person.username())).isTrue();

        Portal.Page erased = portal.submit("/portal/account/erasure",
                List.of(Map.entry("currentPassword", PASSWORD), Map.entry("confirmErasure", "true")));
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.html()).contains("erasure-done").contains("证件号码").contains("账户名作为假名保留")
                .contains("审计日志是依法保存的操作记录").doesNotContain("??");
        assertThat(portal.get("/portal/account").status()).isEqualTo(302);
        assertThat(users.enabled(person.username())).isFalse();
    }

    @Test
    void everyNewPageRendersInBothLanguagesWithoutAMissingMessage() {
        Map<String, List<String>> pages = Map.of(
                "admin", List.of("/portal/admin/units", "/portal/admin/people", "/portal/admin/people/applicant1",
                        "/portal/admin/people/admin", "/portal/admin/staff/new", "/portal/account"),
                "applicant1", List.of("/portal/my-unit", "/portal/account"),
                "unitadmin1", List.of("/portal/unit/members", "/portal/my-unit"));
        List<String> problems = new ArrayList<>();
        for (String lang : List.of("zh_CN", "en")) {
            for (var entry : pages.entrySet()) {
                Portal portal = Portal.signIn(port, entry.getKey());
                portal.get("/portal/account?lang=" + lang);
                for (String path : entry.getValue()) {
                    check(problems, lang + " " + entry.getKey(), path, portal.get(path));
                }
            }
            Portal anonymous = Portal.anonymous(port);
            anonymous.get("/?lang=" + lang);
            for (String path : List.of("/", "/login", "/register", "/privacy", "/register/verify?token=no-such-token")) {
                check(problems, lang + " anonymous", path, anonymous.get(path));
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String who, String path, Portal.Page page) {
        if (page.status() != 200) {
            problems.add(who + " " + path + ": " + page.status());
        } else if (page.html().contains("??")) {
            int at = page.html().indexOf("??");
            problems.add(who + " " + path + ": missing message near "
                    + page.html().substring(Math.max(0, at - 60), Math.min(page.html().length(), at + 60)));
        }
    }


    /** Registers a new person on the page and confirms the mailed link on its page. */
    private Person registered(Portal anonymous) {
        String username = "pages-" + suffix();
        String email = username + "@pages.example";
        String id = ResidentIdNumber.withCheckDigit("330203" + "1988" + "0611" + String.format("%03d",
                ThreadLocalRandom.current().nextInt(1000)));
        anonymous.get("/register");
        Portal.Page sent = anonymous.submit("/register", form(username, email, id));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.html()).contains("registration-sent").doesNotContain(PASSWORD);
        mail.flush();
        TestMailServer.Message message = TestMailServer.awaitMessage(email, m -> m.body().contains("/register/verify?token="),
                Duration.ofSeconds(20));
        Matcher token = Pattern.compile("/register/verify\\?token=([A-Za-z0-9_-]+)").matcher(message.body());
        assertThat(token.find()).isTrue();

        // opening the link (as a mail scanner would) confirms nothing: the page asks
        Portal.Page confirmPage = anonymous.get("/register/verify?token=" + token.group(1));
        assertThat(confirmPage.status()).isEqualTo(200);
        assertThat(confirmPage.html()).contains(username).contains("name=\"token\"");
        assertThat(users.emailVerified(username)).isFalse();
        Portal.Page verified = anonymous.submit("/register/verify", List.of(Map.entry("token", token.group(1))));
        assertThat(verified.html()).contains("registration-verified").contains(username).contains("href=\"/login\"");
        return new Person(username, email, id);
    }

    private static List<Map.Entry<String, String>> form(String username, String email, String idNumber) {
        return List.of(Map.entry("username", username), Map.entry("displayName", "页面测试研究员"),
                Map.entry("email", email), Map.entry("phone", "0574-87000000"), Map.entry("idType", "RESIDENT_ID"),
                Map.entry("idNumber", idNumber), Map.entry("title", "副研究员"), Map.entry("degree", "DOCTORATE"),
                Map.entry("disciplineCodes", "430, 43015"), Map.entry("newPassword", PASSWORD),
                Map.entry("confirmPassword", PASSWORD), Map.entry("consent", "true"));
    }

    private static List<Map.Entry<String, String>> unit(String name, String code, String district) {
        return List.of(Map.entry("name", name), Map.entry("creditCode", code), Map.entry("type", "ENTERPRISE"),
                Map.entry("address", "宁波市北仑区新碶街道 1 号"), Map.entry("district", district),
                Map.entry("localRegistered", "true"), Map.entry("contactName", "王联系"),
                Map.entry("contactPhone", "0574-86000000"), Map.entry("contactEmail", "contact@pages.example"),
                Map.entry("administrators", ""));
    }

    private Portal signIn(String username, String password) {
        Portal portal = Portal.anonymous(port);
        portal.get("/login");
        Portal.Page after = portal.submit("/login", List.of(Map.entry("username", username), Map.entry("password", password)));
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).doesNotContain("error");
        return portal;
    }

    /** The table row of a person on the members page. */
    private static String row(String html, String username) {
        Matcher m = Pattern.compile("<tr[^>]*data-username=\"" + Pattern.quote(username) + "\".*?</tr>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a row of " + username).isTrue();
        return m.group();
    }

    private static String suffix() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
