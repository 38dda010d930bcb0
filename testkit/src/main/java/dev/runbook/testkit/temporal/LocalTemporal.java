package dev.runbook.testkit.temporal;

import dev.runbook.kernel.RunbookSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * The Temporal SDK's test server listening on a real port, with the runbook search attributes
 * registered, so our CLI and the {@code temporal} CLI can talk to it like to any frontend. Real
 * time (no skipping). Note: the test server listens on every interface, not only loopback.
 */
public final class LocalTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final TestWorkflowEnvironment environment;
  private final int port;

  private LocalTemporal(TestServer.PortBoundTestServer server, TestWorkflowEnvironment environment, int port) {
    this.server = server;
    this.environment = environment;
    this.port = port;
  }

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
    return new LocalTemporal(server, environment, chosen);
  }

  public String address() {
    return address(port);
  }

  public WorkflowClient client() {
    return environment.getWorkflowClient();
  }

  @Override
  public void close() {
    environment.close();
    server.close();
  }

  private static String address(int port) {
    return "127.0.0.1:" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for the Temporal test server", e);
    }
  }
}
