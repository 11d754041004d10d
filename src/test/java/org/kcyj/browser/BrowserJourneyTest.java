package org.kcyj.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
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
@Tag("browser")
class BrowserJourneyTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static WebDriver browser;

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (.ci/run installs them)");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1100",
                "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        // A browser set to Chinese, as the programme's users' are; the portal follows Accept-Language.
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCallIsPublishedAndAProposalSubmittedAndEndorsedInTheBrowser() throws Exception {
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);

        signIn("manager1");
        open("/portal/calls");
        new Select(browser.findElement(By.name("programmeCode"))).selectByValue("XCL");
        browser.findElement(By.name("title")).sendKeys("浏览器演示批次");
        browser.findElement(By.name("callYear")).sendKeys(String.valueOf(java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue()));
        browser.findElement(By.name("budget")).sendKeys("2000");
        setValue(browser.findElement(By.name("opensAt")), now.plusDays(31).toString());
        setValue(browser.findElement(By.name("applicationDeadline")), now.plusDays(60).toString());
        screenshot("01-create-call");
        press(By.cssSelector("form[action='/portal/calls'] button[type=submit]"));
        shows("批次已创建");
        String call = browser.getCurrentUrl().replaceAll(".*/portal/calls/(\\d+).*", "$1");
        press(By.linkText("新增指南方向"));
        browser.findElement(By.name("code")).sendKeys("01");
        browser.findElement(By.name("title")).sendKeys("先进结构材料");
        browser.findElement(By.name("description")).sendKeys("轻量化高强度结构材料及其工程应用。");
        browser.findElement(By.name("indicators")).sendKeys("抗拉强度 ≥ 1500 MPa");
        browser.findElement(By.name("maxBudget")).sendKeys("500");
        browser.findElement(By.name("expectedProjects")).sendKeys("3");
        screenshot("02-call-topic");
        press(By.cssSelector("#topic-form button[type=submit]"));
        shows("指南方向已保存", "先进结构材料");
        clickTask("Draft guide");
        browser.findElement(By.name("intro")).sendKeys("本指南面向新材料领域，公开征集重大专项项目。");
        browser.findElement(By.name("contacts")).sendKeys("项目主管处室 0574-00000000");
        screenshot("02-call-guide");
        press(By.cssSelector("#guide-form button[type=submit]"));
        shows("指南已提交分管领导审批");
        signOut();

        signIn("director");
        clickTask("Approve guide");
        shows("以下为发布后的指南内容", "先进结构材料");
        press(By.cssSelector("input[name=decision][value=APPROVE]"));
        screenshot("02-approve-guide");
        press(By.cssSelector("#approval-form button[type=submit]"));
        shows("已同意，指南已发布");
        signOut();

        signIn("admin");
        open("/portal/admin/timers");
        press(By.xpath("//tr[td[text()='CALL-" + call + "'] and td[text()='Event_WindowOpens']]//button"));
        shows("定时器已触发");
        signOut();

        signIn("applicant1");
        open("/portal/calls");
        browser.findElement(By.xpath("//tr[td[text()='浏览器演示批次']]//button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/portal/proposals/"));
        String number = browser.findElement(By.cssSelector("dl dd")).getText();
        assertThat(number).matches("KCYJ\\d{4}-XCL-\\d{4}");
        browser.findElement(By.partialLinkText("Draft and submit proposal")).click();
        browser.findElement(By.name("title")).sendKeys("浏览器中的申报");
        press(By.cssSelector("#task-form button[value=complete]"));
        shows("提交的内容有误", "必填");
        assertThat(browser.findElements(By.cssSelector(".is-invalid"))).hasSizeGreaterThanOrEqualTo(3);
        screenshot("03-proposal-errors");
        fillApplication(org.kcyj.support.Applications.titled(0, "浏览器中的申报"));
        screenshot("03b-proposal-filled");
        completeTask();
        open("/portal/proposals/" + number);
        shows("已提交", number + "-SBS-1");
        screenshot("04-proposal-submitted");
        signOut();

        signIn("unitadmin1");
        clickTask("Unit endorsement");
        browser.findElement(By.cssSelector("input[name=decision][value=ENDORSE]")).click();
        screenshot("05-endorsement");
        completeTask();
        open("/portal/proposals/" + number);
        shows("单位已推荐");
        browser.findElement(By.linkText("English")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("lang=en"));
        shows("Endorsed by unit", "My tasks");
        screenshot("06-english");
        browser.findElement(By.linkText("中文")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("lang=zh"));
        signOut();

        // Peer review: the manager passes the formal check, draws the call's reviewers and sends the invitations.
        signIn("manager1");
        clickTask("Formal check");
        browser.findElement(By.cssSelector("input[name=decision][value=PASS]")).click();
        completeTask();
        open("/portal/calls/" + call + "/review");
        shows("等待抽取评审专家的项目：1 个");
        press(By.cssSelector("form[action$='/review/draws'] button[type=submit]"));
        shows("已抽取", number, "预览");
        screenshot("07-draw-preview");
        press(By.cssSelector("form[action$='/application'] button[type=submit]"));
        shows("邀请已发出");
        screenshot("08-draw-applied");
        signOut();

        // A drawn expert finds the invitation, checks for conflicts, accepts, and scores the criteria.
        String expert = jdbc.sql("select i.expert from app.review_invitation i join app.proposal p on p.id = i.proposal_id "
                + "where p.number = ? order by i.slot").param(number).query(String.class).list().get(0);
        signIn(expert);
        open("/portal/reviews");
        shows(number, "待答复");
        press(By.cssSelector("#invitations a.btn-primary"));
        shows("评审邀请", "张明", "宁波甬江示范大学");
        screenshot("09-invitation");
        browser.findElement(By.cssSelector("input[name=response][value=ACCEPT]")).click();
        press(By.name("noConflict"));
        completeTask();
        clickTask("Review proposal");
        shows("评审指标得分", "评价等级", "资助意见");
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
        screenshot("10-review-form");
        completeTask();
        signOut();

        signIn("manager1");
        open("/portal/proposals/" + number + "/review");
        shows("评审邀请（按席位）", "已提交", "回避情形");
        screenshot("11-proposal-review");
        // The project page's record of decisions names each stage in words.
        open("/portal/proposals/" + number);
        shows("办理记录", "单位推荐", "形式审查");
        screenshot("12-proposal-record");
        signOut();
    }

    /** Sends the task's form and waits to be taken back to the inbox, where the step is confirmed. */
    private void completeTask() {
        press(By.cssSelector("#task-form button[value=complete]"));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/portal/inbox"));
        shows("已提交");
    }

    private void signIn(String user) {
        open("/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys("demo");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/portal/inbox"));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("logout"));
    }

    private void clickTask(String stepName) {
        open("/portal/inbox");
        browser.findElement(By.xpath("//tr[td[contains(., '" + stepName + "')]]//a")).click();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page (after a click, the next page) shows all of these texts, then returns it. */
    private String shows(String... texts) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    String text = driver.findElement(By.tagName("body")).getText();
                    return java.util.Arrays.stream(texts).allMatch(text::contains);
                });
        return body();
    }

    /**
     * Clicks an element that may lie below the fold of a long form: scrolled to at once, since
     * Bootstrap's smooth scrolling would still be moving the page when the click lands.
     */
    private static void press(By by) {
        WebElement element = browser.findElement(by);
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            // A long page may still be settling after the scroll; the element is there, click it directly.
            ((JavascriptExecutor) browser).executeScript("arguments[0].click();", element);
        }
    }

    /**
     * Fills the application form as a person would: the first topic, radios and checkboxes clicked,
     * selects chosen, text typed. Lists get one row each (the page offers one blank row per list).
     */
    private static void fillApplication(java.util.Map<String, Object> application) {
        java.util.Map<String, Object> oneRowEach = new java.util.HashMap<>(org.kcyj.support.Applications.lumpSum(0));
        oneRowEach.put("title", application.get("title"));
        new Select(browser.findElement(By.name("topicId"))).selectByIndex(1);
        oneRowEach.remove("topicId");
        for (java.util.Map.Entry<String, String> field : org.kcyj.support.Applications.portalFields(oneRowEach)) {
            String name = field.getKey();
            String value = field.getValue();
            WebElement input = browser.findElements(By.name(name)).get(0);
            String type = String.valueOf(input.getAttribute("type"));
            if (type.equals("radio")) {
                press(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
            } else if (type.equals("checkbox")) {
                if (!input.isSelected()) {
                    press(By.name(name));
                }
            } else if (input.getTagName().equals("select")) {
                new Select(input).selectByValue(value);
            } else {
                input.clear();
                input.sendKeys(value);
            }
        }
    }

    /** Date-time inputs take their value in the browser's locale format when typed; set it directly. */
    private static void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    private static void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
