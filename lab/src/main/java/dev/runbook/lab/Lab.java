package dev.runbook.lab;

import dev.runbook.activity.RunbookActivities;
import dev.runbook.cli.ProgressView;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.strimzi.ClientAuthentication;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorCommands;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.temporal.LocalTemporal;
import dev.runbook.testkit.world.KafkaRehearsal;
import dev.runbook.worker.RunbookWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rehearsal lab: a Temporal server, the worker and the Kafka runbook's real world (two KRaft
 * clusters, MirrorMaker 2, a Kubernetes API with a Strimzi stand-in, live apps) in one process.
 * It runs the runbook with the example plan, shows it live, stops at each gate (or approves it
 * with {@code --auto-approve}), and ends with the delivery figures: produced, processed,
 * duplicated, lost.
 */
@Command(name = "runbook lab", mixinStandardHelpOptions = true,
    description = "Rehearse a whole migration on this machine, with no infrastructure.")
public final class Lab implements java.util.concurrent.Callable<Integer> {

  static final String APPROVER = "operator";

  @Option(names = "--auto-approve", description = "Approve every gate (unattended run)")
  boolean autoApprove;

  @Option(names = "--rate", defaultValue = "40", description = "Records per second each sample producer writes (default ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--temporal-port", defaultValue = "7233",
      description = "Port of the lab's Temporal frontend, for the temporal CLI (default ${DEFAULT-VALUE}; a free one if taken)")
  int temporalPort;

  @Option(names = "--out", description = "Where reports go (default .lab/<time>)")
  Path out;

  private final PrintStream screen;
  private final BufferedReader keyboard;

  public Lab(PrintStream screen, BufferedReader keyboard) {
    this.screen = screen;
    this.keyboard = keyboard;
  }

  public static void main(String[] args) {
    Lab lab = new Lab(System.out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    System.exit(new CommandLine(lab).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LabSummary summary = rehearse();
    screen.println(summary.render());
    return summary.exactlyOnce() ? 0 : 1;
  }

  /** Runs the whole rehearsal and returns its figures; everything started is stopped on return. */
  public LabSummary rehearse() throws Exception {
    Path home = Path.of(System.getProperty("runbook.home", "."));
    Path reports = out != null ? out : home.resolve(".lab").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(reports);
    long startedAt = System.nanoTime();
    screen.println("runbook lab: starting Temporal, two Kafka clusters, MirrorMaker 2 and a Kubernetes API... (log: "
        + System.getProperty("runbook.lab.log", ".lab/lab.log") + ")");
    List<AutoCloseable> running = new ArrayList<>();
    // Ctrl-C ends the JVM through its shutdown hooks: stop everything there too, newest first.
    Thread stopAll = new Thread(() -> closeAll(running), "lab-shutdown");
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      LocalTemporal temporal = started(running, LocalTemporal.start(portOrFree(temporalPort)));
      KafkaRehearsal world = started(running, KafkaRehearsal.start(rate));
      started(running, RunbookWorker.start(temporal.client(), "runbooks", RunbookActivities.create(
          world.kubernetes(), new ReferenceResolver(Map.of(), world.kubernetes()), new LogNotifier(),
          new RunbookActivities.Settings(reports, Duration.ofMillis(500), Duration.ofMinutes(5), ClientAuthentication.NONE)),
          Duration.ofSeconds(10)));
      screen.println("Temporal frontend at " + temporal.address() + " (temporal CLI: --address " + temporal.address() + ")");
      String planText = Files.readString(home.resolve("deploy/examples/kafka-lab-plan.yaml"))
          .replace("SOURCE_BOOTSTRAP", world.sourceBootstrap());
      Files.writeString(reports.resolve("kafka-plan.yaml"), planText);
      KafkaMigrationPlan plan = PlanFiles.parse("deploy/examples/kafka-lab-plan.yaml", planText, KafkaMigrationPlan.class);
      RunbookOutcome outcome = runKafka(temporal.client(), plan, temporal.address());
      Map<String, String> placements = world.placements();
      world.stopProducers();
      Map<String, DeliveryAccount> accounts = world.awaitDrained(Duration.ofSeconds(60));
      Map<String, Long> pauses = new LinkedHashMap<>();
      outcome.progress().facts().forEach((key, value) -> {
        if (key.startsWith("group.") && key.endsWith(".pauseMillis")) {
          pauses.put(key.substring("group.".length(), key.length() - ".pauseMillis".length()), Long.parseLong(value));
        }
      });
      return new LabSummary(outcome.status(), outcome.message(), (System.nanoTime() - startedAt) / 1_000_000, accounts,
          pauses, placements, world.targetClusters().get("kafka/lab"), reports);
    } finally {
      closeAll(running);
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran; everything is closed either way
      }
    }
  }

  private static <T extends AutoCloseable> T started(List<AutoCloseable> running, T component) {
    running.add(component);
    return component;
  }

  private static synchronized void closeAll(List<AutoCloseable> running) {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.remove(i).close();
      } catch (Exception e) {
        System.err.println("lab: could not stop a component cleanly: " + e);
      }
    }
  }

  private RunbookOutcome runKafka(WorkflowClient client, KafkaMigrationPlan plan, String address) throws Exception {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    CompletableFuture<RunbookOutcome> result = WorkflowStub.fromTyped(run).getResultAsync(RunbookOutcome.class);
    String answeredGate = null;
    while (!result.isDone()) {
      Progress progress = run.progress();
      screen.print("\033[H\033[2J");
      screen.print(ProgressView.render(plan.workflowId(), progress, System.currentTimeMillis()));
      PendingGate gate = progress.pendingGate();
      if (gate != null && !gate.name().equals(answeredGate)) {
        answeredGate = gate.name();
        decide(run, gate, plan.workflowId(), address);
      }
      try {
        result.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        // refresh the view
      }
    }
    return result.get();
  }

  private void decide(KafkaMigrationWorkflow run, PendingGate gate, String workflowId, String address) throws IOException {
    if (autoApprove) {
      run.decide(GateDecision.approve(gate.name(), APPROVER, "lab --auto-approve"));
      return;
    }
    screen.println("\nGate '" + gate.name() + "' is open. The same decision from another terminal:");
    OperatorCommands.forGate(workflowId, gate.name()).forEach(command -> screen.println("  $ "
        + command.replace("YOUR_NAME", APPROVER).replace("runbook ", "./runbook ")
            .replace(" --workflow-id", " --address " + address + " --workflow-id")
            .replace(" --as ", " --address " + address + " --as ")));
    screen.print("[a]pprove, [r]eject, or Enter to wait for a decision from elsewhere > ");
    screen.flush();
    String answer = keyboard.readLine();
    if (answer == null || answer.isBlank()) {
      return;
    }
    if (answer.trim().toLowerCase().startsWith("a")) {
      run.decide(GateDecision.approve(gate.name(), APPROVER, "approved at the lab's terminal"));
    } else if (answer.trim().toLowerCase().startsWith("r")) {
      run.decide(GateDecision.reject(gate.name(), APPROVER, "rejected at the lab's terminal"));
    }
  }

  private static int portOrFree(int wanted) {
    try (ServerSocket probe = new ServerSocket(wanted)) {
      return wanted;
    } catch (IOException taken) {
      return 0;
    }
  }
}
