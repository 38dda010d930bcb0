package dev.runbook.testkit.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java 21+ that runs Apicurio Registry: {@code RUNBOOK_REGISTRY_JAVA_HOME} when set, else this
 * JVM when it is new enough, else the newest JDK under {@code /usr/lib/jvm}.
 */
final class RegistryJava {

  static final String HOME_ENV = "RUNBOOK_REGISTRY_JAVA_HOME";
  private static final int MINIMUM = 21;
  private static final Path JVMS = Path.of("/usr/lib/jvm");
  private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  private RegistryJava() {}

  /** @throws IllegalStateException in one line when no Java 21+ is found */
  static Path find() {
    String configured = System.getenv(HOME_ENV);
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      if (major(home).orElse(0) < MINIMUM) {
        throw new IllegalStateException(HOME_ENV + "=" + configured + " is not a Java " + MINIMUM + "+ JDK");
      }
      return home.resolve("bin/java");
    }
    if (Runtime.version().feature() >= MINIMUM) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    return newestUnder(JVMS).map(home -> home.resolve("bin/java")).orElseThrow(() -> new IllegalStateException(
        "Apicurio Registry needs Java " + MINIMUM + "+: none found under " + JVMS + " (set " + HOME_ENV + ")"));
  }

  private static Optional<Path> newestUnder(Path jvms) {
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(home -> major(home).orElse(0) >= MINIMUM)
          .max(Comparator.comparingInt(home -> major(home).orElse(0)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The feature version a JDK's {@code release} file names, when it has a {@code bin/java}. */
  private static Optional<Integer> major(Path home) {
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      Matcher version = RELEASE_VERSION.matcher(Files.readString(release));
      return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
