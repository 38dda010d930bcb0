package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.client.AirflowAuth;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.Variable;
import dev.runbook.cli.RunbookCli;
import dev.runbook.plan.PlanFiles;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.airflow.AirflowInstance;
import dev.runbook.testkit.airflow.AirflowPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code airflow} commands against the two real Airflow 3 instances of the lab: the source
 * seeded like an Astronomer deployment (23 sample DAGs, one paused; pools, variables, connections),
 * the target given two of those DAG files and a variable of its own. Written to pass on reused instances.
 */
class AirflowToolsIT {

  private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(120);
  private static final int SAMPLE_DAGS = 23;

  private static AirflowPair airflow;
  private static AirflowClient sourceApi;
  private static AirflowClient targetApi;
  /** The environment the commands read credentials from. */
  private static Map<String, String> environment;
  private static String sourceUrl;
  private static String targetUrl;

  @TempDir Path dir;

  @BeforeAll
  static void startAirflow() {
    airflow = AirflowPair.sharedForTests();
    sourceApi = connect(airflow.source());
    targetApi = connect(airflow.target());
    environment = Map.of("AIRFLOW_USER", airflow.source().username(), "AIRFLOW_PASSWORD", airflow.source().password(),
        "ASTRO_API_TOKEN", "astro-org-token");
    sourceUrl = airflow.source().baseUrl().toString();
    targetUrl = airflow.target().baseUrl().toString();
    Eventually.await("all sample DAGs parsed on the source", PARSE_TIMEOUT, sourceApi::listDags,
        dags -> dags.size() >= SAMPLE_DAGS);
  }

  private static AirflowClient connect(AirflowInstance instance) {
    return AirflowClient.connect(instance.baseUrl().toString(),
        new AirflowAuth.UsernamePassword(instance.username(), instance.password()));
  }

  /** What one command line printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run airflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = AirflowTools.commandLine(environment)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Run discoverSource(Path out) {
    return airflow("discover", "--source", sourceUrl, "--user-env", "AIRFLOW_USER", "--password-env", "AIRFLOW_PASSWORD",
        "--out", out.toString());
  }

  @Test
  void discoverWritesDagsMetadataAndASummaryThatNamesWhatTheApiMasks() throws Exception {
    Path out = dir.resolve("discovery");

    Run run = discoverSource(out);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(sourceUrl + ": Airflow " + sourceApi.version().version() + " (API V2), 23 DAGs (1 paused, 0 with import errors), "
        + "2 pools, 3 variables, 2 connections, 0 import errors\n"
        + "masked by the API (the plan must reference them): variable partner_api_key, password of warehouse_db\n"
        + "wrote " + out.resolve("discovery.json") + ", " + out.resolve("dags.csv") + ", " + out.resolve("metadata.csv") + "\n",
        run.out());
    assertEquals("""
        kind,name,detail
        pool,default_pool,
        pool,etl_pool,
        variable,report_recipient,
        variable,warehouse_schema,
        variable,partner_api_key,value masked
        connection,warehouse_db,postgres; password set
        connection,partner_api,http
        """, Files.readString(out.resolve("metadata.csv")));
    List<String> dags = Files.readAllLines(out.resolve("dags.csv"));
    assertEquals(SAMPLE_DAGS + 1, dags.size());
    assertEquals("dag_id,paused,schedule,time_scheduled,catchup,tags,file,last_scheduled_run,import_errors", dags.get(0));
    assertTrue(dags.contains("asset_consumer,false,Asset,false,false,asset,asset_pipeline.py,,false"), dags.toString());
    assertTrue(dags.contains("manual_trigger_only,false,,false,false,manual,manual_trigger_only.py,,false"), dags.toString());
    assertTrue(dags.contains("paused_on_arrival,true,0 0 * * *,true,false,daily,paused_on_arrival.py,,false"), dags.toString());
    assertTrue(dags.stream().anyMatch(line -> line.startsWith("daily_backfill_week,false,0 0 * * *,true,true,catchup;daily,"
        + "daily_backfill_week.py,2026-01-0")), dags.toString());
    String json = Files.readString(out.resolve("discovery.json"));
    assertTrue(json.contains("\"url\" : \"" + sourceUrl + "\""), json);
    assertTrue(!json.contains("not-a-real-key-0001") && !json.contains("not-a-real-password"), "secret values written");
  }

  @Test
  void planDraftedFromADiscoveryBatchesTheDagsNamesEveryPlaceholderAndPassesTheDryRunOnceFilled() throws Exception {
    Path discovery = dir.resolve("discovery");
    assertEquals(0, discoverSource(discovery).exitCode());
    Path plan = dir.resolve("airflow-plan.yaml");

    Run run = airflow("plan", "--from", discovery.toString(), "--out", plan.toString(), "--batch-size", "5");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("drafted " + plan + ": 23 DAGs in 5 batches of up to 5\n" + """
          batch 1: paused_on_arrival (paused), asset_consumer (not time-scheduled), long_running_job (not time-scheduled), manual_trigger_only (not time-scheduled), asset_producer (scheduled)
          batch 2: daily_report (scheduled), every_15_minutes (scheduled), generated_customer_acme (scheduled), generated_customer_globex (scheduled), hourly_ingest (scheduled)
          batch 3: needs_astro_helpers (scheduled), pool_bound_load (scheduled), python_transform (scheduled), reads_variable (scheduled), six_hourly_timedelta (scheduled)
          batch 4: taskflow_etl (scheduled), team_a_finance (scheduled), uses_connection (scheduled), uses_sqlite_provider (scheduled), weekly_cleanup (scheduled)
          batch 5: daily_backfill_week (scheduled, catchup), hourly_backfill_window (scheduled, catchup), single_active_run (scheduled, catchup)
        """ + "9 to fill before ./runbook start airflow --plan " + plan + " --dry-run accepts it:\n" + """
          - migrationId: placeholder not filled
          - source.api.token.secret: placeholder not filled
          - target.api.url: placeholder not filled
          - target.api.token.secret: placeholder not filled
          - target.namespace: placeholder not filled
          - target.release: placeholder not filled
          - metadata.variables.partner_api_key.secret: placeholder not filled
          - metadata.connectionPasswords.warehouse_db.secret: placeholder not filled
          - approvals.defaults.approvers: placeholder not filled
        """, run.out());
    AirflowMigrationPlan drafted = PlanFiles.read(plan, AirflowMigrationPlan.class);
    assertEquals(sourceUrl, drafted.source().api().url());
    assertEquals(Map.of("partner_api_key", new SecretRef(null, "FILL-ME", "partner_api_key", null)), drafted.metadata().variables());
    assertEquals(Map.of("warehouse_db", new SecretRef(null, "FILL-ME", "warehouse_db-password", null)),
        drafted.metadata().connectionPasswords());
    assertEquals(AirflowMigrationPlan.IntervalRiskPolicy.HOLD_PAUSED, drafted.cutover().onIntervalRisk());

    Path filled = dir.resolve("filled.yaml");
    Files.writeString(filled, fillPlaceholders(Files.readString(plan)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int dryRun = RunbookCli.run(new String[] {"start", "airflow", "--plan", filled.toString(), "--dry-run"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, dryRun, err.toString());
    assertTrue(out.toString().startsWith("plan OK: would start AirflowMigrationWorkflow as airflow-migration-airflow-airflow "),
        out.toString());
  }

  @Test
  void diffShowsEveryDifferenceSeededOnTheTarget() throws Exception {
    airflow.deployToTarget("daily_report.py", "needs_astro_helpers.py");
    targetApi.setVariables(List.of(new Variable("target_only_setting", "kept on the target", null)));
    Eventually.await("daily_report parsed and needs_astro_helpers.py failing on the target", PARSE_TIMEOUT,
        () -> targetApi.findDag("daily_report").isPresent()
            && targetApi.importErrors().stream().anyMatch(e -> e.filename().equals("needs_astro_helpers.py")),
        ready -> ready);
    Path report = dir.resolve("diff.csv");

    Run run = airflow("diff", "--source", sourceUrl, "--source-user-env", "AIRFLOW_USER", "--source-password-env", "AIRFLOW_PASSWORD",
        "--target", targetUrl, "--target-user-env", "AIRFLOW_USER", "--target-password-env", "AIRFLOW_PASSWORD",
        "--out", report.toString());

    assertEquals(ToolCommandLine.EXIT_NOT_EXACT, run.exitCode(), run.err());
    assertEquals("""
        WHAT          NAME                       SOURCE    TARGET
        dag           asset_consumer             active    missing
        dag           asset_producer             active    missing
        dag           daily_backfill_week        active    missing
        pause state   daily_report               active    paused
        dag           every_15_minutes           active    missing
        dag           generated_customer_acme    active    missing
        dag           generated_customer_globex  active    missing
        dag           hourly_backfill_window     active    missing
        dag           hourly_ingest              active    missing
        dag           long_running_job           active    missing
        dag           manual_trigger_only        active    missing
        dag           needs_astro_helpers        active    not parsed: needs_astro_helpers.py fails to import
        dag           paused_on_arrival          paused    missing
        dag           pool_bound_load            active    missing
        dag           python_transform           active    missing
        dag           reads_variable             active    missing
        dag           single_active_run          active    missing
        dag           six_hourly_timedelta       active    missing
        dag           taskflow_etl               active    missing
        dag           team_a_finance             active    missing
        dag           uses_connection            active    missing
        dag           uses_sqlite_provider       active    missing
        dag           weekly_cleanup             active    missing
        pool          etl_pool                   present   missing
        variable      partner_api_key            present   missing
        variable      report_recipient           present   missing
        variable      target_only_setting        missing   present
        variable      warehouse_schema           present   missing
        connection    partner_api                http      missing
        connection    warehouse_db               postgres  missing
        import error  needs_astro_helpers.py     none      ModuleNotFoundError: No module named 'astro_helpers'
        """ + "31 differences (2 connection, 22 dag, 1 import error, 1 pause state, 1 pool, 4 variable) between "
        + sourceUrl + " and " + targetUrl + "; wrote " + report + "\n", run.out());
    List<String> csv = Files.readAllLines(report);
    assertEquals(32, csv.size());
    assertEquals("what,name,source,target", csv.get(0));
    assertTrue(csv.contains("pause state,daily_report,active,paused"), csv.toString());
    assertTrue(csv.contains("variable,target_only_setting,missing,present"), csv.toString());
  }

  @Test
  void discoverReadsTheAstroDeploymentTooAndThePlanReferencesItsToken() throws Exception {
    try (MockWebServer astroApi = new MockWebServer()) {
      astroApi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("""
          {"id": "clx7dep0001", "name": "etl-prod", "organizationId": "clx7org0001", "airflowVersion": "3.1.1",
           "runtimeVersion": "3.1-2", "status": "HEALTHY", "executor": "CELERY",
           "environmentVariables": [
             {"key": "WAREHOUSE_SCHEMA", "value": "analytics", "isSecret": false},
             {"key": "PARTNER_TOKEN", "value": "leaked-if-it-ever-came-back", "isSecret": true}]}
          """).build());
      astroApi.start();
      Path discovery = dir.resolve("discovery");

      Run run = airflow("discover", "--source", sourceUrl, "--user-env", "AIRFLOW_USER", "--password-env", "AIRFLOW_PASSWORD",
          "--astro-organization", "clx7org0001", "--astro-deployment", "clx7dep0001",
          "--astro-api-url", astroApi.url("/v1").toString(), "--out", discovery.toString());

      assertEquals(0, run.exitCode(), run.err());
      RecordedRequest request = astroApi.takeRequest();
      assertEquals("GET /v1/organizations/clx7org0001/deployments/clx7dep0001", request.getMethod() + " " + request.getTarget());
      assertEquals("Bearer astro-org-token", request.getHeaders().get("Authorization"));
      assertEquals("astro deployment clx7dep0001 (etl-prod): HEALTHY, runtime 3.1-2, Airflow 3.1.1, 2 environment variables, "
          + "secret: PARTNER_TOKEN", run.out().lines().toList().get(1));
      String json = Files.readString(discovery.resolve("discovery.json"));
      assertTrue(!json.contains("leaked-if-it-ever-came-back") && !json.contains("astro-org-token"), json);

      Path plan = dir.resolve("plan.yaml");
      Run drafted = airflow("plan", "--from", discovery.toString(), "--out", plan.toString(), "--target-url", targetUrl,
          "--target-namespace", "airflow", "--target-release", "airflow");

      assertEquals(0, drafted.exitCode(), drafted.err());
      assertTrue(drafted.out().endsWith("6 to fill before ./runbook start airflow --plan " + plan + " --dry-run accepts it:\n"
          + "  - source.api.token.secret: placeholder not filled\n"
          + "  - source.astro.apiToken.secret: placeholder not filled\n"
          + "  - target.api.token.secret: placeholder not filled\n"
          + "  - metadata.variables.partner_api_key.secret: placeholder not filled\n"
          + "  - metadata.connectionPasswords.warehouse_db.secret: placeholder not filled\n"
          + "  - approvals.defaults.approvers: placeholder not filled\n"), drafted.out());
      assertEquals(new AirflowMigrationPlan.AstroDeployment("clx7org0001", "clx7dep0001",
              new SecretRef(null, "FILL-ME", "token", null), astroApi.url("/v1").toString()),
          PlanFiles.read(plan, AirflowMigrationPlan.class).source().astro());
    }
  }

  @Test
  void refusesACredentialVariableThatIsNotSetBeforeCallingAirflow() {
    Path out = dir.resolve("never");

    Run run = airflow("discover", "--source", sourceUrl, "--user-env", "AIRFLOW_USER", "--password-env", "NO_SUCH_VARIABLE",
        "--out", out.toString());

    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("--source: environment variable NO_SUCH_VARIABLE (--password-env) is not set\n"), run.err());
    assertTrue(Files.notExists(out));
  }

  private static String fillPlaceholders(String drafted) {
    return PlanPlaceholders.fill(drafted, field -> switch (field) {
      case "migrationId" -> "analytics-airflow";
      case "url" -> targetUrl;
      case "secret" -> "airflow-migration";
      case "namespace", "release" -> "airflow";
      default -> throw new AssertionError("unexpected placeholder field " + field);
    });
  }
}
