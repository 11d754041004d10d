package org.kcyj.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
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

/**
 * Debian's headless Chromium driving the portal as a person would, with the few moves the browser tests share:
 * opening a page, waiting for texts, pressing buttons below the fold, signing in and out, filling the application
 * form. Screenshots go to target/screenshots/ for a person to look at.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    final WebDriver driver;
    private int port;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Starts the browser, or skips the test when Chromium is not installed (.ci/run installs it). */
    static Browser start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (.ci/run installs them)");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1100",
                "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        // A browser set to Chinese, as the programme's users' are; the portal follows Accept-Language.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return new Browser(driver);
    }

    /** The port of the product under test (each test's own). */
    Browser at(int port) {
        this.port = port;
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }

    void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    void type(String name, String text) {
        WebElement input = driver.findElement(By.name(name));
        input.clear();
        input.sendKeys(text);
    }

    void signIn(String user, String password, String landing) {
        open("/login");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitForUrl(landing);
    }

    void signOut() {
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitForUrl("logout");
    }

    void waitForUrl(String part) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(part));
    }

    /** Opens the inbox and the task of this step. */
    void openTask(String stepName) {
        open("/portal/inbox");
        driver.findElement(By.xpath("//tr[td[contains(., '" + stepName + "')]]//a")).click();
    }

    String body() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page (after a click, the next page) shows all of these texts, then returns it. */
    String shows(String... texts) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    String text = d.findElement(By.tagName("body")).getText();
                    return Arrays.stream(texts).allMatch(text::contains);
                });
        return body();
    }

    /**
     * Clicks an element that may lie below the fold of a long form: scrolled to at once, since Bootstrap's smooth
     * scrolling would still be moving the page when the click lands.
     */
    void press(By by) {
        WebElement element = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException covered) {
            // A long page may still be settling after the scroll; the element is there, click it directly.
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", element);
        }
    }

    /** Date-time inputs take their value in the browser's locale format when typed; set it directly. */
    void setValue(WebElement input, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    /**
     * Fills the application form as a person would: the first topic, radios and checkboxes clicked, selects chosen,
     * text typed. Lists get one row each (the page offers one blank row per list).
     */
    void fillApplication(Map<String, Object> application) {
        Map<String, Object> oneRowEach = new HashMap<>(org.kcyj.support.Applications.lumpSum(0));
        oneRowEach.put("title", application.get("title"));
        new Select(driver.findElement(By.name("topicId"))).selectByIndex(1);
        oneRowEach.remove("topicId");
        for (Map.Entry<String, String> field : org.kcyj.support.Applications.portalFields(oneRowEach)) {
            String name = field.getKey();
            String value = field.getValue();
            WebElement input = driver.findElements(By.name(name)).get(0);
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

    void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
