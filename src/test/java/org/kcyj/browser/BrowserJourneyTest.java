package org.kcyj.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The portal in a real browser (Debian's headless Chromium): a call is created, given a topic and a
 * guide that the director approves, its window is opened by the administrator; a
 * proposal is drafted, refused with its field errors, submitted and endorsed, and the language
 * switches. Screenshots of each page are written to target/screenshots/ for a person to look at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles("demo")
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
@Tag("browser")
class BrowserJourneyTest {
    private static Browser b;
    private static WebDriver browser;

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() throws Exception {
        b = Browser.start();
        browser = b.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (b != null) {
            b.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void port() {
        b.at(port);
    }

    @Test
    void aCallIsPublishedAndAProposalSubmittedAndEndorsedInTheBrowser() throws Exception {
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);

        signIn("manager1");
        b.open("/portal/calls");
        new Select(browser.findElement(By.name("programmeCode"))).selectByValue("XCL");
        browser.findElement(By.name("title")).sendKeys("浏览器演示批次");
        browser.findElement(By.name("callYear")).sendKeys(String.valueOf(java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue()));
        browser.findElement(By.name("budget")).sendKeys("2000");
        b.setValue(browser.findElement(By.name("opensAt")), now.plusDays(31).toString());
        b.setValue(browser.findElement(By.name("applicationDeadline")), now.plusDays(60).toString());
        b.screenshot("01-create-call");
        b.press(By.cssSelector("form[action='/portal/calls'] button[type=submit]"));
        b.shows("批次已创建");
        String call = browser.getCurrentUrl().replaceAll(".*/portal/calls/(\\d+).*", "$1");
        b.press(By.linkText("新增指南方向"));
        browser.findElement(By.name("code")).sendKeys("01");
        browser.findElement(By.name("title")).sendKeys("先进结构材料");
        browser.findElement(By.name("description")).sendKeys("轻量化高强度结构材料及其工程应用。");
        browser.findElement(By.name("indicators")).sendKeys("抗拉强度 ≥ 1500 MPa");
        browser.findElement(By.name("maxBudget")).sendKeys("500");
        browser.findElement(By.name("expectedProjects")).sendKeys("3");
        b.screenshot("02-call-topic");
        b.press(By.cssSelector("#topic-form button[type=submit]"));
        b.shows("指南方向已保存", "先进结构材料");
        b.openTask("Draft guide");
        browser.findElement(By.name("intro")).sendKeys("本指南面向新材料领域，公开征集重大专项项目。");
        browser.findElement(By.name("contacts")).sendKeys("项目主管处室 0574-00000000");
        b.screenshot("02-call-guide");
        b.press(By.cssSelector("#guide-form button[type=submit]"));
        b.shows("指南已提交分管领导审批");
        b.signOut();

        signIn("director");
        b.openTask("Approve guide");
        b.shows("以下为发布后的指南内容", "先进结构材料");
        b.press(By.cssSelector("input[name=decision][value=APPROVE]"));
        b.screenshot("02-approve-guide");
        b.press(By.cssSelector("#approval-form button[type=submit]"));
        b.shows("已同意，指南已发布");
        b.signOut();

        signIn("admin");
        b.open("/portal/admin/timers");
        b.press(By.xpath("//tr[td[text()='CALL-" + call + "'] and td[text()='Event_WindowOpens']]//button"));
        b.shows("定时器已触发");
        b.signOut();

        signIn("applicant1");
        b.open("/portal/calls");
        browser.findElement(By.xpath("//tr[td[text()='浏览器演示批次']]//button")).click();
        b.waitForUrl("/portal/proposals/");
        String number = browser.findElement(By.cssSelector("dl dd")).getText();
        assertThat(number).matches("KCYJ\\d{4}-XCL-\\d{4}");
        browser.findElement(By.partialLinkText("Draft and submit proposal")).click();
        browser.findElement(By.name("title")).sendKeys("浏览器中的申报");
        b.press(By.cssSelector("#task-form button[value=complete]"));
        b.shows("提交的内容有误", "必填");
        assertThat(browser.findElements(By.cssSelector(".is-invalid"))).hasSizeGreaterThanOrEqualTo(3);
        b.screenshot("03-proposal-errors");
        b.fillApplication(org.kcyj.support.Applications.titled(0, "浏览器中的申报"));
        b.screenshot("03b-proposal-filled");
        completeTask();
        b.open("/portal/proposals/" + number);
        b.shows("已提交", number + "-SBS-1");
        b.screenshot("04-proposal-submitted");
        b.signOut();

        signIn("unitadmin1");
        b.openTask("Unit endorsement");
        browser.findElement(By.cssSelector("input[name=decision][value=ENDORSE]")).click();
        b.screenshot("05-endorsement");
        completeTask();
        b.open("/portal/proposals/" + number);
        b.shows("单位已推荐");
        browser.findElement(By.linkText("English")).click();
        b.waitForUrl("lang=en");
        b.shows("Endorsed by unit", "My tasks");
        b.screenshot("06-english");
        browser.findElement(By.linkText("中文")).click();
        b.waitForUrl("lang=zh");
        b.signOut();

        // Peer review: the manager passes the formal check, draws the call's reviewers and sends the invitations.
        signIn("manager1");
        b.openTask("Formal check");
        browser.findElement(By.cssSelector("input[name=decision][value=PASS]")).click();
        completeTask();
        b.open("/portal/calls/" + call + "/review");
        b.shows("等待抽取评审专家的项目：1 个");
        b.press(By.cssSelector("form[action$='/review/draws'] button[type=submit]"));
        b.shows("已抽取", number, "预览");
        b.screenshot("07-draw-preview");
        b.press(By.cssSelector("form[action$='/application'] button[type=submit]"));
        b.shows("邀请已发出");
        b.screenshot("08-draw-applied");
        b.signOut();

        // A drawn expert finds the invitation, checks for conflicts, accepts, and scores the criteria.
        String expert = jdbc.sql("select i.expert from app.review_invitation i join app.proposal p on p.id = i.proposal_id "
                + "where p.number = ? order by i.slot").param(number).query(String.class).list().get(0);
        signIn(expert);
        b.open("/portal/reviews");
        b.shows(number, "待答复");
        b.press(By.cssSelector("#invitations a.btn-primary"));
        b.shows("评审邀请", "张明", "宁波甬江示范大学");
        b.screenshot("09-invitation");
        browser.findElement(By.cssSelector("input[name=response][value=ACCEPT]")).click();
        b.press(By.name("noConflict"));
        completeTask();
        b.openTask("Review proposal");
        b.shows("评审指标得分", "评价等级", "资助意见");
        assertThat(browser.findElements(By.cssSelector("input[name$='].criterion']")).stream()
                .map(input -> input.getAttribute("value")).toList())
                .as("the programme's criteria, filled in").contains("创新性", "可行性与研究基础", "经费合理性");
        List<WebElement> scores = browser.findElements(By.cssSelector("input[name$='].score']"));
        for (WebElement score : scores.subList(0, 5)) {
            score.sendKeys("8");
        }
        new Select(browser.findElement(By.name("grade"))).selectByValue("B");
        browser.findElement(By.cssSelector("input[name=fundingOpinion][value=FUNDABLE]")).click();
        browser.findElement(By.name("opinion")).sendKeys(org.kcyj.support.Reviews.OPINION);
        b.screenshot("10-review-form");
        completeTask();
        b.signOut();

        signIn("manager1");
        b.open("/portal/proposals/" + number + "/review");
        b.shows("评审邀请（按席位）", "已提交", "回避情形");
        b.screenshot("11-proposal-review");
        // The project page's record of decisions names each stage in words.
        b.open("/portal/proposals/" + number);
        b.shows("办理记录", "单位推荐", "形式审查");
        b.screenshot("12-proposal-record");
        b.signOut();
    }

    /** Sends the task's form and waits to be taken back to the inbox, where the step is confirmed. */
    private void completeTask() {
        b.press(By.cssSelector("#task-form button[value=complete]"));
        b.waitForUrl("/portal/inbox");
        b.shows("已提交");
    }

    private void signIn(String user) {
        b.signIn(user, "demo", "/portal/inbox");
    }

}
