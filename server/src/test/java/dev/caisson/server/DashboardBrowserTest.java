package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's chromium, headless, through chromedriver and Selenium, with 200
 * simulated nodes. Checks what the page shows and that its filter and sort work; saves a screenshot to
 * {@code server/target/dashboard.png} (docs/dashboard.png is a copy).
 */
class DashboardBrowserTest {
  @TempDir Path dir;

  /** Replaces the filter text the way a user does, so the page's input handler runs. */
  private static void filter(ChromeDriver browser, String text) {
    WebElement box = browser.findElement(By.id("filter"));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    if (!text.isEmpty()) {
      box.sendKeys(text);
    }
  }

  @Test
  void showsTheFleetAndFiltersAndSorts() throws Exception {
    var policy = new LockPolicy(Map.of("workers", new GroupPolicy("workers", 3, ZoneOffset.UTC, List.of())), 1, false,
        Optional.empty());
    try (var s = new TestServer(dir.resolve("data"), c -> c.withLocks(policy))) {
      var src = new SourceRepo(dir.resolve("src"));
      String c1 = src.commit("41.20260601.3.0");
      s.admin("releases/publish", src.publish("stable", "41.20260601.3.0", ""));
      src.commit("41.20260615.3.0");
      long now = s.clock.millis() / 1000;
      s.admin("releases/publish", src.publish("stable", "41.20260615.3.0",
          "\"rollout\":{\"start_epoch\":" + now + ",\"start_value\":0,\"duration_minutes\":2880}"));
      src.commit("41.20260629.3.0");
      s.admin("releases/publish", src.publish("stable", "41.20260629.3.0",
          "\"rollout\":{\"start_epoch\":" + (now + 86400) + ",\"start_value\":0,\"duration_minutes\":2880}"));
      s.clock.advanceSeconds(12 * 3600);
      for (int i = 0; i < 200; i++) {
        String id = String.format("%032x", 0xc0ffeeL * (i + 1));
        s.get("v1/graph?basearch=x86_64&stream=stable&os_version=41.20260601.3.0&os_checksum=" + c1 + "&node_uuid="
            + id + "&group=" + (i % 2 == 0 ? "workers" : "default"));
        if (i < 60) {
          s.post("v1/report", "{\"node_uuid\":\"" + id + "\",\"state\":\"healthy\","
              + "\"booted_version\":\"41.20260615.3.0\"}");
        }
      }
      for (int i = 0; i < 2; i++) {
        String id = String.format("%032x", 0xc0ffeeL * (i + 1));
        s.post("v1/report", "{\"node_uuid\":\"" + id + "\",\"state\":\"failed\",\"booted_version\":\"41.20260601.3.0\","
            + "\"last_error\":\"health check failed: podman.service\","
            + "\"rollbacks\":[{\"from_version\":\"41.20260615.3.0\",\"to_version\":\"41.20260601.3.0\"}]}");
      }
      for (String id : List.of("n-a", "n-b")) {
        s.post("v1/pre-reboot", "{\"client_params\":{\"id\":\"" + id + "\",\"group\":\"workers\"}}",
            "fleet-lock-protocol", "true");
      }

      var options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1400,1000");
      var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
          .build();
      var browser = new ChromeDriver(service, options);
      try {
        browser.get(s.server.uri().toString());
        assertThat(browser.getTitle()).isEqualTo("Caisson fleet");
        assertThat(browser.findElement(By.id("summary")).getText()).startsWith("200 nodes, 0 stale");
        WebElement stream = browser.findElement(By.cssSelector("table.stream[data-stream=stable]"));
        var rows = stream.findElements(By.cssSelector("tr[data-version]"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains("41.20260629.3.0").contains("0.0%");
        WebElement halted = stream.findElement(By.cssSelector("tr[data-version='41.20260615.3.0']"));
        assertThat(halted.getAttribute("class")).isEqualTo("paused");
        assertThat(halted.getText()).contains("halted").contains("podman.service").contains("25.0%")
            .contains("58 (29.0%)");
        var locks = browser.findElements(By.cssSelector("#locks tr"));
        assertThat(locks).hasSize(3); // header + 2 holders
        assertThat(locks.get(1).getText()).contains("workers").contains("n-a").contains("2026-06-02T00:00:00Z");
        assertThat(browser.findElements(By.cssSelector("#nodes tbody tr"))).hasSize(200);

        filter(browser, "podman");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("2");
        long visible = browser.findElements(By.cssSelector("#nodes tbody tr")).stream()
            .filter(WebElement::isDisplayed).count();
        assertThat(visible).isEqualTo(2);
        filter(browser, "no such node");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("0");
        filter(browser, "");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("200");

        var booted = browser.findElements(By.cssSelector("#nodes th")).get(3);
        booted.click();
        booted.click(); // descending: the newest version first
        String first = browser.findElement(By.cssSelector("#nodes tbody tr td:nth-child(4)")).getText();
        assertThat(first).isEqualTo("41.20260615.3.0");

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isPositive();
      } finally {
        browser.quit();
      }
      assertThat(s.errors).isEmpty();
    }
  }
}
