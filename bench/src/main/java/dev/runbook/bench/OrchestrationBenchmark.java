package dev.runbook.bench;

import dev.runbook.kernel.UnreadableInputInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactoryOptions;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.airflow.AirflowMigrationWorkflowImpl;
import dev.runbook.airflow.AirflowPlanDefaults;
import dev.runbook.bench.ExecutionHistories.Census;
import dev.runbook.bench.ScaleEstates.AirflowEstate;
import dev.runbook.bench.ScaleEstates.KafkaEstate;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookSearchAttributes;
import dev.runbook.kernel.RunbookStatus;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Orchestration at scale: one Kafka migration per size of estate (consumer groups over a fixed
 * number of partitions) and one Airflow migration of many DAGs, run by the real workflows on the
 * in-process Temporal test server (time skipping) with activities in memory, so only orchestration
 * is measured. For each it prints wall time, how many executions the run made, the longest
 * history among them against Temporal's 10,240-event warning, and the heap after GC. Gates are
 * approved as they open. Exits 1 when any history reaches the warning.
 *
 * <p>Arguments: {@code --small} (CI setting: 10 and 100 groups, 20 DAGs), or any of
 * {@code --groups 10,100,1000 --partitions N --dags N --parallelism N --out FILE}.
 */
public final class OrchestrationBenchmark {

  static final int HISTORY_WARNING = 10_240;
  private static final String QUEUE = "runbooks";
  private static final Duration RUN_LIMIT = Duration.ofMinutes(30);
  /** A run whose progress does not change for this long is stuck: the benchmark is broken, say where. */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  record Settings(List<Integer> groups, int partitions, int dags, int parallelism, Path out) {

    static Settings parse(String[] args) {
      Map<String, String> options = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--small")) {
          options.putIfAbsent("groups", "10,100");
          options.putIfAbsent("dags", "20");
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          options.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Settings(
          Arrays.stream(options.getOrDefault("groups", "10,100,1000").split(",")).map(Integer::parseInt).toList(),
          Integer.parseInt(options.getOrDefault("partitions", "5000")),
          Integer.parseInt(options.getOrDefault("dags", "200")),
          Integer.parseInt(options.getOrDefault("parallelism", "10")),
          Path.of(options.getOrDefault("out", "target/bench/orchestration.md")));
    }
  }

  /** One measured run. */
  record Row(String runbook, String size, int units, String parallelism, Census census, long wallMillis, long peakHeapBytes,
      long heapBytes) {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    kafka(10, settings);  // warms the JVM up (class loading, JIT) so the first reported row is not its cost
    List<Row> rows = new ArrayList<>();
    for (int groups : settings.groups()) {
      rows.add(kafka(groups, settings));
      System.err.println("measured " + rows.get(rows.size() - 1));
    }
    rows.add(airflow(settings.dags()));
    System.err.println("measured " + rows.get(rows.size() - 1));
    String report = render(settings, rows);
    System.out.println(report);
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    Files.writeString(settings.out(), report, StandardCharsets.UTF_8);
    System.out.println("written to " + settings.out().toAbsolutePath());
    if (rows.stream().anyMatch(row -> row.census().maxEvents() >= HISTORY_WARNING)) {
      System.err.println("a history reached Temporal's " + HISTORY_WARNING + "-event warning");
      System.exit(1);
    }
  }

  private static Row kafka(int groups, Settings settings) throws Exception {
    KafkaEstate estate = ScaleEstates.kafka(groups, settings.partitions(), settings.parallelism());
    return measure("Kafka", groups + " groups / " + settings.partitions() + " partitions", groups,
        String.valueOf(settings.parallelism()),
        worker -> {
          KafkaMigrationWorkflowImpl.IMPLEMENTATIONS.forEach(worker::registerWorkflowImplementationTypes);
          worker.registerActivitiesImplementations(estate.world());
        },
        client -> {
          KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class, options(estate.plan().workflowId()));
          WorkflowClient.start(run::migrate, estate.plan());
          return run;
        },
        estate.plan().workflowId(),
        () -> {
          long onTarget = estate.world().groupCluster.values().stream().filter(cluster -> !cluster.contains("confluent")).count();
          if (onTarget != groups) {
            throw new IllegalStateException(onTarget + " of " + groups + " groups reached the target");
          }
        });
  }

  private static Row airflow(int dags) throws Exception {
    AirflowEstate estate = ScaleEstates.airflow(dags);
    int batches = AirflowPlanDefaults.batchCount(estate.plan());
    return measure("Airflow", dags + " DAGs in " + batches + " batches", dags, "-",
        worker -> {
          worker.registerWorkflowImplementationTypes(AirflowMigrationWorkflowImpl.class);
          worker.registerActivitiesImplementations(estate.world());
        },
        client -> {
          AirflowMigrationWorkflow run = client.newWorkflowStub(AirflowMigrationWorkflow.class, options(estate.plan().workflowId()));
          WorkflowClient.start(run::migrate, estate.plan());
          return run;
        },
        estate.plan().workflowId(),
        () -> {
          long unpaused = estate.world().target.pauseStates().values().stream().filter(paused -> !paused).count();
          if (unpaused != dags) {
            throw new IllegalStateException(unpaused + " of " + dags + " DAGs run on the target");
          }
        });
  }

  private interface Starter {
    RunbookControl start(WorkflowClient client);
  }

  private static Row measure(String runbook, String size, int units, String parallelism, Consumer<Worker> register,
      Starter starter, String workflowId, Runnable checkWorld) throws Exception {
    // The worker as production's: a run whose input cannot be read fails at once instead of retrying its first task.
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new UnreadableInputInterceptor()).build())
        .build());
    try {
      RunbookSearchAttributes.ALL.forEach(
          key -> env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
      register.accept(env.newWorker(QUEUE));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      HeapPeak peak = HeapPeak.start();
      long started = System.nanoTime();
      RunbookControl run = starter.start(client);
      RunbookOutcome outcome = approveUntilEnded(run);
      long wallMillis = (System.nanoTime() - started) / 1_000_000;
      long peakHeap = peak.stop();
      if (outcome.status() != RunbookStatus.COMPLETED) {
        throw new IllegalStateException(runbook + " " + size + " ended " + outcome.status() + ": " + outcome.message());
      }
      checkWorld.run();
      long heap = heapAfterGc();
      return new Row(runbook, size, units, parallelism, ExecutionHistories.of(client, workflowId), wallMillis, peakHeap, heap);
    } finally {
      env.close();
    }
  }

  /** Approves each gate as it opens, as an approver would; a parked step means the benchmark is broken. */
  private static RunbookOutcome approveUntilEnded(RunbookControl run) throws Exception {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    Progress seen = null;
    long sameSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Progress progress = run.progress();
      if (!progress.equals(seen)) {
        seen = progress;
        sameSince = System.nanoTime();
      } else if (System.nanoTime() - sameSince > STALL_LIMIT.toNanos()) {
        throw new IllegalStateException("no progress for " + STALL_LIMIT.toSeconds() + " s, in phase '" + progress.phase()
            + "': " + progress.steps().stream().filter(step -> step.state() != dev.runbook.kernel.StepState.DONE).toList());
      }
      if (progress.pendingGate() != null && !progress.pendingGate().approvedBy().contains(ScaleEstates.APPROVER)) {
        run.decide(GateDecision.approve(progress.pendingGate().name(), ScaleEstates.APPROVER, null));
      } else if (progress.parkedStep() != null) {
        throw new IllegalStateException("step '" + progress.parkedStep() + "' parked: " + progress.steps());
      } else if (progress.status() != RunbookStatus.RUNNING && progress.status() != RunbookStatus.WAITING_FOR_GATE) {
        return WorkflowStub.fromTyped(run).getResult(RunbookOutcome.class);
      } else {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("not ended within " + RUN_LIMIT);
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The most heap in use seen while a run goes on, sampled every 20 ms. */
  private static final class HeapPeak implements Runnable {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread sampler = new Thread(this, "heap-peak");

    static HeapPeak start() {
      HeapPeak heapPeak = new HeapPeak();
      heapPeak.sampler.setDaemon(true);
      heapPeak.sampler.start();
      return heapPeak;
    }

    @Override
    public void run() {
      while (running) {
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stop() throws InterruptedException {
      running = false;
      sampler.join();
      return peak.get();
    }
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
  }

  static String render(Settings settings, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("Measured ").append(Instant.now().toString(), 0, 16).append("Z on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
        .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1 << 20)).append(" MB. ")
        .append("The worker and the Temporal test server share one JVM (time skipping), so heap figures include the ")
        .append("server's stored histories; activities are in memory; a 10-group run warmed the JVM up first. ")
        .append("Parallelism: the Kafka plan's cutover.parallelism.\n\n");
    out.append("| Runbook | Estate | Parallelism | Executions | Longest history (events) | Longest in | Migration's own history "
        + "| Wall time (s) | Wall ms per group / DAG | Peak heap (MB) | Heap after GC (MB) |\n");
    out.append("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %d | %.1f | %.1f | %d | %d |%n",
          row.runbook(), row.size(), row.parallelism(), row.census().executions(), row.census().maxEvents(),
          kindOf(row.census().longest()), row.census().rootEvents(), row.wallMillis() / 1000.0,
          (double) row.wallMillis() / row.units(), row.peakHeapBytes() / (1 << 20), row.heapBytes() / (1 << 20)));
    }
    boolean under = rows.stream().allMatch(row -> row.census().maxEvents() < HISTORY_WARNING);
    out.append("\nEvery history under ").append(HISTORY_WARNING).append(" events: ").append(under ? "yes" : "NO").append('\n');
    return out.toString();
  }

  private static String kindOf(String workflowId) {
    if (workflowId.contains("/group/")) {
      return "a group child";
    }
    return workflowId.contains("/consumer-groups") ? "a coordinator run" : "the migration";
  }
}
