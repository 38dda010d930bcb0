package dev.runbook.airflow.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activities.RunbookActivities;
import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.airflow.AirflowMigrationWorkflowImpl;
import dev.runbook.airflow.client.AirflowAuth;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.Connection;
import dev.runbook.airflow.client.Dag;
import dev.runbook.airflow.client.DagDetails;
import dev.runbook.airflow.client.DagRun;
import dev.runbook.airflow.client.DagRunQuery;
import dev.runbook.airflow.client.Pool;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.airflow.AirflowInstance;
import dev.runbook.testkit.airflow.AirflowPair;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import dev.runbook.testkit.world.AirflowRehearsal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Airflow runbook against two real Airflow 3 instances (the source playing Astronomer),
 * the Helm release's workloads played by fabric8's mock. Checks with both instances' DAG runs that
 * no data interval ran twice or was left out. Expects instances whose target has not seen these
 * DAGs before (a fresh pair, or {@code scripts/airflow-instances.sh reset target}); the rollback
 * test runs first, on DAGs the full migration does not touch.
 */
@Tag("airflow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowMigrationEndToEndIT {

  private static final Logger log = LoggerFactory.getLogger(AirflowMigrationEndToEndIT.class);
  static final Path LAB_PLAN = Path.of("../deploy/examples/airflow-lab-plan.yaml");
  static final Duration GATE_WAIT = Duration.ofMinutes(4);
  /** How far apart consecutive scheduled runs of the migrated time-scheduled DAGs are. */
  static final Map<String, Duration> STEP = Map.of(
      "hourly_ingest", Duration.ofHours(1), "every_15_minutes", Duration.ofMinutes(15),
      "pool_bound_load", Duration.ofDays(1), "reads_variable", Duration.ofDays(1), "uses_connection", Duration.ofDays(1));

  @TempDir static Path reports;
  static AirflowPair pair;
  static AirflowClient source;
  static AirflowClient target;
  static MockKubernetes kubernetes;

  RunbookTestEnvironment env;
  WorkflowClient client;

  @BeforeAll
  static void startWorld() {
    pair = AirflowPair.sharedForTests();
    source = connect(pair.source());
    target = connect(pair.target());
    kubernetes = MockKubernetes.start();
    AirflowRehearsal.prepareKubernetes(kubernetes.client(), pair);
  }

  @AfterAll
  static void stopKubernetes() {
    kubernetes.close();
  }

  @BeforeEach
  void startTemporal() {
    Map<String, String> workerEnvironment = AirflowRehearsal.workerEnvironment(pair);
    env = RunbookTestEnvironment.realTime().start(RunbookActivities.create(
        kubernetes.client(), new ReferenceResolver(workerEnvironment, kubernetes.client()), new LogNotifier(),
        new RunbookActivities.Settings(reports, Duration.ofSeconds(1), Duration.ofMinutes(3)))
        .toArray());
    client = env.client();
  }

  @AfterEach
  void stopTemporal() {
    env.close();
  }

  @Test
  @Order(1)
  void rollbackAtABatchGateRestoresEveryPauseStateOnBothInstances() throws Exception {
    List<String> dags = List.of("team_a_finance", "weekly_cleanup", "python_transform", "generated_customer_acme");
    pair.deployToTarget("team_a_finance.py", "weekly_cleanup.py", "python_transform.py", "generated_customers.py");
    source.setPaused("weekly_cleanup", true);
    Map<String, Boolean> original = pauseStates(source, dags);
    AirflowMigrationPlan lab = labPlan();
    AirflowMigrationPlan plan = new AirflowMigrationPlan(lab.migrationId(), lab.source(), lab.target(), lab.metadata(),
        new AirflowMigrationPlan.Dags(dags, 2, lab.dags().parseTimeout(), null, null), lab.cutover(), lab.approvals());

    AirflowMigrationWorkflow run = start(plan);
    approveThrough(run, AirflowMigrationWorkflow.batchGate(1));
    awaitGate(run, AirflowMigrationWorkflow.batchGate(2));
    run.decide(GateDecision.reject(AirflowMigrationWorkflow.batchGate(2), "operator", "rehearsal of a no-go"));

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status(), outcome.message());
    assertEquals(original, pauseStates(source, dags), "source back as it was");
    assertEquals(Map.of("team_a_finance", true, "weekly_cleanup", true, "python_transform", true,
        "generated_customer_acme", true), pauseStates(target, dags), "target paused again");
    for (String dag : List.of("team_a_finance", "python_transform", "generated_customer_acme")) {
      assertNoIntervalRunTwice(dag);
    }
  }

  @Test
  @Order(2)
  void migratesTwoBatchesWithEveryIntervalRunExactlyOnce() throws Exception {
    long started = System.nanoTime();
    AirflowMigrationPlan plan = labPlan();
    List<String> dags = plan.dags().order();
    pair.deployToTarget(AirflowRehearsal.LAB_DAG_FILES.toArray(String[]::new));
    Map<String, Boolean> original = pauseStates(source, dags);
    assertEquals(true, original.get("paused_on_arrival"));

    AirflowMigrationWorkflow run = start(plan);
    Progress atBatch1 = approveThrough(run, AirflowMigrationWorkflow.batchGate(1));
    assertTrue(atBatch1.pendingGate().evidence().contains(
        "daily_backfill_week: REPEATS (would re-run 7 interval(s) already run, 2026-01-01T00:00:00Z … 2026-01-07T00:00:00Z"),
        atBatch1.pendingGate().evidence());
    approveThrough(run, AirflowMigrationWorkflow.batchGate(2));
    approveThrough(run, AirflowMigrationWorkflow.DECOMMISSION);
    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status(), outcome.message());

    assertTrue(target.listPools().contains(new Pool("etl_pool", 3, "Slots for the warehouse loads", false)));
    assertEquals("data-team@example.com", target.findVariable("report_recipient").orElseThrow().value());
    assertTrue(target.findVariable("partner_api_key").orElseThrow().isMasked(), "migrated from its secret reference");
    assertEquals(Connection.PasswordState.SET, target.findConnection("warehouse_db").orElseThrow().password());
    assertEquals("api.partner.example", target.findConnection("partner_api").orElseThrow().host());

    assertEquals(original, pauseStates(target, dags), "pause states mirrored on the target");
    List<String> unpausedOnSource = source.listDags().stream().filter(dag -> !dag.paused()).map(Dag::dagId).toList();
    assertEquals(List.of(), unpausedOnSource, "decommission leaves the source fully paused");

    int intervals = 0;
    for (String dag : STEP.keySet()) {
      intervals += assertNoIntervalRunTwice(dag);
      assertNextRunFollowsTheSourcesLast(dag);
    }
    intervals += assertNoIntervalRunTwice("daily_backfill_week");
    assertEquals(7, markedRuns("daily_backfill_week").size());
    assertEquals(null, target.findDagDetails("daily_backfill_week").orElseThrow().nextLogicalDate(),
        "all seven intervals marked: the target plans no backfill");
    assertEquals(List.of(), automatedRuns(target, "daily_backfill_week"));

    String report = Files.readString(reports.resolve("lab-airflow/airflow-migration-report.json"));
    assertTrue(report.contains("\"pausedAtDecommission\""), report);
    assertTrue(!report.contains("not-a-real"), "no secret value in the report");
    log.info("Airflow end-to-end: {} DAGs in 2 batches, {} source intervals checked against the target, in {} s",
        dags.size(), intervals, (System.nanoTime() - started) / 1_000_000_000);
  }

  /**
   * The source has a provider package the target lacks ({@code scripts/requirements-airflow-source.txt})
   * and a DAG using it; batches shaped by id and by tag, DAGs failing on the target held on the source.
   */
  @Test
  @Order(3)
  void aDagNeedingAProviderTheTargetLacksIsHeldOnTheSourceWhileItsBatchMoves() throws Exception {
    pair.deployToTarget("uses_sqlite_provider.py", "needs_astro_helpers.py", "taskflow_etl.py");
    source.setPaused("taskflow_etl", false);
    List<String> dags = List.of("needs_astro_helpers", "taskflow_etl", "uses_sqlite_provider");
    Map<String, Boolean> original = pauseStates(source, dags);
    AirflowMigrationPlan plan = shapedLabPlan(AirflowMigrationPlan.ParityFailurePolicy.HOLD_ON_SOURCE,
        new AirflowMigrationPlan.Batch(List.of("needs_astro_helpers", "taskflow_etl"), List.of("provider"), null),
        new AirflowMigrationPlan.Batch(null, List.of("delta"), null));

    AirflowMigrationWorkflow run = start(plan);
    Progress atMetadata = awaitGate(run, AirflowMigrationWorkflow.METADATA);
    assertTrue(atMetadata.pendingGate().evidence().contains("\nprovider apache-airflow-providers-sqlite 4.3.4: missing on the target\n"),
        atMetadata.pendingGate().evidence());
    run.decide(GateDecision.approve(AirflowMigrationWorkflow.METADATA, "operator", null));
    Progress atBatch1 = Eventually.await("gate batch-1", GATE_WAIT, run::progress, p -> p.parkedStep() != null
        || (p.pendingGate() != null && p.pendingGate().name().equals(AirflowMigrationWorkflow.batchGate(1))));
    assertEquals(null, atBatch1.parkedStep(), atBatch1.steps().toString());

    assertEquals("batch 1: 1 DAG(s) on the target, unpaused there: taskflow_etl\n"
        + "HELD ON THE SOURCE (fail on the target): needs_astro_helpers: needs_astro_helpers.py: ModuleNotFoundError: No module "
        + "named 'astro_helpers'; uses_sqlite_provider: needs provider apache-airflow-providers-sqlite 4.3.4, missing on the target: "
        + "uses_sqlite_provider.py: ModuleNotFoundError: No module named 'airflow.providers.sqlite'",
        atBatch1.pendingGate().evidence().lines().limit(2).collect(Collectors.joining("\n")));
    assertEquals(Map.of("needs_astro_helpers", original.get("needs_astro_helpers"), "taskflow_etl", true,
        "uses_sqlite_provider", original.get("uses_sqlite_provider")), pauseStates(source, dags), "held DAGs untouched on the source");
    log.info("provider parity: {}", parityTimes(atBatch1));
    run.decide(GateDecision.reject(AirflowMigrationWorkflow.batchGate(1), "operator", "rehearsal ends here"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertEquals(original, pauseStates(source, dags), "source back as it was");
  }

  @Test
  @Order(4)
  void anImportErrorOnTheTargetParksTheBatchWellBeforeTheParseTimeout() throws Exception {
    pair.deployToTarget("uses_sqlite_provider.py");
    AirflowMigrationPlan plan = shapedLabPlan(AirflowMigrationPlan.ParityFailurePolicy.BLOCK_BATCH,
        new AirflowMigrationPlan.Batch(List.of("uses_sqlite_provider"), null, null));

    AirflowMigrationWorkflow run = start(plan);
    approveThrough(run, AirflowMigrationWorkflow.METADATA);
    Progress parked = Eventually.await("the parity step parked", GATE_WAIT, run::progress, p -> p.parkedStep() != null);

    assertEquals("DAG parity of batch-1", parked.parkedStep());
    var step = parked.steps().stream().filter(s -> s.name().equals("DAG parity of batch-1")).findFirst().orElseThrow();
    assertEquals("DagImportFailed: DAG parity on the target: uses_sqlite_provider: uses_sqlite_provider.py: ModuleNotFoundError: "
        + "No module named 'airflow.providers.sqlite'", step.lastError());
    Duration tookToPark = Duration.ofMillis(step.finishedAt() - step.startedAt());
    log.info("import error parked the batch after {} ms (parse timeout {})", tookToPark.toMillis(), plan.dags().parseTimeout());
    assertTrue(tookToPark.compareTo(Duration.ofSeconds(45)) < 0, "parked after " + tookToPark);
    run.act(new dev.runbook.kernel.OperatorAction(dev.runbook.kernel.OperatorAction.Kind.ROLLBACK, null, "operator", "done"));
    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
  }

  private static String parityTimes(Progress progress) {
    return progress.steps().stream().filter(step -> step.name().startsWith("DAG parity"))
        .map(step -> step.name() + " " + (step.finishedAt() - step.startedAt()) + " ms").collect(Collectors.joining(", "));
  }

  private static AirflowMigrationPlan shapedLabPlan(
      AirflowMigrationPlan.ParityFailurePolicy onFailure, AirflowMigrationPlan.Batch... batches) throws Exception {
    AirflowMigrationPlan lab = labPlan();
    return new AirflowMigrationPlan(lab.migrationId(), lab.source(), lab.target(), lab.metadata(),
        new AirflowMigrationPlan.Dags(null, null, lab.dags().parseTimeout(), List.of(batches), onFailure), lab.cutover(),
        lab.approvals());
  }

  /** No automated run on the target at a logical date the source ran; marked runs only where the source ran. */
  private static int assertNoIntervalRunTwice(String dag) {
    Set<Instant> ranOnSource = logicalDates(automatedRuns(source, dag));
    Set<Instant> both = new HashSet<>(logicalDates(automatedRuns(target, dag)));
    both.retainAll(ranOnSource);
    assertEquals(Set.of(), both, dag + ": intervals run on both instances");
    assertTrue(ranOnSource.containsAll(markedRuns(dag)), dag + ": marked intervals the source never ran");
    Set<Instant> backOnSource = new HashSet<>(logicalDates(automatedRuns(target, dag)));
    backOnSource.retainAll(logicalDates(source.listDagRuns(dag, new DagRunQuery(Set.of(), DagRunQuery.Order.OLDEST_FIRST, 1000))
        .stream().filter(run -> !run.runId().startsWith(AirflowActivitiesImpl.MARK_RUN_PREFIX)).toList()));
    assertEquals(Set.of(), backOnSource, dag + ": intervals the target ran were run again on the source");
    return ranOnSource.size();
  }

  /** The target's first run (or, before it, its planned next run) is the one right after the source's last. */
  private static void assertNextRunFollowsTheSourcesLast(String dag) {
    Instant last = logicalDates(automatedRuns(source, dag)).stream().max(Instant::compareTo).orElseThrow();
    Instant expected = last.plus(STEP.get(dag));
    Set<Instant> marked = markedRuns(dag);
    // After a reparse the target plans from its last automated run again, then skips the marked date in its next loop.
    Instant first = Eventually.await(dag + ": first run on the target", Duration.ofSeconds(60), () -> {
      List<DagRun> ran = automatedRuns(target, dag);
      return ran.isEmpty() ? target.findDagDetails(dag).map(DagDetails::nextLogicalDate).orElse(null) : ran.get(0).logicalDate();
    }, next -> next != null && !marked.contains(next));
    assertEquals(expected, first, dag + ": the source's last run was " + last);
  }

  private static List<DagRun> automatedRuns(AirflowClient client, String dag) {
    return client.listDagRuns(dag, DagRunQuery.automated(null, DagRunQuery.Order.OLDEST_FIRST, 1000));
  }

  private static Set<Instant> markedRuns(String dag) {
    return target.listDagRuns(dag, new DagRunQuery(Set.of(), DagRunQuery.Order.OLDEST_FIRST, 1000)).stream()
        .filter(run -> run.runId().startsWith(AirflowActivitiesImpl.MARK_RUN_PREFIX))
        .map(DagRun::logicalDate).collect(Collectors.toSet());
  }

  private static Set<Instant> logicalDates(List<DagRun> runs) {
    return runs.stream().map(DagRun::logicalDate).collect(Collectors.toSet());
  }

  private static Map<String, Boolean> pauseStates(AirflowClient client, List<String> dags) {
    Map<String, Boolean> states = new LinkedHashMap<>();
    dags.forEach(dag -> states.put(dag, client.findDag(dag).orElseThrow().paused()));
    return states;
  }

  private static AirflowMigrationPlan labPlan() throws Exception {
    return PlanFiles.parse(LAB_PLAN.toString(), AirflowRehearsal.plan(Files.readString(LAB_PLAN), pair), AirflowMigrationPlan.class);
  }

  private static AirflowClient connect(AirflowInstance instance) {
    return AirflowClient.connect(instance.baseUrl().toString(),
        new AirflowAuth.UsernamePassword(instance.username(), instance.password()));
  }

  private AirflowMigrationWorkflow start(AirflowMigrationPlan plan) {
    AirflowMigrationWorkflow run = client.newWorkflowStub(AirflowMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  /** Waits for {@code gate}, approving the metadata gate on the way should it open. */
  private static Progress approveThrough(AirflowMigrationWorkflow run, String gate) {
    Progress progress = awaitGate(run, gate);
    run.decide(GateDecision.approve(gate, "operator", null));
    return progress;
  }

  private static Progress awaitGate(AirflowMigrationWorkflow run, String gate) {
    long deadline = System.nanoTime() + GATE_WAIT.toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = run.progress();
      if (last.pendingGate() != null && last.pendingGate().name().equals(AirflowMigrationWorkflow.METADATA)
          && !gate.equals(AirflowMigrationWorkflow.METADATA)) {
        run.decide(GateDecision.approve(AirflowMigrationWorkflow.METADATA, "operator", null));
      } else if (last.pendingGate() != null && last.pendingGate().name().equals(gate)) {
        return last;
      }
      assertTrue(last.parkedStep() == null, "parked: " + last.parkedStep() + " " + last.steps());
      sleep();
    }
    throw new AssertionError("gate " + gate + " not reached; last progress: " + last);
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RunbookOutcome result(AirflowMigrationWorkflow run) throws Exception {
    return WorkflowStub.fromTyped(run).getResult(GATE_WAIT.toSeconds(), TimeUnit.SECONDS, RunbookOutcome.class);
  }
}
