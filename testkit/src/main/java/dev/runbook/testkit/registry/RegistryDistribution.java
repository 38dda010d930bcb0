package dev.runbook.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry's distribution: the {@code tar.gz:all} artifact in the local Maven repository
 * (modules whose tests run the registry declare it as a test dependency, so Maven fetches it),
 * unpacked once into {@code ~/.cache/runbook/}.
 */
final class RegistryDistribution {

  static final String COORDINATES = "io.apicurio:apicurio-registry-app:" + ApicurioRegistry.VERSION + ":tar.gz:all";
  private static final String FILE = "apicurio-registry-app-" + ApicurioRegistry.VERSION + "-all.tar.gz";

  private RegistryDistribution() {}

  /** The unpacked {@code quarkus-app} directory, unpacking it first when needed. */
  static synchronized Path unpacked() {
    Path target = Path.of(System.getProperty("user.home"), ".cache", "runbook",
        "apicurio-registry-app-" + ApicurioRegistry.VERSION, "quarkus-app");
    if (Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
      return target;
    }
    Path archive = localRepository().resolve("io/apicurio/apicurio-registry-app/" + ApicurioRegistry.VERSION + "/" + FILE);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("Apicurio Registry is not in the local Maven repository (" + archive
          + "): run mvn dependency:get -Dartifact=" + COORDINATES);
    }
    try {
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempDirectory(target.getParent(), "unpacking-");
      Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", partial.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        tar.destroyForcibly();
        throw new IllegalStateException("cannot unpack " + archive + " with tar");
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
          throw e;
        }
        // another test JVM unpacked it meanwhile; its copy is as good
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + archive, e);
    }
  }

  private static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }
}
