package dev.runbook.airflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.airflow.AirflowInstance;
import dev.runbook.testkit.airflow.AirflowPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against two real Airflow 3.3 instances: the source seeded like an Astronomer
 * deployment, the target filled by these tests. Written to pass on fresh and on reused instances.
 */
class AirflowClientAgainstRealAirflowIT {

  private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(90);
  private static final Set<String> SAMPLE_DAG_IDS = Set.of(
      "asset_consumer", "asset_producer", "daily_backfill_week", "daily_report", "every_15_minutes",
      "generated_customer_acme", "generated_customer_globex", "hourly_backfill_window", "hourly_ingest",
      "long_running_job", "manual_trigger_only", "needs_astro_helpers", "paused_on_arrival", "pool_bound_load",
      "python_transform", "reads_variable", "single_active_run", "six_hourly_timedelta", "taskflow_etl",
      "team_a_finance", "uses_connection", "uses_sqlite_provider", "weekly_cleanup");

  private static AirflowPair airflow;
  private static AirflowClient source;
  private static AirflowClient target;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  @BeforeAll
  static void startAirflow() {
    airflow = AirflowPair.sharedForTests();
    source = connect(airflow.source());
    target = connect(airflow.target());
  }

  private static AirflowClient connect(AirflowInstance instance) {
    return AirflowClient.connect(instance.baseUrl().toString(),
        new AirflowAuth.UsernamePassword(instance.username(), instance.password()));
  }

  @Test
  void detectsAirflow3ServingApiV2() {
    assertEquals(AirflowApiVersion.V2, source.api());
    assertTrue(source.version().version().startsWith("3.3."), source.version().toString());
  }

  @Test
  void reportsEveryRunningComponentHealthyAndNoTriggerer() {
    for (AirflowClient client : List.of(source, target)) {
      AirflowHealth health = client.health();
      assertTrue(health.isHealthy(), "unhealthy: " + health.unhealthyComponents());
      assertTrue(health.components().get("dag_processor").isHealthy());
      assertFalse(health.components().get("triggerer").isReported(), "the lab runs no triggerer");
      assertTrue(health.components().get("scheduler").latestHeartbeat().isAfter(Instant.now().minusSeconds(120)));
    }
  }

  @Test
  void listsAllSampleDagsOfTheSourceAcrossPages() {
    List<Dag> dags = Eventually.await("all sample DAGs parsed on the source", PARSE_TIMEOUT,
        source::listDags, listed -> listed.size() >= SAMPLE_DAG_IDS.size());

    assertEquals(SAMPLE_DAG_IDS, dags.stream().map(Dag::dagId).collect(Collectors.toSet()));
    Dag paused = dags.stream().filter(dag -> dag.dagId().equals("paused_on_arrival")).findFirst().orElseThrow();
    assertTrue(paused.paused());
    Dag hourly = source.findDag("hourly_ingest").orElseThrow();
    assertEquals("0 * * * *", hourly.schedule(), "Airflow 3 reports the preset as its cron expression");
    assertEquals("hourly_ingest.py", hourly.fileLocation());
    assertEquals(List.of("hourly"), hourly.tags());
    assertEquals("generated_customers.py", source.findDag("generated_customer_acme").orElseThrow().fileLocation());
    assertTrue(source.findDag("no_such_dag").isEmpty());
  }

  @Test
  void pausesAndUnpausesADag() {
    Eventually.await("manual_trigger_only parsed", PARSE_TIMEOUT,
        () -> source.findDag("manual_trigger_only"), found -> found.isPresent());

    assertTrue(source.setPaused("manual_trigger_only", true).paused());
    assertTrue(source.findDag("manual_trigger_only").orElseThrow().paused());
    assertFalse(source.setPaused("manual_trigger_only", false).paused());
    assertFalse(source.findDag("manual_trigger_only").orElseThrow().paused());
  }

  @Test
  void listsTheScheduledCatchupRunsFilteredAndOrdered() {
    List<DagRun> oldestFirst = Eventually.await("seven successful catchup runs", PARSE_TIMEOUT,
        () -> source.listDagRuns("daily_backfill_week",
            new DagRunQuery(Set.of(DagRunState.SUCCESS), DagRunQuery.Order.OLDEST_FIRST, 100)),
        runs -> runs.size() == 7);

    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), oldestFirst.get(0).logicalDate());
    assertEquals(Instant.parse("2026-01-07T00:00:00Z"), oldestFirst.get(6).logicalDate());
    assertTrue(oldestFirst.stream().allMatch(run -> run.runType().equals("scheduled")));
    // Airflow 3 schedules cron presets with CronTriggerTimetable: no data interval, start == end.
    assertEquals(oldestFirst.get(0).dataIntervalStart(), oldestFirst.get(0).dataIntervalEnd());

    List<DagRun> newestTwo = source.listDagRuns("daily_backfill_week", DagRunQuery.newest(2, DagRunState.SUCCESS));
    assertEquals(List.of(Instant.parse("2026-01-07T00:00:00Z"), Instant.parse("2026-01-06T00:00:00Z")),
        newestTwo.stream().map(DagRun::logicalDate).toList());
    assertEquals(List.of(), source.listDagRuns("daily_backfill_week", DagRunQuery.newest(10, DagRunState.FAILED)));
  }

  @Test
  void readsTheSourcesMetadataWithSecretsMasked() {
    assertTrue(source.listPools().contains(new Pool("etl_pool", 3, "Slots for the warehouse loads", false)));
    assertEquals("data-team@example.com", source.findVariable("report_recipient").orElseThrow().value());
    assertTrue(source.findVariable("partner_api_key").orElseThrow().isMasked());

    Connection warehouse = source.findConnection("warehouse_db").orElseThrow();
    assertEquals(Connection.PasswordState.SET, warehouse.password());
    assertEquals("warehouse.internal", warehouse.host());
    assertEquals(5432, warehouse.port());
    assertEquals(Connection.PasswordState.NOT_SET, source.findConnection("partner_api").orElseThrow().password());
  }

  @Test
  void createsPoolsVariablesAndConnectionsOnTheTargetAndReadsThemBack() {
    String pool = "pool_" + runId;
    assertTrue(target.upsertPools(List.of(new Pool(pool, 3, "from the source", false))).allSucceeded());
    target.updatePool(new Pool(pool, 5, "resized", true));
    assertTrue(target.listPools().contains(new Pool(pool, 5, "resized", true)));

    String key = "variable_" + runId;
    BulkResult written = target.setVariables(List.of(new Variable(key, "first", null)));
    assertEquals(List.of(key), written.succeeded());
    target.setVariables(List.of(new Variable(key, "overwritten", "second write")));
    assertEquals(new Variable(key, "overwritten", "second write"), target.findVariable(key).orElseThrow());

    String connectionId = "conn_" + runId;
    Connection created = target.createConnection(
        Connection.of(connectionId, "postgres", "db.internal", 5432, "etl", "analytics", "{\"sslmode\": \"require\"}", null),
        "s3cret-from-a-secret-ref");
    assertEquals(Connection.PasswordState.SET, created.password());
    target.updateConnection(
        Connection.of(connectionId, "postgres", "db2.internal", 5433, "etl", "analytics", null, "moved"), null);
    Connection updated = target.findConnection(connectionId).orElseThrow();
    assertEquals("db2.internal", updated.host());
    assertEquals(5433, updated.port());
    assertEquals("moved", updated.description());
    assertEquals(Connection.PasswordState.SET, updated.password(), "an update without password keeps it");
  }

  @Test
  void readsVariablesAcrossThreePagesOfFifty() {
    String prefix = "paged_" + runId + "_";
    List<Variable> many = IntStream.range(0, 120).mapToObj(i -> new Variable(prefix + i, "value " + i, null)).toList();
    assertEquals(120, target.setVariables(many).succeeded().size());

    List<Variable> listed = target.listVariables().stream().filter(v -> v.key().startsWith(prefix)).toList();
    assertEquals(120, listed.size());
    assertEquals(120, listed.stream().map(Variable::key).distinct().count());
    assertEquals("value 7", listed.stream().filter(v -> v.key().equals(prefix + 7)).findFirst().orElseThrow().value());
  }

  @Test
  void seesTheImportErrorOfADagThatNeedsTheSourcesPlugin() {
    airflow.deployToTarget("needs_astro_helpers.py", "daily_report.py");

    List<ImportError> errors = Eventually.await("import error for needs_astro_helpers.py on the target",
        PARSE_TIMEOUT, target::importErrors,
        found -> found.stream().anyMatch(error -> error.filename().equals("needs_astro_helpers.py")));
    ImportError error = errors.stream().filter(e -> e.filename().equals("needs_astro_helpers.py")).findFirst().orElseThrow();
    assertTrue(error.stackTrace().contains("No module named 'astro_helpers'"), error.stackTrace());

    Eventually.await("daily_report parsed on the target", PARSE_TIMEOUT,
        () -> target.findDag("daily_report"), found -> found.isPresent());
    assertTrue(target.findDag("needs_astro_helpers").isEmpty());
    assertTrue(source.importErrors().isEmpty(), "the source has the plugin, so no import error there");
  }
}
