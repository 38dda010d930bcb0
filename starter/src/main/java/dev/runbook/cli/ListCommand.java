package dev.runbook.cli;

import dev.runbook.kernel.RunbookSearchAttributes;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributeKey;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook list}: the runbooks' executions from Temporal's visibility, with their phase and what they wait for. */
@Command(name = "list", description = "List runbooks with their status (the runbook's own: WAITING_FOR_GATE, PARKED, COMPLETED, "
    + "ROLLED_BACK, ABORTED, ...), phase and what they wait for.")
final class ListCommand implements Callable<Integer> {

  private static final String ROW = "%-50s %-17s %-22s %-30s%n";

  @Mixin ConnectionOptions connection;

  @Option(names = "--all", description = "Include ended runs")
  boolean all;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String types = Arrays.stream(RunbookKind.values()).map(kind -> "'" + kind.workflowType() + "'")
        .collect(Collectors.joining(","));
    String query = "WorkflowType IN (" + types + ")" + (all ? "" : " AND ExecutionStatus = 'Running'");
    PrintWriter out = spec.commandLine().getOut();
    return connection.withClient(client -> {
      // Read first: a server that cannot be reached gets its one-line error without a header above it.
      List<WorkflowExecutionMetadata> runs = client.listExecutions(query).toList();
      out.printf(ROW, "WORKFLOW ID", "STATUS", "PHASE", "AWAITING");
      runs.forEach(run -> out.printf(ROW, run.getExecution().getWorkflowId(), status(run),
          attribute(run, RunbookSearchAttributes.PHASE), attribute(run, RunbookSearchAttributes.AWAITING)));
      return 0;
    });
  }

  /**
   * The runbook's own status ({@code RunbookStatus}: WAITING_FOR_GATE, PARKED, ABORTED, ...) while it runs and
   * once it ended by itself or by a cancellation it rolled back; the execution's (FAILED, TERMINATED,
   * TIMED_OUT) when Temporal ended it and the runbook's is stale, or when the run never recorded one.
   */
  static String status(WorkflowExecutionMetadata run) {
    String runbook = attribute(run, RunbookSearchAttributes.STATUS);
    boolean runbookKnows = switch (run.getStatus()) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_COMPLETED, WORKFLOW_EXECUTION_STATUS_CANCELED -> true;
      default -> false;
    };
    return runbookKnows && !runbook.isEmpty() ? runbook : run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static String attribute(WorkflowExecutionMetadata run, SearchAttributeKey<String> key) {
    String value = run.getTypedSearchAttributes().get(key);
    return value == null ? "" : value;
  }
}
