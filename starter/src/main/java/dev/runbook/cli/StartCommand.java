package dev.runbook.cli;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.plan.PlanFiles;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook start}: validates a plan, records who starts it, and starts its runbook (or shows what would start). */
@Command(name = "start", description = "Start a runbook from a plan (YAML or JSON).")
final class StartCommand implements Callable<Integer> {

  private static final String DEFAULT_TASK_QUEUE = "runbooks";

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", completionCandidates = RunbookKind.Commands.class, description = "Which runbook: ${COMPLETION-CANDIDATES}")
  String runbook;

  @Option(names = "--plan", required = true, description = "The plan file")
  Path planFile;

  @Option(names = "--dry-run", description = "Validate the plan and show what would start; change nothing")
  boolean dryRun;

  @Option(names = "--task-queue", defaultValue = DEFAULT_TASK_QUEUE, description = "The workers' task queue (default ${DEFAULT-VALUE})")
  String taskQueue;

  @Option(names = "--as", description = "Who starts the run (default: $USER, else the OS account); recorded as approvals.startedBy, "
      + "whom a twoPerson gate does not accept as an approver")
  String starter;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RunbookKind kind = RunbookKind.of(runbook);
    Object read = PlanFiles.read(planFile, kind.planType);
    String who = starter != null ? starter : System.getenv().getOrDefault("USER", System.getProperty("user.name"));
    if (who == null || who.isBlank()) {
      throw new CliException("who is starting this run? give --as NAME");
    }
    Object plan = PlanFiles.startedBy(read, who);
    List<String> errors = kind.validate(plan);
    if (!errors.isEmpty()) {
      spec.commandLine().getErr().println(planFile + ": " + errors.size() + " problem(s):");
      errors.forEach(error -> spec.commandLine().getErr().println("  - " + error));
      return 1;
    }
    String workflowId = kind.workflowId(plan);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      out.println("plan OK: would start " + kind.workflowType() + " as " + workflowId + " on task queue " + taskQueue);
      if (plan instanceof KafkaMigrationPlan kafkaPlan) {
        KafkaPlanDefaults.principals(kafkaPlan).forEach((client, principal) ->
            out.println("target identity of " + client + ": " + principal));
        KafkaPlanDefaults.rollbackPreview(kafkaPlan).forEach(out::println);
      }
      out.println("same with the temporal CLI:");
      out.println("  temporal workflow start --type " + kind.workflowType() + " --task-queue " + taskQueue
          + " --workflow-id " + workflowId + " --input '" + PlanFiles.toJson(plan) + "'");
      return 0;
    }
    return connection.withClient(client -> {
      WorkflowStub stub = client.newUntypedWorkflowStub(kind.workflowType(), WorkflowOptions.newBuilder()
          .setTaskQueue(taskQueue)
          .setWorkflowId(workflowId)
          .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
          .build());
      stub.start(plan);
      out.println("started " + workflowId);
      out.println("  watch:   runbook status " + workflowId + " --watch");
      return 0;
    });
  }
}
