package dev.runbook.cli;

import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook status}: one runbook's progress as {@link ProgressView} renders it, once or until it ends. */
@Command(name = "status", description = "Show a runbook's phase, steps, figures, pending gate and audit trail.")
final class StatusCommand implements Callable<Integer> {

  private static final Duration REFRESH = Duration.ofSeconds(2);

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Workflow id")
  String workflowId;

  @Option(names = "--watch", description = "Refresh every 2 s until the runbook ends")
  boolean watch;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return connection.withClient(client -> {
      WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
      while (true) {
        Progress progress = stub.query(RunbookControl.PROGRESS_QUERY, Progress.class);
        if (watch) {
          out.print("\033[H\033[2J");
        }
        out.print(ProgressView.render(workflowId, progress, System.currentTimeMillis()));
        out.flush();
        boolean running = stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        if (!watch || !running) {
          return 0;
        }
        sleep();
      }
    });
  }

  private static void sleep() {
    try {
      Thread.sleep(REFRESH.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
