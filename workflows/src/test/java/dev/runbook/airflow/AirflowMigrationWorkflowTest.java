package dev.runbook.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.AirflowMigrationPlan.Cutover;
import dev.runbook.airflow.AirflowMigrationPlan.Dags;
import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.InMemoryAirflowWorld;
import dev.runbook.testing.RunbookTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Airflow runbook's orchestration over an in-memory world: order of changes, gates per batch, rollbacks. */
class AirflowMigrationWorkflowTest {

  static final String SOURCE_URL = "https://acme.astronomer.run/d1a2b3c4";
  static final String TARGET_URL = "http://airflow-api-server.airflow:8080";
  static final Instant H1 = Instant.parse("2026-11-22T01:00:00Z");
  static final Instant H2 = Instant.parse("2026-11-22T02:00:00Z");
  static final List<RunInterval> WEEK = List.of(
      day("2026-01-01"), day("2026-01-02"), day("2026-01-03"), day("2026-01-04"), day("2026-01-05"), day("2026-01-06"),
      day("2026-01-07"));

  RunbookTestEnvironment env;
  WorkflowClient client;
  InMemoryAirflowWorld world;

  @BeforeEach
  void start() {
    world = new InMemoryAirflowWorld(SOURCE_URL, TARGET_URL)
        .withDag("hourly_ingest", Duration.ofHours(1), false, null, false,
            List.of(RunInterval.at(H1.minusSeconds(3600)), RunInterval.at(H1)), RunInterval.at(H2), RunInterval.at(H1))
        .withDag("daily_backfill_week", Duration.ofDays(1), true, WEEK.get(6).logicalDate(), false, WEEK, null, WEEK.get(0))
        .withDag("paused_on_arrival", Duration.ofDays(1), false, null, true, List.of(), day("2026-11-22"), day("2026-11-22"))
        .withDag("manual_trigger_only", null, false, null, false, List.of(), null, null)
        .withDag("every_15_minutes", Duration.ofMinutes(15), false, null, false,
            List.of(RunInterval.at(H1.plusSeconds(30 * 60)), RunInterval.at(H1.plusSeconds(45 * 60))), RunInterval.at(H2),
            RunInterval.at(H2));
    world.source.pools.add("etl_pool");
    world.source.variables.putAll(Map.of("report_recipient", false, "partner_api_key", true));
    world.source.connections.add("warehouse_db");
    world.target.pools.add("default_pool");
    env = RunbookTestEnvironment.timeSkipping().start(world);
    client = env.client();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void migratesBatchByBatchMarkingWhatTheSourceRanAndMirroringPauseStates() {
    AirflowMigrationWorkflow run = start(plan(100, Map.of("partner_api_key", SecretRef.env("PARTNER_API_KEY"))));
    approve(run, "batch-1");
    approve(run, "batch-2");
    approve(run, "batch-3");
    approve(run, AirflowMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status(), outcome.message());
    assertEquals(List.of(
        "copy metadata: pool etl_pool, variable partner_api_key, variable report_recipient, connection warehouse_db",
        "pause source hourly_ingest when idle", "pause source daily_backfill_week when idle",
        "mark target hourly_ingest [2026-11-22T01:00:00Z]",
        "mark target daily_backfill_week [2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z, 2026-01-03T00:00:00Z, "
            + "2026-01-04T00:00:00Z, 2026-01-05T00:00:00Z, 2026-01-06T00:00:00Z, 2026-01-07T00:00:00Z]",
        "unpause target hourly_ingest", "unpause target daily_backfill_week",
        "pause source manual_trigger_only when idle", "unpause target manual_trigger_only",
        "pause source every_15_minutes when idle", "unpause target every_15_minutes",
        "write report analytics (3 batches)"), world.changes);
    assertEquals(List.of("batch-1", "batch-2", "batch-3", "decommission"), world.gatesOpened(), "no metadata gate: all migrated");
    assertEquals(Map.of("daily_backfill_week", false, "every_15_minutes", false, "hourly_ingest", false,
        "manual_trigger_only", false, "paused_on_arrival", true), world.target.pauseStates());
    assertTrue(world.source.pauseStates().values().stream().allMatch(paused -> paused), "source fully paused");
    assertEquals(RunInterval.at(H2), world.target.dags.get("hourly_ingest").next, "the hour after the source's last");
    assertEquals(null, world.target.dags.get("daily_backfill_week").next, "no backfill of the week");
    String evidence = world.gateEvidence().get("batch-1");
    assertTrue(evidence.startsWith("batch 1: 2 DAG(s) on the target, unpaused there: hourly_ingest, daily_backfill_week\n"
        + "hourly_ingest: REPEATS (would re-run 1 interval(s) already run, 2026-11-22T01:00:00Z (catchup off)"), evidence);
    assertTrue(evidence.contains("daily_backfill_week: next run on the target none"), evidence);
    assertEquals("memory://analytics/airflow-migration-report.json", AirflowFacts.FINAL_REPORT.in(outcome.progress().facts()).orElseThrow());
  }

  @Test
  void rejectionAtTheSecondBatchGateHandsBothBatchesBackAndRestoresEveryPauseState() {
    Map<String, Boolean> sourceBefore = world.source.pauseStates();
    AirflowMigrationWorkflow run = start(plan(100, Map.of("partner_api_key", SecretRef.env("PARTNER_API_KEY"))));
    approve(run, "batch-1");
    awaitGate(run, "batch-2");
    world.ranOnTarget("hourly_ingest", H2);
    int changesBefore = world.changes.size();
    run.decide(GateDecision.reject("batch-2", "alice", "warehouse load too high"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertEquals(List.of(
        "pause target manual_trigger_only when idle", "unpause source manual_trigger_only",
        "pause target hourly_ingest when idle", "pause target daily_backfill_week when idle",
        "mark source hourly_ingest [2026-11-22T02:00:00Z]",
        "unpause source hourly_ingest", "unpause source daily_backfill_week",
        "remove metadata from target: [etl_pool] [partner_api_key, report_recipient] [warehouse_db]"),
        world.changes.subList(changesBefore, world.changes.size()));
    assertEquals(sourceBefore, world.source.pauseStates());
    assertTrue(world.target.pauseStates().values().stream().allMatch(paused -> paused), "target paused again");
    assertEquals(List.of("default_pool"), world.target.pools);
  }

  @Test
  void heldDagWhoseBackfillExceedsTheMarkingLimitStaysPausedWithTheRiskShownAtTheGate() {
    AirflowMigrationWorkflow run = start(plan(3, Map.of("partner_api_key", SecretRef.env("PARTNER_API_KEY"))));
    Progress atGate = awaitGate(run, "batch-1");

    assertTrue(atGate.pendingGate().evidence().contains("\nHELD PAUSED on the target (risk): daily_backfill_week: would re-run "
        + "more than 3 intervals already run, from 2026-01-01T00:00:00Z (catchup on); the plan allows marking 3 per DAG\n"),
        atGate.pendingGate().evidence());
    approve(run, "batch-1");
    approve(run, "batch-2");
    approve(run, "batch-3");
    approve(run, AirflowMigrationWorkflow.DECOMMISSION);
    assertEquals(RunbookStatus.COMPLETED, result(run).status());
    assertTrue(world.target.dags.get("daily_backfill_week").paused);
    assertEquals(List.of(), world.target.dags.get("daily_backfill_week").marked);
    assertTrue(world.source.dags.get("daily_backfill_week").paused, "it runs nowhere until an operator decides");
  }

  @Test
  void metadataTheApisCannotCarryOpensTheMetadataGateAndRejectingRemovesWhatWasCopied() {
    AirflowMigrationWorkflow run = start(plan(100, Map.of()));
    Progress atGate = awaitGate(run, AirflowMigrationWorkflow.METADATA);

    assertEquals("not migrated, to be provided on the target before its DAGs run:\n"
        + "variable partner_api_key: value masked by the source API and no secret reference in metadata.variables\n"
        + "migrated: 3 created, 0 overwritten, 0 unchanged, 0 kept as on the target; not migrated: "
        + "variable partner_api_key: value masked by the source API and no secret reference in metadata.variables",
        atGate.pendingGate().evidence());
    run.decide(GateDecision.reject(AirflowMigrationWorkflow.METADATA, "alice", "get the key first"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertEquals(List.of("copy metadata: pool etl_pool, variable report_recipient, connection warehouse_db",
        "remove metadata from target: [etl_pool] [partner_api_key, report_recipient] [warehouse_db]"), world.changes);
    assertEquals(List.of("default_pool"), world.target.pools);
  }

  @Test
  void aPlanNamingDagsTheSourceDoesNotHaveParksBeforeAnythingChanges() {
    AirflowMigrationPlan plan = plan(100, Map.of("partner_api_key", SecretRef.env("K")));
    AirflowMigrationPlan wrong = new AirflowMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.metadata(),
        new Dags(List.of("hourly_ingest", "hourly_injest"), 2, null, null, null), plan.cutover(), plan.approvals());
    AirflowMigrationWorkflow run = start(wrong);
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("PlanDoesNotMatchReality: the plan does not match the source: "
        + "dags.order[1]: 'hourly_injest' is not a DAG of the source", parked.steps().get(0).lastError());
    run.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "alice", "fix the plan"));
    assertEquals(RunbookStatus.ABORTED, result(run).status());
    assertEquals(List.of(), world.changes);
  }

  @Test
  void invalidPlanFailsTheRunWithEveryProblemNamed() {
    AirflowMigrationPlan plan = plan(100, Map.of());
    AirflowMigrationPlan invalid = new AirflowMigrationPlan(plan.migrationId(), plan.source(),
        new AirflowMigrationPlan.Target(new AirflowEndpoint(SOURCE_URL + "/", SecretRef.env("T"), null, null), "airflow", "airflow"),
        plan.metadata(), new Dags(List.of("hourly_ingest", "hourly_ingest"), 0, null, null, null), plan.cutover(), plan.approvals());
    AirflowMigrationWorkflow run = start(invalid);

    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class, () -> result(run));
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertEquals("InvalidPlan", cause.getType());
    assertEquals("the plan is invalid: target.api.url: 'https://acme.astronomer.run/d1a2b3c4/' is the source itself "
        + "(source.api.url); dags.order[1]: 'hourly_ingest' is listed twice (also dags.order[0]); "
        + "dags.batchSize: must be at least 1, got 0", cause.getOriginalMessage());
    assertEquals(List.of(), world.changes);
  }

  @Test
  void parityThatIsNotReachedParksTheBatchAndRollbackLeavesTheSourceUntouched() {
    world.target.dags.remove("daily_backfill_week");
    AirflowMigrationWorkflow run = start(plan(100, Map.of("partner_api_key", SecretRef.env("K"))));
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("DAG parity of batch-1", parked.parkedStep());
    assertTrue(parked.steps().stream().anyMatch(step -> step.lastError() != null
        && step.lastError().contains("waiting for daily_backfill_week (not parsed yet)")), parked.steps().toString());
    run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "alice", "the image lacks the file"));
    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertEquals(List.of("copy metadata: pool etl_pool, variable partner_api_key, variable report_recipient, connection warehouse_db",
        "remove metadata from target: [etl_pool] [partner_api_key, report_recipient] [warehouse_db]"), world.changes);
  }

  @Test
  void aDagFailingOnTheTargetIsHeldOnTheSourceWhileItsShapedBatchMoves() throws Exception {
    world.source.tags.put("every_15_minutes", List.of("finance"));
    world.target.importErrors.put("daily_backfill_week", "ModuleNotFoundError: No module named 'airflow.providers.sqlite'");
    world.source.providers.addAll(List.of(new AirflowActivities.ProviderInfo("apache-airflow-providers-sqlite", "4.3.4"),
        new AirflowActivities.ProviderInfo("apache-airflow-providers-standard", "1.21.0")));
    world.target.providers.add(new AirflowActivities.ProviderInfo("apache-airflow-providers-standard", "1.21.0"));
    AirflowMigrationPlan plan = shaped(plan(100, Map.of("partner_api_key", SecretRef.env("PARTNER_API_KEY"))),
        AirflowMigrationPlan.ParityFailurePolicy.HOLD_ON_SOURCE,
        new AirflowMigrationPlan.Batch(List.of("manual_trigger_only", "daily_backfill_week"), List.of("finance"), null),
        new AirflowMigrationPlan.Batch(List.of("hourly_ingest"), null, null));
    AirflowMigrationWorkflow run = start(plan);
    Progress atMetadata = awaitGate(run, AirflowMigrationWorkflow.METADATA);
    assertTrue(atMetadata.pendingGate().evidence().startsWith("not migrated, to be provided on the target before its DAGs run:\n"
        + "provider apache-airflow-providers-sqlite 4.3.4: missing on the target\nmigrated: "), atMetadata.pendingGate().evidence());
    approve(run, AirflowMigrationWorkflow.METADATA);
    Progress atGate = awaitGate(run, "batch-1");

    assertEquals("batch 1: 2 DAG(s) on the target, unpaused there: manual_trigger_only, every_15_minutes\n"
        + "HELD ON THE SOURCE (fail on the target): daily_backfill_week: needs provider apache-airflow-providers-sqlite 4.3.4, "
        + "missing on the target: daily_backfill_week.py: ModuleNotFoundError: No module named 'airflow.providers.sqlite'", atGate.pendingGate().evidence().lines().limit(2)
        .reduce((a, b) -> a + "\n" + b).orElseThrow());
    approve(run, "batch-1");
    approve(run, "batch-2");
    Progress atDecommission = awaitGate(run, AirflowMigrationWorkflow.DECOMMISSION);
    assertTrue(atDecommission.pendingGate().evidence().endsWith(
        "including those not migrated: daily_backfill_week, paused_on_arrival"), atDecommission.pendingGate().evidence());
    approve(run, AirflowMigrationWorkflow.DECOMMISSION);

    assertEquals(RunbookStatus.COMPLETED, result(run).status());
    assertEquals(List.of("pause source manual_trigger_only when idle", "pause source every_15_minutes when idle",
        "unpause target manual_trigger_only", "unpause target every_15_minutes",
        "pause source hourly_ingest when idle", "mark target hourly_ingest [2026-11-22T01:00:00Z]", "unpause target hourly_ingest",
        "pause source daily_backfill_week", "write report analytics (2 batches)"),
        world.changes.subList(1, world.changes.size()));
    assertTrue(world.target.dags.get("daily_backfill_week").paused, "never handed over");
    if (Boolean.getBoolean("runbook.recordHistory")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories/airflow-held-on-source.json"),
          client.fetchHistory(plan.workflowId()).toJson(true));
    }
  }

  @Test
  void anImportErrorOnTheTargetParksTheBatchAtOnceWithTheError() {
    world.target.importErrors.put("hourly_ingest", "ModuleNotFoundError: No module named 'astro_helpers'");
    AirflowMigrationWorkflow run = start(plan(100, Map.of("partner_api_key", SecretRef.env("PARTNER_API_KEY"))));
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("DAG parity of batch-1", parked.parkedStep());
    assertEquals("DagImportFailed: DAG parity on the target: hourly_ingest: hourly_ingest.py: ModuleNotFoundError: "
        + "No module named 'astro_helpers'", parked.steps().stream().filter(step -> step.lastError() != null)
        .findFirst().orElseThrow().lastError());
    run.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "alice", "fix the image"));
    assertEquals(RunbookStatus.ABORTED, result(run).status());
  }

  // ---- helpers ----

  static AirflowMigrationPlan shaped(
      AirflowMigrationPlan plan, AirflowMigrationPlan.ParityFailurePolicy onFailure, AirflowMigrationPlan.Batch... batches) {
    return new AirflowMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.metadata(),
        new Dags(null, null, null, List.of(batches), onFailure), plan.cutover(), plan.approvals());
  }

  static RunInterval day(String date) {
    return RunInterval.at(Instant.parse(date + "T00:00:00Z"));
  }

  static AirflowMigrationPlan plan(int maxMarked, Map<String, SecretRef> variables) {
    return new AirflowMigrationPlan(
        "analytics",
        new AirflowMigrationPlan.Source(new AirflowEndpoint(SOURCE_URL, SecretRef.env("ASTRO_TOKEN"), null, null), null),
        new AirflowMigrationPlan.Target(new AirflowEndpoint(TARGET_URL, null, SecretRef.env("AIRFLOW_USER"),
            SecretRef.kubernetes("airflow", "airflow-admin", "password")), "airflow", "airflow"),
        new Metadata(Metadata.ConflictPolicy.FAIL, variables, Map.of()),
        new Dags(List.of("hourly_ingest", "daily_backfill_week", "paused_on_arrival", "manual_trigger_only", "every_15_minutes"),
            2, null, null, null),
        new Cutover(null, IntervalRiskPolicy.MARK_DONE, maxMarked),
        new Approvals(new GatePolicy(List.of("alice", "bob"), 1, null, null), null, null));
  }

  AirflowMigrationWorkflow start(AirflowMigrationPlan plan) {
    AirflowMigrationWorkflow run = client.newWorkflowStub(AirflowMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  void approve(AirflowMigrationWorkflow run, String gate) {
    awaitGate(run, gate);
    run.decide(GateDecision.approve(gate, "alice", null));
  }

  static Progress awaitGate(AirflowMigrationWorkflow run, String gate) {
    return RunbookProbe.awaitGate(run, gate, Duration.ofSeconds(20));
  }

  static Progress awaitProgress(AirflowMigrationWorkflow run, Predicate<Progress> condition) {
    return RunbookProbe.awaitProgress(run, condition, Duration.ofSeconds(20));
  }

  static RunbookOutcome result(AirflowMigrationWorkflow run) {
    return RunbookProbe.result(run, Duration.ofSeconds(30));
  }
}
