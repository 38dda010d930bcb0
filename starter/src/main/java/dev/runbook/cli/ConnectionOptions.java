package dev.runbook.cli;

import dev.runbook.connect.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where Temporal is, shared by every command that talks to it; defaults from RUNBOOK_TEMPORAL_* environment variables. */
final class ConnectionOptions {

  @Option(names = "--address", description = "Temporal frontend host:port (env RUNBOOK_TEMPORAL_ADDRESS, default " + TemporalConnection.DEFAULT_ADDRESS + ")")
  String address;

  @Option(names = "--namespace", description = "Temporal namespace (env RUNBOOK_TEMPORAL_NAMESPACE, default 'default')")
  String namespace;

  /** Connects, hands the client to {@code use}, and disconnects. */
  <T> T withClient(Function<WorkflowClient, T> use) {
    TemporalConnection connection = TemporalConnection.fromEnvironment(System.getenv());
    if (address != null) {
      connection = connection.withAddress(address);
    }
    if (namespace != null) {
      connection = connection.withNamespace(namespace);
    }
    WorkflowServiceStubs stubs = connection.connect();
    try {
      return use.apply(connection.client(stubs));
    } finally {
      stubs.shutdown();
    }
  }
}
