package io.provtest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver. Both paths are given explicitly, so Selenium
 * Manager never runs and nothing is downloaded (CHROMIUM_BIN and CHROMEDRIVER_BIN override them).
 */
final class Browser {

    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    private Browser() {
    }

    static ChromeDriver start() throws IOException {
        Path binary = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));
        Path driver = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(binary) || !Files.isExecutable(driver)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + binary + ", " + driver + "): scripts/test.sh installs them");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        // --no-sandbox: the suite runs as root, where chromium refuses its sandbox
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--no-first-run", "--disable-extensions", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withLogFile(Path.of("target/e2e-logs/chromedriver.log").toFile()).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        viewport(chrome, 1280, 800, false);
        return chrome;
    }

    /** An exact viewport (the window's own minimum width would otherwise keep a phone width from being tested). */
    static void viewport(ChromeDriver chrome, int width, int height, boolean mobile) {
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    static Path screenshot(TakesScreenshot source, String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, source.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
