package org.kcyj.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.support.ProductionLikeTest;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A new installation onboarded in the browser, as README's production section tells it: the product starts with
 * its administrator only (no demo profile). The administrator sets up a 专项 and the bureau's staff; a research
 * office registers its unit, which the administrator approves; a researcher registers, asks to join it and is
 * confirmed; the staff change their initial passwords, publish a call, and the researcher submits a proposal for
 * the new unit. The mailed links are read from the outbox, where the product queues them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false", "kcyj.registration.per-address=100000",
                "camunda.bpm.admin-user.id=" + ProductionLikeTest.ADMIN,
                "camunda.bpm.admin-user.password=" + ProductionLikeTest.ADMIN_PASSWORD,
                "kcyj.data-key=" + ProductionLikeTest.DATA_KEY, "kcyj.timers.fire-early=true"})
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
@Tag("browser")
class BrowserOnboardingTest {
    private static final Pattern LINK = Pattern.compile("/register/verify\\?token=([A-Za-z0-9_-]+)");
    private static final String PASSWORD = "Onboarded-in-the-browser-42";
    private static Browser b;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() throws Exception {
        b = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void port() {
        b.at(port);
    }

    @Test
    void anEmptyProductOnboardsAUnitAndItsResearcherWhoSubmitsAProposal() throws Exception {
        String unitCode = CreditCode.withCheckCharacter("12330200MB0000077");

        // The administrator sets up the first 专项 and the bureau's staff.
        b.signIn(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD, "/portal/inbox");
        b.open("/portal/programmes");
        b.shows("还没有专项");
        b.type("code", "XCL");
        b.type("name", "新材料");
        b.press(By.cssSelector("form.new-programme button[type=submit]"));
        b.shows("专项已设立");
        staff("mgr", "项目主管（浏览器）", "PROGRAM_MANAGER", "XCL");
        staff("dir", "分管领导（浏览器）", "DIRECTOR", null);
        b.screenshot("20-staff-created");
        b.signOut();

        // The research office's administrator registers, confirms the address, and registers the unit.
        register("office", "科研院管理员", "33020319750505001", "副研究员");
        b.signIn("office", PASSWORD, "/portal/inbox");
        b.open("/portal/my-unit");
        b.type("name", "甬江浏览器大学");
        new Select(b.find(By.name("type"))).selectByValue("UNIVERSITY");
        b.type("creditCode", unitCode);
        b.type("district", "鄞州区");
        b.type("address", "宁波市鄞州区浏览器路 1 号");
        new Select(b.find(By.name("localRegistered"))).selectByValue("true");
        b.type("contactName", "科研院 王老师");
        b.type("contactPhone", "0574-87000009");
        b.type("contactEmail", "office@unit.example");
        b.screenshot("21-register-unit");
        b.press(By.cssSelector("form[action='/portal/my-unit/units'] button[type=submit]"));
        b.shows("单位注册已提交");
        b.signOut();

        b.signIn(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD, "/portal/inbox");
        b.open("/portal/admin/units");
        b.shows("甬江浏览器大学", unitCode);
        b.screenshot("22-bureau-units");
        b.press(By.cssSelector("button.approve"));
        b.shows("单位注册已通过");
        b.signOut();

        // A researcher registers and asks to join; the unit's administrator confirms them.
        register("zhao", "赵研究员", "33020319860606001", "研究员");
        b.signIn("zhao", PASSWORD, "/portal/inbox");
        b.open("/portal/my-unit?q=" + java.net.URLEncoder.encode("浏览器", java.nio.charset.StandardCharsets.UTF_8));
        new Select(b.find(By.cssSelector("form[action='/portal/my-unit/requests'] select[name=role]"))).selectByValue("APPLICANT");
        b.press(By.cssSelector("form[action='/portal/my-unit/requests'] button[type=submit]"));
        b.shows("申请已提交");
        b.signOut();

        b.signIn("office", PASSWORD, "/portal/inbox");
        b.open("/portal/unit/members");
        b.shows("赵研究员");
        b.screenshot("23-unit-members");
        b.press(By.cssSelector("button.confirm"));
        b.shows("已确认");
        b.signOut();

        // The staff change their initial passwords; the manager publishes a call, the director approves its guide.
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);
        firstSignIn("mgr");
        b.open("/portal/calls");
        new Select(b.find(By.name("programmeCode"))).selectByValue("XCL");
        b.type("title", "新装系统的第一个批次");
        b.type("callYear", String.valueOf(now.getYear()));
        b.type("budget", "2000");
        b.setValue(b.find(By.name("opensAt")), now.plusDays(31).toString());
        b.setValue(b.find(By.name("applicationDeadline")), now.plusDays(60).toString());
        b.press(By.cssSelector("form[action='/portal/calls'] button[type=submit]"));
        b.shows("批次已创建");
        String call = b.driver.getCurrentUrl().replaceAll(".*/portal/calls/(\\d+).*", "$1");
        b.press(By.linkText("新增指南方向"));
        b.type("code", "01");
        b.type("title", "先进结构材料");
        b.type("description", "轻量化高强度结构材料及其工程应用。");
        b.type("indicators", "抗拉强度 ≥ 1500 MPa");
        b.type("maxBudget", "500");
        b.type("expectedProjects", "3");
        b.press(By.cssSelector("#topic-form button[type=submit]"));
        b.shows("指南方向已保存");
        b.openTask("Draft guide");
        b.type("intro", "本指南面向新材料领域，公开征集重大专项项目。");
        b.type("contacts", "项目主管处室 0574-00000000");
        b.press(By.cssSelector("#guide-form button[type=submit]"));
        b.shows("指南已提交分管领导审批");
        b.signOut();

        firstSignIn("dir");
        b.openTask("Approve guide");
        b.press(By.cssSelector("input[name=decision][value=APPROVE]"));
        b.press(By.cssSelector("#approval-form button[type=submit]"));
        b.shows("已同意，指南已发布");
        b.signOut();

        b.signIn(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD, "/portal/inbox");
        b.open("/portal/admin/timers");
        b.press(By.xpath("//tr[td[text()='CALL-" + call + "'] and td[text()='Event_WindowOpens']]//button"));
        b.shows("定时器已触发");
        b.signOut();

        // The researcher applies for the new unit and submits.
        b.signIn("zhao", PASSWORD, "/portal/inbox");
        b.open("/portal/calls");
        b.press(By.xpath("//tr[td[text()='新装系统的第一个批次']]//button"));
        b.waitForUrl("/portal/proposals/");
        String number = b.find(By.cssSelector("dl dd")).getText();
        assertThat(number).matches("KCYJ\\d{4}-XCL-\\d{4}");
        b.find(By.partialLinkText("Draft and submit proposal")).click();
        b.fillApplication(org.kcyj.support.Applications.titled(0, "新单位的第一份申报"));
        b.press(By.cssSelector("#task-form button[value=complete]"));
        b.waitForUrl("/portal/inbox");
        b.open("/portal/proposals/" + number);
        b.shows("已提交", number + "-SBS-1");
        b.screenshot("24-first-proposal-submitted");
        assertThat(jdbc.sql("select u.name from app.proposal p join app.unit u on u.id = p.unit_id where p.number = ?")
                .param(number).query(String.class).single()).isEqualTo("甬江浏览器大学");
        b.signOut();
    }

    /** The administrator creates a staff account on the new-staff page. */
    private void staff(String username, String name, String role, String programme) {
        b.open("/portal/admin/staff/new");
        b.type("username", username);
        b.type("displayName", name);
        b.type("email", username + "@bureau.example");
        b.press(By.id("role-" + role));
        if (programme != null) {
            b.press(By.id("prog-" + programme));
        }
        b.type("initialPassword", initialPassword(username));
        b.type("reason", "新系统上线");
        b.press(By.cssSelector("form.staff-form button[type=submit]"));
        b.shows("工作人员账户已创建");
    }

    private static String initialPassword(String username) {
        return "Initial-passphrase-for-" + username;
    }

    /** A staff member's first sign-in: the account page asks for a new password before anything else. */
    private void firstSignIn(String username) {
        b.signIn(username, initialPassword(username), "/portal/account");
        b.type("currentPassword", initialPassword(username));
        b.type("newPassword", PASSWORD);
        b.type("confirmPassword", PASSWORD);
        b.press(By.cssSelector("form.password-form button[type=submit]"));
        b.shows("密码已修改");
    }

    /** A person registers at /register and confirms the address with the mailed link. */
    private void register(String username, String name, String idPrefix, String title) throws Exception {
        b.open("/register");
        b.type("username", username);
        b.type("displayName", name);
        b.type("email", username + "@research.example");
        b.type("phone", "13800000000");
        new Select(b.find(By.name("idType"))).selectByValue("RESIDENT_ID");
        b.type("idNumber", ResidentIdNumber.withCheckDigit(idPrefix));
        b.type("title", title);
        new Select(b.find(By.name("degree"))).selectByValue("DOCTORATE");
        b.type("disciplineCodes", "430");
        b.type("newPassword", PASSWORD);
        b.type("confirmPassword", PASSWORD);
        b.press(By.id("consent"));
        b.press(By.cssSelector("form.registration-form button[type=submit]"));
        b.shows("请查收邮件");
        String mail = jdbc.sql("select body from app.mail_outbox where recipient = ? order by id desc fetch first 1 rows only")
                .param(username + "@research.example").query(String.class).single();
        Matcher link = LINK.matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        b.open("/register/verify?token=" + link.group(1));
        b.press(By.cssSelector("form[action='/register/verify'] button[type=submit]"));
        b.shows(username);
    }
}
