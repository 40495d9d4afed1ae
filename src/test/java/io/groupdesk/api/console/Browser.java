package io.groupdesk.api.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through Debian's chromedriver, both found at fixed paths so that Selenium never looks
 * for (or downloads) a browser of its own. One per test class; each test starts signed out.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final WebDriverWait wait;
    private Path screenshots;
    private int shot;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test, saying how to install Chromium, when it is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(
                installed(),
                "Chromium is not installed; the browser tests need it: apt-get install -y chromium chromium-driver");
    }

    static Browser open(String baseUrl) {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("groupdesk-chromium");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1280,900",
                            "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Starts a test: signed out, desktop size, screenshots under {@code target/screenshots/<test>/}. */
    void startTest(String name) {
        driver.manage().deleteAllCookies();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        screenshots = Path.of("target", "screenshots", name);
        shot = 0;
    }

    /** Signs in on the sign-in page with the keyboard only: type, Tab to the next field, Enter submits. */
    void signIn(String email, String password) {
        visit("/");
        expectPage("Sign in", "sign-in");
        find("#sign-in-email").sendKeys(email, Keys.TAB);
        driver().switchTo().activeElement().sendKeys(password, Keys.ENTER);
    }

    void visit(String path) {
        driver.get(baseUrl + path);
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    java.util.List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for a page with this {@code <h1>} text, then saves a screenshot of it named {@code page}. */
    void expectPage(String heading, String page) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), heading));
        screenshot(page);
    }

    void waitForUrlContaining(String fragment) {
        wait.until(ExpectedConditions.urlContains(fragment));
    }

    void screenshot(String page) {
        try {
            Files.createDirectories(screenshots);
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(screenshots.resolve(++shot + "-" + page + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover profile in the temporary directory is harmless
            }
        }
    }
}
