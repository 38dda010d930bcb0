package dev.runbook.cli;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaPlanDefaults;

import dev.runbook.codec.AesGcmPayloadCodec;
import dev.runbook.codec.CodecKeys;
import dev.runbook.connect.TemporalConnection;
import dev.runbook.kernel.DecisionReceipt;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookSearchAttributes;
import dev.runbook.kernel.Verdict;
import dev.runbook.plan.PlanFiles;
import dev.runbook.report.MigrationReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator CLI: start a runbook from a plan, watch it, decide its gates, and retry, skip, roll
 * back or abort. Every error is one line on stderr and exit code 1.
 */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    description = "Migration runbooks on Temporal.",
    subcommands = {
        RunbookCli.Start.class, RunbookCli.ShowStatus.class, RunbookCli.Approve.class, RunbookCli.Reject.class,
        RunbookCli.Retry.class, RunbookCli.Skip.class, RunbookCli.Rollback.class, RunbookCli.Abort.class,
        RunbookCli.ListRuns.class, RunbookCli.WriteReport.class, RunbookCli.ServeCodec.class})
public final class RunbookCli {

  public static final String DEFAULT_TASK_QUEUE = "runbooks";

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new RunbookCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + explain(e));
      return 1;
    });
    return cli.execute(args);
  }

  static String explain(Throwable e) {
    if (e instanceof CliException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    if (e instanceof WorkflowUpdateException) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return "refused: " + (cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage());
    }
    if (e instanceof WorkflowNotFoundException notFound) {
      return "no running runbook with id '" + notFound.getExecution().getWorkflowId() + "'";
    }
    if (e instanceof WorkflowExecutionAlreadyStarted started) {
      return "a runbook with id '" + started.getExecution().getWorkflowId() + "' is already running (one migration per target)";
    }
    if (e instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      return "cannot reach Temporal: " + grpc.getStatus().getDescription();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Where Temporal is; defaults from RUNBOOK_TEMPORAL_* environment variables. */
  static final class Connection {
    @Option(names = "--address", description = "Temporal frontend host:port (env RUNBOOK_TEMPORAL_ADDRESS, default ${DEFAULT-VALUE})")
    String address;

    @Option(names = "--namespace", description = "Temporal namespace (env RUNBOOK_TEMPORAL_NAMESPACE, default 'default')")
    String namespace;

    <T> T withClient(java.util.function.Function<WorkflowClient, T> use) {
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

  @Command(name = "start", description = "Start a runbook from a plan (YAML or JSON).")
  static final class Start implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Which runbook: kafka")
    String runbook;

    @Option(names = "--plan", required = true, description = "The plan file")
    Path planFile;

    @Option(names = "--dry-run", description = "Validate the plan and show what would start; change nothing")
    boolean dryRun;

    @Option(names = "--task-queue", defaultValue = DEFAULT_TASK_QUEUE)
    String taskQueue;

    @Option(names = "--as", description = "Who starts the run (default: $USER, else the OS account); recorded as approvals.startedBy, "
        + "whom a twoPerson gate does not accept as an approver")
    String starter;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

  @Command(name = "status", description = "Show a runbook's phase, steps, figures, pending gate and audit trail.")
  static final class ShowStatus implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Workflow id")
    String workflowId;

    @Option(names = "--watch", description = "Refresh every 2 s until the runbook ends")
    boolean watch;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
          boolean running = stub.describe().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
          if (!watch || !running) {
            return 0;
          }
          sleep(Duration.ofSeconds(2));
        }
      });
    }
  }

  @Command(name = "report",
      description = "Write a run's migration report: report.md, a self-contained report.html with charts, CSV and JSON details.")
  static final class WriteReport implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Workflow id")
    String workflowId;

    @Option(names = "--out", description = "Directory to write into (default reports/<workflow-id>/)")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (out == null && (!workflowId.matches("[A-Za-z0-9._-]+") || workflowId.matches("\\.+"))) {
        throw new CliException("workflow id '" + workflowId + "' is not a plain directory name: give --out DIR");
      }
      Path dir = out != null ? out : Path.of("reports", workflowId);
      Progress progress = connection.withClient(client ->
          client.newUntypedWorkflowStub(workflowId).query(RunbookControl.PROGRESS_QUERY, Progress.class));
      MigrationReport.Written written = MigrationReport.write(workflowId, progress, dir, Instant.now());
      PrintWriter print = spec.commandLine().getOut();
      print.println("report of " + workflowId + " (" + progress.status() + ") in " + dir);
      print.println("  open:  " + written.html());
      written.files().stream().filter(file -> !file.equals(written.html())).forEach(file -> print.println("         " + file));
      return 0;
    }
  }

  /** Shared by approve and reject. */
  abstract static class Decide implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Workflow id")
    String workflowId;

    @Parameters(index = "1", description = "Gate name")
    String gate;

    @Option(names = "--as", required = true, description = "Who decides (must be listed for the gate)")
    String approver;

    @Option(names = "--comment", description = "Why")
    String comment;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract Verdict verdict();

    @Override
    public Integer call() {
      return connection.withClient(client -> {
        DecisionReceipt receipt = client.newUntypedWorkflowStub(workflowId).update(
            RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, new GateDecision(gate, approver, verdict(), comment));
        spec.commandLine().getOut().println(receipt.recorded() + " at gate '" + receipt.subject() + "': " + receipt.state());
        return 0;
      });
    }
  }

  @Command(name = "approve", description = "Approve a gate.")
  static final class Approve extends Decide {
    @Override
    Verdict verdict() {
      return Verdict.APPROVE;
    }
  }

  @Command(name = "reject", description = "Reject a gate: the runbook rolls back.")
  static final class Reject extends Decide {
    @Override
    Verdict verdict() {
      return Verdict.REJECT;
    }
  }

  /** Shared by retry, skip, rollback and abort. */
  abstract static class Act implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Workflow id")
    String workflowId;

    @Parameters(index = "1", arity = "0..1", description = "The parked step (optional: checked when given)")
    String step;

    @Option(names = "--as", required = true, description = "Who acts (must be an operator of the plan)")
    String operator;

    @Option(names = "--comment", description = "Why")
    String comment;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract OperatorAction.Kind kind();

    @Override
    public Integer call() {
      return connection.withClient(client -> {
        DecisionReceipt receipt = client.newUntypedWorkflowStub(workflowId).update(
            RunbookControl.ACT_UPDATE, DecisionReceipt.class, new OperatorAction(kind(), step, operator, comment));
        spec.commandLine().getOut().println(receipt.recorded() + ": " + receipt.state());
        return 0;
      });
    }
  }

  @Command(name = "retry", description = "Run a parked step again.")
  static final class Retry extends Act {
    @Override
    OperatorAction.Kind kind() {
      return OperatorAction.Kind.RETRY;
    }
  }

  @Command(name = "skip", description = "Skip a parked step (only steps whose result nothing needs).")
  static final class Skip extends Act {
    @Override
    OperatorAction.Kind kind() {
      return OperatorAction.Kind.SKIP;
    }
  }

  @Command(name = "rollback", description = "Undo everything done so far, newest first, then stop.")
  static final class Rollback extends Act {
    @Override
    OperatorAction.Kind kind() {
      return OperatorAction.Kind.ROLLBACK;
    }
  }

  @Command(name = "abort", description = "Stop now and undo nothing.")
  static final class Abort extends Act {
    @Override
    OperatorAction.Kind kind() {
      return OperatorAction.Kind.ABORT;
    }
  }

  @Command(name = "list", description = "List runbook executions with their phase and what they wait for.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin Connection connection;

    @Option(names = "--all", description = "Include ended runs")
    boolean all;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

    private static String attribute(WorkflowExecutionMetadata run, io.temporal.common.SearchAttributeKey<String> key) {
      String value = run.getTypedSearchAttributes().get(key);
      return value == null ? "" : value;
    }
  }

  @Command(name = "codec-server",
      description = "Serve Temporal's codec server protocol so the Temporal UI and CLI can show encrypted payloads decoded.")
  static final class ServeCodec implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8081", description = "Port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
        description = "Address to listen on (default ${DEFAULT-VALUE}; any other needs env " + CodecServer.TOKEN_ENVIRONMENT_VARIABLE + ")")
    String bind;

    @Option(names = "--ui-origin", defaultValue = "http://localhost:8233", split = ",",
        description = "Browser origins of the Temporal UI allowed to call it (default ${DEFAULT-VALUE})")
    List<String> uiOrigins;

    @Option(names = "--namespace", description = "The namespace it serves (env RUNBOOK_TEMPORAL_NAMESPACE, default 'default')")
    String namespace;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Map<String, String> env = System.getenv();
      CodecKeys keys = CodecKeys.fromEnvironment(env).orElseThrow(() -> new CliException(
          CodecKeys.ENVIRONMENT_VARIABLE + " is not set: without the payload keys there is nothing to decode with"));
      String token = env.get(CodecServer.TOKEN_ENVIRONMENT_VARIABLE);
      String served = namespace != null ? namespace : TemporalConnection.fromEnvironment(env).namespace();
      CodecServer server = CodecServer.start(new AesGcmPayloadCodec(keys), new CodecServer.Settings(
          new InetSocketAddress(bind, port), served, Set.copyOf(uiOrigins), token));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "codec-server-shutdown"));
      spec.commandLine().getOut().println("codec server on http://" + bind + ":" + server.address().getPort()
          + " for namespace " + served + ", UI origins " + uiOrigins + ", "
          + (token != null && !token.isBlank() ? "bearer token required" : "no authorization (loopback only)")
          + "; current key " + keys.currentKeyId() + ". Ctrl-C stops it.");
      stopped.await();
      return 0;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
