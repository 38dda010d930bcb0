package dev.runbook.lab;

import dev.runbook.activities.RunbookActivities;
import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.cli.ProgressView;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kernel.DecisionReceipt;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorCommands;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.report.MigrationReport;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.temporal.LocalTemporal;
import dev.runbook.testkit.world.AirflowRehearsal;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
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
 * with {@code --auto-approve}), and ends with the delivery figures (produced, processed,
 * duplicated, lost) and each run's migration report.
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

  @Option(names = "--no-airflow", description = "Rehearse the Kafka runbook only, even when Airflow is installed")
  boolean noAirflow;

  private final PrintStream screen;
  private final BufferedReader keyboard;

  public Lab(PrintStream screen, BufferedReader keyboard) {
    this.screen = screen;
    this.keyboard = keyboard;
  }

  public static void main(String[] args) {
    // The worker's jar carries a console logback.xml too; the lab's screen is the live view, so its log goes to a file.
    System.setProperty("logback.configurationFile", "logback-lab.xml");
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
      KafkaRehearsal kafkaWorld = started(running, KafkaRehearsal.start(rate));
      AirflowRehearsal airflowWorld = null;
      Map<String, String> workerEnvironment = new HashMap<>();
      if (noAirflow) {
        screen.println("--no-airflow: rehearsing the Kafka runbook alone");
      } else if (!AirflowRehearsal.installed()) {
        screen.println("Airflow is not installed here (scripts/python-tools.sh installs it into .venv): "
            + "rehearsing the Kafka runbook alone");
      } else {
        screen.println("starting two Airflow 3 instances (source playing Astronomer, target), about a minute...");
        airflowWorld = started(running, AirflowRehearsal.start(kafkaWorld.kubernetes()));
        workerEnvironment.putAll(AirflowRehearsal.workerEnvironment(airflowWorld.pair()));
      }
      started(running, RunbookWorker.start(temporal.client(), "runbooks", RunbookActivities.create(
          kafkaWorld.kubernetes(), new ReferenceResolver(workerEnvironment, kafkaWorld.kubernetes()), new LogNotifier(),
          new RunbookActivities.Settings(reports, Duration.ofMillis(500), Duration.ofMinutes(5))),
          Duration.ofSeconds(10)));
      screen.println("Temporal frontend at " + temporal.address() + " (temporal CLI: --address " + temporal.address() + ")");

      List<Run> runs = new ArrayList<>();
      String kafkaPlanText = Files.readString(home.resolve("deploy/examples/kafka-lab-plan.yaml"))
          .replace("SOURCE_BOOTSTRAP", kafkaWorld.sourceBootstrap());
      Files.writeString(reports.resolve("kafka-plan.yaml"), kafkaPlanText);
      KafkaMigrationPlan kafkaPlan = PlanFiles.parse("kafka-lab-plan.yaml", kafkaPlanText, KafkaMigrationPlan.class);
      runs.add(Run.start(temporal.client(), KafkaMigrationWorkflow.class, kafkaPlan.workflowId(), kafkaPlan));
      if (airflowWorld != null) {
        String airflowPlanText = AirflowRehearsal.plan(
            Files.readString(home.resolve("deploy/examples/airflow-lab-plan.yaml")), airflowWorld.pair());
        Files.writeString(reports.resolve("airflow-plan.yaml"), airflowPlanText);
        AirflowMigrationPlan airflowPlan = PlanFiles.parse("airflow-lab-plan.yaml", airflowPlanText, AirflowMigrationPlan.class);
        runs.add(Run.start(temporal.client(), AirflowMigrationWorkflow.class, airflowPlan.workflowId(), airflowPlan));
      }
      watch(runs, temporal.address());

      RunbookOutcome kafka = runs.get(0).result.get();
      Map<String, String> placements = kafkaWorld.placements();
      kafkaWorld.stopProducers();
      Map<String, DeliveryAccount> accounts = kafkaWorld.awaitDrained(Duration.ofSeconds(60));
      Map<String, Long> pauses = KafkaFacts.GROUP_PAUSE.allIn(kafka.progress().facts());
      RunbookOutcome airflow = runs.size() > 1 ? runs.get(1).result.get() : null;
      Map<String, Path> reportPages = new LinkedHashMap<>();
      for (Run run : runs) {
        reportPages.put(run.workflowId(), writeReport(reports, run.workflowId(), run.result.get()));
      }
      return new LabSummary(kafka.status(), kafka.message(), (System.nanoTime() - startedAt) / 1_000_000, accounts,
          pauses, placements, kafkaWorld.targetClusters().get("kafka/lab"), airflow, reports, reportPages);
    } finally {
      closeAll(running);
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran; everything is closed either way
      }
    }
  }

  /** Writes a run's migration report into {@code reports/<workflow id>/}, as {@code runbook report} would; returns the HTML page. */
  static Path writeReport(Path reports, String workflowId, RunbookOutcome outcome) {
    return MigrationReport.write(workflowId, outcome.progress(), reports.resolve(workflowId), Instant.now()).html();
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

  /** A runbook execution the lab watches. */
  private record Run(String workflowId, WorkflowStub stub, CompletableFuture<RunbookOutcome> result) {

    static <P> Run start(WorkflowClient client, Class<?> workflowInterface, String workflowId, P plan) {
      WorkflowStub stub = client.newUntypedWorkflowStub(workflowInterface.getSimpleName(),
          WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(workflowId).build());
      stub.start(plan);
      return new Run(workflowId, stub, stub.getResultAsync(RunbookOutcome.class));
    }

    Progress progress() {
      return stub.query(RunbookControl.PROGRESS_QUERY, Progress.class);
    }

    void decide(GateDecision decision) {
      stub.update(RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, decision);
    }
  }

  /** Redraws every runbook's progress each second and answers gates until all have ended. */
  private void watch(List<Run> runs, String address) throws IOException {
    Map<String, String> answered = new HashMap<>();
    while (runs.stream().anyMatch(run -> !run.result.isDone())) {
      StringBuilder view = new StringBuilder("\033[H\033[2J");
      List<Run> atGate = new ArrayList<>();
      for (Run run : runs) {
        Progress progress = run.progress();
        view.append(ProgressView.render(run.workflowId(), progress, System.currentTimeMillis())).append('\n');
        PendingGate gate = progress.pendingGate();
        if (gate != null && !gate.name().equals(answered.get(run.workflowId()))) {
          answered.put(run.workflowId(), gate.name());
          atGate.add(run);
        }
      }
      screen.print(view);
      for (Run run : atGate) {
        decide(run, run.progress().pendingGate(), address);
      }
      try {
        CompletableFuture.allOf(runs.stream().map(Run::result).toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
      } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException stillRunning) {
        // redraw
      }
    }
  }

  private void decide(Run run, PendingGate gate, String address) throws IOException {
    if (gate == null) {
      return;
    }
    if (autoApprove) {
      run.decide(GateDecision.approve(gate.name(), APPROVER, "lab --auto-approve"));
      return;
    }
    screen.println("\nGate '" + gate.name() + "' of " + run.workflowId() + " is open. The same decision from another terminal:");
    OperatorCommands.forGate(run.workflowId(), gate.name()).forEach(command -> screen.println("  $ "
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
