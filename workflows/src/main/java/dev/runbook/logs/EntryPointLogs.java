package dev.runbook.logs;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the logs of a {@code ./runbook} entry point go: a file under {@code <runbook.home>/.runbook/logs/}
 * ({@code ~/.runbook/logs/} when {@code runbook.home} is not set; {@code -Drunbook.logs=DIR} chooses another), and
 * stderr as well with {@code --verbose}.
 * Each entry point's logback configuration reads the two system properties set here, so {@link #route}
 * must run first in {@code main}, before anything logs; the terminal then shows the command's own output only.
 */
public final class EntryPointLogs {

  public static final String VERBOSE = "--verbose";

  /** The directory, read by the logback configurations as {@code ${runbook.logs}}. */
  static final String DIRECTORY_PROPERTY = "runbook.logs";
  /** The level from which log events reach stderr too; {@code OFF} unless {@code --verbose}. */
  static final String STDERR_PROPERTY = "runbook.logs.stderr";

  private EntryPointLogs() {}

  /** Sets where logs go for this JVM; {@code args} are the command line, scanned for {@code --verbose}. */
  public static void route(String[] args) {
    System.setProperty(DIRECTORY_PROPERTY, directory().toString());
    if (Arrays.asList(args).contains(VERBOSE)) {
      System.setProperty(STDERR_PROPERTY, "ALL");
    }
  }

  /** The log file of entry point {@code name}, as its logback configuration names it ({@code cli}, {@code tools}, {@code worker}). */
  public static Path file(String name) {
    return directory().resolve(name + ".log");
  }

  static Path directory() {
    String chosen = System.getProperty(DIRECTORY_PROPERTY);
    if (chosen != null && !chosen.isBlank()) {
      return Path.of(chosen).toAbsolutePath().normalize();
    }
    String home = System.getProperty("runbook.home");
    Path base = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"));
    return base.resolve(".runbook").resolve("logs").toAbsolutePath().normalize();
  }
}
