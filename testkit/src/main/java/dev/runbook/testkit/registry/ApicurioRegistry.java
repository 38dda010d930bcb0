package dev.runbook.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 3 as a child process: the Quarkus fast-jar of
 * {@code io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all} (which Maven puts into the local
 * repository as a test dependency), unpacked once, run with a Java 21+ JDK on loopback with its own
 * HTTP and management ports and its in-memory database. Stopped by {@link #close()} or, at the
 * latest, when the JVM exits.
 */
public final class ApicurioRegistry implements AutoCloseable {

  public static final String VERSION = "3.3.3";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Process process;
  private final URI baseUrl;
  private final Duration startTime;
  private final Path log;
  private final Thread stopAtExit;

  private ApicurioRegistry(String name, Process process, URI baseUrl, Duration startTime, Path log, Thread stopAtExit) {
    this.name = name;
    this.process = process;
    this.baseUrl = baseUrl;
    this.startTime = startTime;
    this.log = log;
    this.stopAtExit = stopAtExit;
  }

  /**
   * Starts an empty registry and waits until its readiness check answers UP.
   *
   * @throws IllegalStateException with one line saying what is missing (Java 21+, the artifact) or why it did not start
   */
  public static ApicurioRegistry start(String name) {
    Path java = RegistryJava.find();
    Path runJar = RegistryDistribution.unpacked().resolve("quarkus-run.jar");
    int httpPort = freePort();
    int managementPort = freePort();
    Path workDir = createTempDir("apicurio-" + name + "-");
    Path log = workDir.resolve("registry.log");
    long started = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m",
              "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort,
              "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
              "-jar", runJar.toString()))
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Apicurio Registry with " + java, e);
    }
    Thread stopAtExit = new Thread(() -> stop(process), "apicurio-" + name + "-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    Duration startTime = awaitReady(process, URI.create("http://127.0.0.1:" + managementPort + "/health/ready"), log, started);
    return new ApicurioRegistry(name, process, URI.create("http://127.0.0.1:" + httpPort), startTime, log, stopAtExit);
  }

  /** The registry's root, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Its Confluent-compatible API, {@code <root>/apis/ccompat/v7}. */
  public URI confluentApi() {
    return URI.create(baseUrl + "/apis/ccompat/v7");
  }

  /** From process start to the first readiness answer UP. */
  public Duration startTime() {
    return startTime;
  }

  /** The resident set size of the process now, in bytes (Linux), or -1 where it cannot be read. */
  public long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  @Override
  public String toString() {
    return "ApicurioRegistry[" + name + " " + baseUrl + "]";
  }

  private static Duration awaitReady(Process process, URI readiness, Path log, long started) {
    long deadline = started + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      if (answersUp(readiness)) {
        return Duration.ofNanos(System.nanoTime() - started);
      }
      sleep(Duration.ofMillis(100));
    }
    stop(process);
    throw new IllegalStateException("Apicurio Registry not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
  }

  private static boolean answersUp(URI readiness) {
    try {
      HttpURLConnection connection = (HttpURLConnection) readiness.toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  private static Path createTempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for Apicurio Registry", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
    }
  }
}
