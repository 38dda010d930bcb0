package dev.runbook.testkit.temporal;

import dev.runbook.kernel.RunbookSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal frontend on a real loopback port with the runbook search attributes registered, so our
 * CLI and the {@code temporal} CLI can talk to it like to any frontend. Either a real
 * {@code temporal server start-dev} (Web UI, history persisted to a SQLite file) or the SDK's test
 * server (no UI, nothing persisted; it listens on every interface, not only loopback). Real time.
 */
public final class LocalTemporal implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** The dev server's pid, in its data directory, so that a later start can stop a server a killed JVM left. */
  static final String PID_FILE = "server.pid";

  private final int port;
  private final String uiUrl;
  private final WorkflowClient client;
  private final Runnable stop;
  /** The {@code temporal server start-dev} process; null on the SDK's test server. */
  private final DevServer devServer;

  private LocalTemporal(int port, String uiUrl, WorkflowClient client, Runnable stop, DevServer devServer) {
    this.port = port;
    this.uiUrl = uiUrl;
    this.client = client;
    this.stop = stop;
    this.devServer = devServer;
  }

  /** The SDK's test server on {@code port} (a free one when 0). */
  public static LocalTemporal start(int port) {
    int chosen = port > 0 ? port : freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(chosen, true);
    TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseExternalService(true)
        .setTarget(address(chosen))
        .setUseTimeskipping(false)
        .build());
    RunbookSearchAttributes.ALL.forEach(
        key -> environment.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return new LocalTemporal(chosen, null, environment.getWorkflowClient(), () -> {
      environment.close();
      server.close();
    }, null);
  }

  /**
   * {@code temporal server start-dev} from {@code binary} on free loopback ports (frontend and UI), its
   * history in {@code dataDir/temporal.db}, its output in {@code dataDir/server.log}. A server that an
   * earlier, killed JVM started on the same directory is stopped first.
   */
  public static LocalTemporal startDevServer(Path binary, Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    stopLeftover(dataDir);
    DevServer server = new DevServer(binary, dataDir, freePort(), freePort());
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address(server.port)).build());
    try {
      server.start(service);
    } catch (RuntimeException e) {
      service.shutdownNow();
      throw e;
    }
    return new LocalTemporal(server.port, "http://127.0.0.1:" + server.uiPort, WorkflowClient.newInstance(service), () -> {
      service.shutdownNow();
      server.stop();
    }, server);
  }

  /**
   * Stops the dev server and starts it again on the same ports and database file, its history intact,
   * as an operator's restart of Temporal would; workers and clients reconnect by themselves.
   */
  public void restart() {
    if (devServer == null) {
      throw new IllegalStateException("the SDK's test server keeps no history to restart with");
    }
    devServer.stop();
    devServer.start(client.getWorkflowServiceStubs());
  }

  public String address() {
    return address(port);
  }

  /** The Web UI's base URL; empty on the SDK's test server, which has none. */
  public Optional<String> uiUrl() {
    return Optional.ofNullable(uiUrl);
  }

  /** Where the Web UI shows the newest run of {@code workflowId}; empty without a UI. */
  public Optional<String> runUrl(String workflowId) {
    return uiUrl().map(ui -> ui + "/namespaces/default/workflows/"
        + URLEncoder.encode(workflowId, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stop.run();
  }

  /** Stops the server a killed JVM left running on {@code dataDir}: same pid and its command line names that directory. */
  private static void stopLeftover(Path dataDir) {
    Path pidFile = dataDir.resolve(PID_FILE);
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid)
          .filter(handle -> handle.info().commandLine().orElse("").contains(dataDir.resolve("temporal.db").toString()))
          .ifPresent(DevServer::stop);
      Files.delete(pidFile);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read " + pidFile + " (delete it if no temporal server runs): " + e.getMessage());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the temporal server started", e);
    }
  }

  private static String address(int port) {
    return "127.0.0.1:" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for a Temporal server", e);
    }
  }

  /** One {@code temporal server start-dev} on fixed ports and database file, which can be stopped and started again. */
  private static final class DevServer {
    private final Path binary;
    private final Path dataDir;
    private final int port;
    private final int uiPort;
    private final Path log;
    private Process process;

    DevServer(Path binary, Path dataDir, int port, int uiPort) {
      this.binary = binary;
      this.dataDir = dataDir;
      this.port = port;
      this.uiPort = uiPort;
      this.log = dataDir.resolve("server.log");
    }

    /** Starts the process and waits until {@code service} reaches it. */
    void start(WorkflowServiceStubs service) {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "server", "start-dev",
          "--ip", "127.0.0.1", "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort), "--ui-disable-news-fetch",
          "--db-filename", dataDir.resolve("temporal.db").toString(), "--log-level", "warn"));
      RunbookSearchAttributes.ALL.forEach(key -> command.addAll(List.of("--search-attribute", key.getName() + "=Keyword")));
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + binary, e);
      }
      try {
        awaitHealthy(service);
      } catch (RuntimeException e) {
        stop();
        throw e;
      }
    }

    /** Healthy = the frontend describes the default namespace (its port alone opens earlier) and the UI listens. */
    private void awaitHealthy(WorkflowServiceStubs service) {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("temporal server exited with " + process.exitValue() + "; see " + log);
        }
        if (accepts(port) && accepts(uiPort)) {
          try {
            service.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
            return;
          } catch (RuntimeException notYet) {
            // the frontend listens but does not serve yet
          }
        }
        pause();
      }
      throw new IllegalStateException("temporal server not healthy within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    void stop() {
      if (process != null) {
        stop(process.toHandle());
        process = null;
      }
    }

    static void stop(ProcessHandle process) {
      process.destroy();
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception notYet) {
        process.destroyForcibly();
      }
    }
  }
}
