package org.kcyj.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;

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
 * The portal in a real browser (Debian's headless Chromium): a call is created and published, a
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
        String deadline = LocalDateTime.now(BusinessTime.ZONE).plusDays(30).withSecond(0).withNano(0).toString();

        signIn("manager1");
        open("/portal/calls");
        new Select(browser.findElement(By.name("programmeCode"))).selectByValue("XCL");
        browser.findElement(By.name("title")).sendKeys("浏览器演示批次");
        browser.findElement(By.name("callYear")).sendKeys("2026");
        browser.findElement(By.name("budget")).sendKeys("2000");
        setValue(browser.findElement(By.name("applicationDeadline")), deadline);
        screenshot("01-create-call");
        browser.findElement(By.cssSelector("form[action='/portal/calls'] button[type=submit]")).click();
        shows("批次已创建");
        clickTask("Publish call");
        screenshot("02-publish-call");
        completeTask();
        signOut();

        signIn("applicant1");
        open("/portal/calls");
        browser.findElement(By.xpath("//tr[td[text()='浏览器演示批次']]//button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/portal/proposals/"));
        String number = browser.findElement(By.cssSelector("dl dd")).getText();
        assertThat(number).matches("KCYJ\\d{4}-XCL-\\d{4}");
        browser.findElement(By.partialLinkText("Draft and submit proposal")).click();
        browser.findElement(By.name("title")).sendKeys("浏览器中的申报");
        browser.findElement(By.cssSelector("#task-form button[value=complete]")).click();
        shows("提交的内容有误", "必填");
        assertThat(browser.findElements(By.cssSelector(".is-invalid"))).hasSizeGreaterThanOrEqualTo(3);
        screenshot("03-proposal-errors");
        browser.findElement(By.name("summary")).sendKeys("在真实浏览器中完成填写和提交的项目摘要，验证门户页面。");
        browser.findElement(By.name("piName")).sendKeys("张明");
        browser.findElement(By.name("requestedBudget")).sendKeys("88");
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
    }

    /** Sends the task's form and waits to be taken back to the inbox, where the step is confirmed. */
    private void completeTask() {
        browser.findElement(By.cssSelector("#task-form button[value=complete]")).click();
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

    /** Date-time inputs take their value in the browser's locale format when typed; set it directly. */
    private static void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    private static void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
