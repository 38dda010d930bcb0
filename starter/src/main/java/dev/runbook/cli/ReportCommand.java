package dev.runbook.cli;

import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.report.GroupRuns;
import dev.runbook.report.MigrationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook report}: writes a run's migration report from its progress query and its consumer groups' child runs, nothing else. */
@Command(name = "report",
    description = "Write a run's migration report: report.md, a self-contained report.html with charts, CSV and JSON details.")
final class ReportCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Workflow id")
  String workflowId;

  @Option(names = "--out", description = "Directory to write into (default reports/<workflow-id>/)")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (out == null && (!workflowId.matches("[A-Za-z0-9._-]+") || workflowId.matches("\\.+"))) {
      throw new CliException("workflow id '" + workflowId + "' is not a plain directory name: give --out DIR");
    }
    Path dir = out != null ? out : Path.of("reports", workflowId);
    Progress progress = connection.withClient(client ->
        client.newUntypedWorkflowStub(workflowId).query(RunbookControl.PROGRESS_QUERY, Progress.class));
    Map<String, Progress> groupRuns = connection.withClient(client -> GroupRuns.read(client, workflowId, progress));
    MigrationReport.Written written = MigrationReport.write(workflowId, progress, groupRuns, dir, Instant.now());
    PrintWriter print = spec.commandLine().getOut();
    print.println("report of " + workflowId + " (" + progress.status() + ") in " + dir);
    print.println("  open:  " + written.html());
    written.files().stream().filter(file -> !file.equals(written.html())).forEach(file -> print.println("         " + file));
    return 0;
  }
}
