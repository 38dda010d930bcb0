package dev.runbook.cli;

import dev.runbook.connect.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
    WorkflowServiceStubs stubs;
    try {
      stubs = connection.connect();
    } catch (StatusRuntimeException e) {
      throw unreachable(connection, e);
    }
    try {
      return use.apply(connection.client(stubs));
    } catch (RuntimeException e) {
      // The SDK wraps the gRPC status (WorkflowServiceException and the like): look through the causes.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          throw unreachable(connection, grpc);
        }
      }
      throw e;
    } finally {
      stubs.shutdown();
    }
  }

  /** Where the CLI looked and how to point it elsewhere: the gRPC description alone ("io exception") says neither. */
  private static CliException unreachable(TemporalConnection connection, StatusRuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String why = cause.getMessage() != null ? cause.getMessage() : e.getStatus().getDescription();
    return new CliException("cannot reach Temporal at " + connection.address() + " (" + why + "); start a server "
        + "(temporal server start-dev, or ./runbook lab, which prints its address) or point at one with --address "
        + "or RUNBOOK_TEMPORAL_ADDRESS");
  }
}
