package dev.runbook.testkit.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Chromium without a screen, for tests that must see a page as a browser renders it: a PNG
 * screenshot and the DOM after parsing. Each call runs a fresh browser with its own profile and no
 * network features. Where Chromium is missing the test is skipped, except under {@code CI} (set by
 * CI systems), where a missing browser fails: {@code scripts/test.sh} installs it there.
 */
public final class HeadlessChromium {

  public static final Path DEFAULT = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;

  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /** The browser, or the calling test skipped (outside CI) or failed (under CI) when it is missing. */
  public static HeadlessChromium requireOrSkip() {
    if (Files.isExecutable(DEFAULT)) {
      return new HeadlessChromium(DEFAULT);
    }
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      throw new IllegalStateException(DEFAULT + " is missing under CI=" + ci + ": scripts/test.sh installs it (apt-get install chromium)");
    }
    Assumptions.abort(DEFAULT + " is not installed here (scripts/test.sh installs it): skipping the browser check");
    throw new AssertionError("unreachable");
  }

  /** Renders the page at {@code width} x {@code height} pixels into a PNG. */
  public Path screenshot(Path page, Path png, int width, int height) {
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        page.toAbsolutePath().toUri().toString()));
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("chromium wrote no screenshot to " + png);
    }
    return png;
  }

  /** The page's DOM as Chromium parsed it, serialized. */
  public String dumpDom(Path page) {
    return run(List.of("--dump-dom", page.toAbsolutePath().toUri().toString()));
  }

  private String run(List<String> arguments) {
    Path profile = null;
    try {
      profile = Files.createTempDirectory("chromium-profile");
      Path output = Files.createTempFile("chromium-out", ".txt");
      List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--hide-scrollbars", "--virtual-time-budget=5000", "--user-data-dir=" + profile));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + arguments);
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      Files.delete(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("chromium exited with " + process.exitValue() + " for " + arguments);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while chromium ran", e);
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary profile is harmless
    }
  }
}
