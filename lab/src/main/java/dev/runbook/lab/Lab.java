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
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.report.GroupRuns;
import dev.runbook.report.MigrationReport;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testkit.airflow.AirflowLabPaths;
import dev.runbook.testkit.airflow.AirflowPair;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.temporal.LocalTemporal;
import dev.runbook.testkit.world.AirflowRehearsal;
import dev.runbook.testkit.world.KafkaRehearsal;
import dev.runbook.testkit.world.RehearsalRegistries;
import dev.runbook.worker.RunbookWorker;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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

  @Option(names = "--topics", defaultValue = "2", description = "Topics on the source, each with a producer (default ${DEFAULT-VALUE})")
  int topics;

  @Option(names = "--groups", defaultValue = "2",
      description = "Consumer groups, at least one per topic (default ${DEFAULT-VALUE}); each is cut over on its own")
  int groups;

  @Option(names = "--backlog", defaultValue = "30000",
      description = "Records each producer writes to every partition of its topic before the rehearsal starts, for "
          + "MirrorMaker 2 to catch up on (default ${DEFAULT-VALUE})")
  int backlog;

  @Option(names = "--out", description = "Where reports go (default .lab/<time>)")
  Path out;

  @Option(names = "--no-airflow", description = "Rehearse the Kafka runbook only, even when Airflow is installed")
  boolean noAirflow;

  /** The phase after which the lab rehearses a rollback instead of going on. */
  enum RollbackAfter { producers }

  @Option(names = "--rollback-after", description = "Rehearse a rollback once this phase is done: 'producers' rejects the"
      + " Kafka runbook's decommission gate, once every group and producer runs on the target, so the reverse flow's copy-back"
      + " and the way back are rehearsed")
  RollbackAfter rollbackAfter;

  @Option(names = "--no-schema-registry",
      description = "Rehearse without Schema Registries: the sample apps write plain records, the plan has no schemaRegistry")
  boolean noSchemaRegistry;

  private final PrintStream screen;
  private final BufferedReader keyboard;
  /** Lines typed at the lab's terminal, read by their own thread so that waiting for one never stops the redraw. */
  private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();

  public Lab(PrintStream screen, BufferedReader keyboard) {
    this.screen = screen;
    this.keyboard = keyboard;
  }

  public static void main(String[] args) {
    // The worker's jar carries a console logback.xml too; the lab's screen is the live view, so its log goes to a file.
    System.setProperty("logback.configurationFile", "logback-lab.xml");
    System.setProperty("runbook.lab.log", System.getProperty("runbook.lab.log", home().resolve(".lab/lab.log").toString()));
    Lab lab = new Lab(System.out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    System.exit(new CommandLine(lab).execute(args));
  }

  /** Rehearses, printing the summary; a refusal or a failure is one line (the details go to the log), never a stack trace. */
  @Override
  public Integer call() {
    try {
      LabSummary summary = rehearse();
      screen.println(summary.render());
      return summary.exactlyOnce() && (summary.schemas() == null || summary.schemas().everyRecordThroughTheTarget()) ? 0 : 1;
    } catch (LabLock.Refused | IllegalArgumentException refused) {
      screen.println("runbook lab: " + refused.getMessage());
      return 2;
    } catch (Exception e) {
      LoggerFactory.getLogger(Lab.class).error("the lab failed", e);
      screen.println("runbook lab failed: " + oneLine(e) + " (log: " + logFile() + ")");
      return 1;
    }
  }

  /** Runs the whole rehearsal and returns its figures; everything started is stopped on return. */
  public LabSummary rehearse() throws Exception {
    List<KafkaRehearsal.Flow> flows = KafkaRehearsal.flows(topics, groups);
    if (rate < 1) {
      throw new IllegalArgumentException("--rate must be at least 1 record per second (got " + rate + ")");
    }
    if (backlog < 0) {
      throw new IllegalArgumentException("--backlog cannot be negative (got " + backlog + ")");
    }
    Path home = home();
    Path state = home.resolve(".lab");
    try (LabLock lock = LabLock.acquire(state.resolve("lab.lock"))) {
      return rehearse(home, state, flows);
    }
  }

  private LabSummary rehearse(Path home, Path state, List<KafkaRehearsal.Flow> flows) throws Exception {
    Path reports = out != null ? out : state.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(reports);
    long startedAt = System.nanoTime();
    AirflowLabPaths paths = AirflowLabPaths.discover(System.getenv(), home);
    boolean rehearseAirflow = !noAirflow && PythonTools.ensureInstalled(paths, state.resolve("python-tools.log"), screen);
    screen.println("runbook lab: starting Temporal, two Kafka clusters, MirrorMaker 2 and a Kubernetes API... (log: "
        + logFile() + ")");
    List<AutoCloseable> running = new ArrayList<>();
    // Ctrl-C ends the JVM through its shutdown hooks: stop everything there too, newest first.
    Thread stopAll = new Thread(() -> closeAll(running), "lab-shutdown");
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      // The two registries start (about 4 s) while Temporal does.
      CompletableFuture<RehearsalRegistries> starting = noSchemaRegistry ? CompletableFuture.completedFuture(null)
          : CompletableFuture.supplyAsync(() -> RehearsalRegistries.start(flows.stream().map(KafkaRehearsal.Flow::topic).distinct().toList()));
      LocalTemporal temporal = started(running, startTemporal(paths, state));
      RehearsalRegistries registries = registries(starting);
      if (registries != null) {
        started(running, registries);
        screen.println("two Apicurio Registries: the source (Confluent API " + registries.sourceApi() + ") with "
            + registries.subjects() + " subjects, " + registries.versions() + " versions; the target empty");
      }
      KafkaRehearsal kafkaWorld = started(running,
          KafkaRehearsal.start(rate, KafkaRehearsal.TargetNetwork.DIRECT, flows, backlog, registries));
      AirflowRehearsal airflowWorld = null;
      Map<String, String> workerEnvironment = new HashMap<>();
      if (noAirflow) {
        screen.println("--no-airflow: rehearsing the Kafka runbook alone");
      } else if (rehearseAirflow) {
        screen.println("starting two Airflow 3 instances (source playing Astronomer, target) on free ports, about a minute...");
        airflowWorld = started(running, AirflowRehearsal.start(kafkaWorld.kubernetes(), paths,
            AirflowPair.Placement.isolated(state.resolve("airflow-lab"))));
        workerEnvironment.putAll(AirflowRehearsal.workerEnvironment(airflowWorld.pair()));
      }
      // Waits look every 200 ms: the lab's world moves in seconds, and the catch-up samples its lag that often.
      started(running, RunbookWorker.start(temporal.client(), "runbooks", RunbookActivities.create(
          kafkaWorld.kubernetes(), new ReferenceResolver(workerEnvironment, kafkaWorld.kubernetes()), new LogNotifier(),
          new RunbookActivities.Settings(reports, Duration.ofMillis(200), Duration.ofMinutes(5))),
          Duration.ofSeconds(10)));
      screen.println("Temporal frontend at " + temporal.address() + " (temporal CLI: --address " + temporal.address() + ")"
          + temporal.uiUrl().map(ui -> ", Web UI at " + ui).orElse(""));

      List<Run> runs = new ArrayList<>();
      String kafkaPlanText = kafkaWorld.plan(Files.readString(home.resolve("deploy/examples/kafka-lab-plan.yaml")));
      KafkaMigrationPlan kafkaPlan = kafkaWorld.withSchemaRegistry(
          PlanFiles.parse("kafka-lab-plan.yaml", kafkaPlanText, KafkaMigrationPlan.class));
      Files.writeString(reports.resolve("kafka-plan.yaml"), registries == null ? kafkaPlanText : PlanFiles.toYaml(kafkaPlan));
      runs.add(Run.start(temporal, KafkaMigrationWorkflow.class, kafkaPlan.workflowId(), kafkaPlan, screen));
      if (airflowWorld != null) {
        String airflowPlanText = AirflowRehearsal.plan(
            Files.readString(home.resolve("deploy/examples/airflow-lab-plan.yaml")), airflowWorld.pair());
        Files.writeString(reports.resolve("airflow-plan.yaml"), airflowPlanText);
        AirflowMigrationPlan airflowPlan = PlanFiles.parse("airflow-lab-plan.yaml", airflowPlanText, AirflowMigrationPlan.class);
        runs.add(Run.start(temporal, AirflowMigrationWorkflow.class, airflowPlan.workflowId(), airflowPlan, screen));
      }
      watch(runs, temporal.address(), paths);

      RunbookOutcome kafka = runs.get(0).result.get();
      Map<String, String> placements = kafkaWorld.placements();
      kafkaWorld.stopProducers();
      Map<String, DeliveryAccount> accounts = kafkaWorld.awaitDrained(Duration.ofSeconds(60));
      Map<String, Long> pauses = KafkaFacts.GROUP_PAUSE.allIn(kafka.progress().facts());
      RunbookOutcome airflow = runs.size() > 1 ? runs.get(1).result.get() : null;
      Map<String, Path> reportPages = new LinkedHashMap<>();
      for (Run run : runs) {
        RunbookOutcome outcome = run.result.get();
        reportPages.put(run.workflowId(), writeReport(reports, run.workflowId(), outcome,
            GroupRuns.read(temporal.client(), run.workflowId(), outcome.progress())));
      }
      return new LabSummary(kafka.status(), kafka.message(), (System.nanoTime() - startedAt) / 1_000_000,
          KafkaFacts.LAG_SAMPLES.in(kafka.progress().facts()).orElse(List.of()), accounts,
          pauses, placements, kafkaWorld.targetClusters().get(kafkaPlan.target().namespace() + "/" + kafkaPlan.target().cluster()),
          KafkaFacts.COPIED_BACK.in(kafka.progress().facts()).orElse(null),
          registries == null ? null : LabSummary.Schemas.of(registries, kafka, kafkaWorld.decodings()),
          airflow, reports, reportPages);
    } finally {
      closeAll(running);
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran; everything is closed either way
      }
    }
  }

  /** The started registries; none, with a line saying why, where Apicurio Registry cannot run here. */
  private RehearsalRegistries registries(CompletableFuture<RehearsalRegistries> starting) {
    try {
      return starting.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof IllegalStateException cannotRun)) {
        throw e;
      }
      screen.println("no Schema Registry rehearsal: " + oneLine(cannotRun) + " (--no-schema-registry says so and starts none)");
      return null;
    }
  }

  /** {@code temporal server start-dev} from the venv, with its history under {@code .lab/temporal}; else the SDK's test server. */
  private LocalTemporal startTemporal(AirflowLabPaths paths, Path state) {
    Path binary = paths.venv().resolve("bin/temporal");
    if (Files.isExecutable(binary)) {
      return LocalTemporal.startDevServer(binary, state.resolve("temporal"));
    }
    screen.println("no temporal CLI in " + paths.venv() + ": running on the SDK's test server, without the Web UI");
    return LocalTemporal.start(0);
  }

  static Path home() {
    return Path.of(System.getProperty("runbook.home", ".")).toAbsolutePath().normalize();
  }

  private static String logFile() {
    return System.getProperty("runbook.lab.log", ".lab/lab.log");
  }

  /** The failure's own message, or its cause's where it has none, on one line. */
  static String oneLine(Throwable failure) {
    Throwable shown = failure;
    while (shown.getMessage() == null && shown.getCause() != null) {
      shown = shown.getCause();
    }
    String message = shown.getMessage() != null ? shown.getMessage() : shown.getClass().getSimpleName();
    return message.lines().findFirst().orElse("").strip();
  }

  /**
   * Writes a run's migration report into {@code reports/<workflow id>/}, as {@code runbook report} would, with
   * {@code groupRuns} (each consumer group's child run, {@link GroupRuns#read}) as one row per group; returns the HTML page.
   */
  static Path writeReport(Path reports, String workflowId, RunbookOutcome outcome, Map<String, Progress> groupRuns) {
    return MigrationReport.write(workflowId, outcome.progress(), groupRuns, reports.resolve(workflowId), Instant.now()).html();
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

  /** A runbook execution the lab watches, and where the Web UI shows it (empty on the test server). */
  private record Run(String workflowId, Optional<String> uiUrl, WorkflowStub stub, CompletableFuture<RunbookOutcome> result) {

    /** Starts the run; one that a killed lab left running under the same id is terminated first. */
    static <P> Run start(LocalTemporal temporal, Class<?> workflowInterface, String workflowId, P plan, PrintStream screen) {
      try {
        temporal.client().newUntypedWorkflowStub(workflowId).terminate("left running by an earlier lab");
        screen.println(workflowId + ": terminated the run an earlier lab left running");
      } catch (WorkflowNotFoundException nothingRunning) {
        // the usual case
      }
      WorkflowStub stub = temporal.client().newUntypedWorkflowStub(workflowInterface.getSimpleName(),
          WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(workflowId).build());
      stub.start(plan);
      Optional<String> uiUrl = temporal.runUrl(workflowId);
      screen.println(workflowId + " started" + uiUrl.map(url -> ": " + url).orElse(""));
      return new Run(workflowId, uiUrl, stub, stub.getResultAsync(RunbookOutcome.class));
    }

    Progress progress() {
      return stub.query(RunbookControl.PROGRESS_QUERY, Progress.class);
    }

    void decide(GateDecision decision) {
      stub.update(RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, decision);
    }
  }

  /**
   * Redraws every runbook's progress each second until all have ended. With {@code --auto-approve} it
   * approves each gate; else it shows the first open gate with its commands and a prompt, and acts on a
   * line typed there. The prompt never holds the redraw: a gate decided elsewhere (CLI, UI, signal)
   * leaves the view at the next redraw.
   */
  private void watch(List<Run> runs, String address, AirflowLabPaths paths) throws InterruptedException {
    if (!autoApprove) {
      startReadingKeyboard();
    }
    Map<String, String> approved = new HashMap<>();
    String notice = "";
    while (runs.stream().anyMatch(run -> !run.result.isDone())) {
      StringBuilder view = new StringBuilder("\033[H\033[2J");
      Run promptRun = null;
      PendingGate promptGate = null;
      for (Run run : runs) {
        Progress progress = run.progress();
        view.append(ProgressView.render(run.workflowId(), progress, System.currentTimeMillis(),
            command -> typedHere(command, address, paths.venv().resolve("bin/temporal"))));
        run.uiUrl().ifPresent(url -> view.append("  Temporal UI: ").append(url).append('\n'));
        view.append('\n');
        PendingGate gate = progress.pendingGate();
        if (gate == null || run.result.isDone()) {
          continue;
        }
        if (rollbackAfter == RollbackAfter.producers && gate.name().equals(KafkaMigrationWorkflow.DECOMMISSION)
            && run == runs.get(0) && !gate.name().equals(approved.get(run.workflowId()))) {
          approved.put(run.workflowId(), gate.name());
          run.decide(GateDecision.reject(gate.name(), APPROVER, "lab --rollback-after producers"));
        } else if (autoApprove && !gate.name().equals(approved.get(run.workflowId()))) {
          approved.put(run.workflowId(), gate.name());
          run.decide(GateDecision.approve(gate.name(), APPROVER, "lab --auto-approve"));
        } else if (!autoApprove && promptRun == null) {
          promptRun = run;
          promptGate = gate;
        }
      }
      if (promptRun != null) {
        view.append(gatePrompt(promptRun, promptGate));
      }
      screen.print(view.append(notice));
      screen.flush();
      String line = typed.poll(1, TimeUnit.SECONDS);
      notice = promptRun == null || line == null ? "" : answer(promptRun, promptGate, line);
    }
  }

  private void startReadingKeyboard() {
    Thread reader = new Thread(() -> {
      try {
        for (String line = keyboard.readLine(); line != null; line = keyboard.readLine()) {
          typed.add(line);
        }
      } catch (IOException closed) {
        // no more input: decisions come from elsewhere
      }
    }, "lab-keyboard");
    reader.setDaemon(true);
    reader.start();
  }

  /** The gate's own line above the prompt; the view above it shows the commands that decide it from another terminal. */
  private static String gatePrompt(Run run, PendingGate gate) {
    return "Gate '" + gate.name() + "' of " + run.workflowId() + " is open"
        + run.uiUrl().map(url -> " (Temporal UI: " + url + ")").orElse("")
        + ": decide here, or with the commands above from another terminal or the UI.\n"
        + "[a]pprove, [r]eject, or wait for a decision from elsewhere > ";
  }

  /** An operator command as typed in another terminal of this lab: its CLIs, its server's address, its approver. */
  static String typedHere(String command, String address, Path temporalCli) {
    return command.replace("YOUR_NAME", APPROVER).replace("runbook ", "./runbook ")
        .replaceFirst("^temporal ", Files.isExecutable(temporalCli) ? temporalCli + " " : "temporal ")
        .replace(" --workflow-id", " --address " + address + " --workflow-id")
        .replace(" --as ", " --address " + address + " --as ");
  }

  /** Acts on a line typed at the prompt of {@code gate}; returns what to show under the next view. */
  private String answer(Run run, PendingGate gate, String line) {
    String verdict = line.trim().toLowerCase();
    try {
      if (verdict.startsWith("a")) {
        run.decide(GateDecision.approve(gate.name(), APPROVER, "approved at the lab's terminal"));
        return "\napproved '" + gate.name() + "'";
      }
      if (verdict.startsWith("r")) {
        run.decide(GateDecision.reject(gate.name(), APPROVER, "rejected at the lab's terminal"));
        return "\nrejected '" + gate.name() + "'";
      }
      return "";
    } catch (WorkflowException refused) {
      return "\nthe decision on '" + gate.name() + "' was refused: " + oneLine(refused);
    }
  }
}
