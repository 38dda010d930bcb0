package dev.runbook.cli;

import dev.runbook.kernel.RunbookSearchAttributes;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributeKey;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook list}: the runbooks' executions from Temporal's visibility, with their phase and what they wait for. */
@Command(name = "list", description = "List runbook executions with their phase and what they wait for.")
final class ListCommand implements Callable<Integer> {

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
      out.printf("%-50s %-10s %-22s %-30s%n", "WORKFLOW ID", "STATUS", "PHASE", "AWAITING");
      client.listExecutions(query).forEach(run -> out.printf("%-50s %-10s %-22s %-30s%n",
          run.getExecution().getWorkflowId(), shortStatus(run), attribute(run, RunbookSearchAttributes.PHASE),
          attribute(run, RunbookSearchAttributes.AWAITING)));
      return 0;
    });
  }

  private static String shortStatus(WorkflowExecutionMetadata run) {
    return run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static String attribute(WorkflowExecutionMetadata run, SearchAttributeKey<String> key) {
    String value = run.getTypedSearchAttributes().get(key);
    return value == null ? "" : value;
  }
}
