package dev.runbook.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.AirflowMigrationPlan.Cutover;
import dev.runbook.airflow.AirflowMigrationPlan.Dags;
import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.airflow.AirflowMigrationPlan.Source;
import dev.runbook.airflow.AirflowMigrationPlan.Target;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.PlanFiles;
import dev.runbook.plan.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a plan can be wrong, each reported with the field's path and what to fix. */
class AirflowPlanValidatorTest {

  static final AirflowEndpoint SOURCE = new AirflowEndpoint("https://acme.astronomer.run/d1a2b3c4",
      SecretRef.kubernetes("runbook", "astro-deployment-token", "token"), null, null);
  static final AirflowEndpoint TARGET = new AirflowEndpoint("http://airflow-api-server.airflow:8080", null,
      SecretRef.env("AIRFLOW_USER"), SecretRef.kubernetes("runbook", "airflow-admin", "password"));

  static AirflowMigrationPlan plan(Source source, Target target, Metadata metadata, Dags dags, Cutover cutover, Approvals approvals) {
    return new AirflowMigrationPlan("analytics", source, target, metadata, dags, cutover, approvals);
  }

  static AirflowMigrationPlan valid() {
    return plan(new Source(SOURCE, null), new Target(TARGET, "airflow", "airflow"),
        new Metadata(Metadata.ConflictPolicy.FAIL, Map.of("partner_api_key", SecretRef.env("PARTNER_KEY")), Map.of()),
        new Dags(List.of("hourly_ingest", "daily_report", "weekly_cleanup"), 2, null, null, null),
        new Cutover(Duration.ofMinutes(30), IntervalRiskPolicy.MARK_DONE, 100),
        new Approvals(new GatePolicy(List.of("alice", "bob"), 1, null, null), null, null));
  }

  @Test
  void acceptsAValidPlanAndDerivesBatchesGatesAndWorkflowId() {
    AirflowMigrationPlan plan = valid();
    assertEquals(List.of(), AirflowPlanValidator.validate(plan));
    assertEquals(List.of(List.of("hourly_ingest", "daily_report"), List.of("weekly_cleanup")), AirflowPlanDefaults.batches(plan, List.of()));
    assertEquals(List.of("metadata", "batch-1", "batch-2", "decommission"), AirflowPlanDefaults.gates(plan));
    assertEquals("airflow-migration-airflow-airflow", plan.workflowId());
  }

  @Test
  void theExamplePlansAreValid() throws Exception {
    for (String file : List.of("../deploy/examples/airflow-plan.yaml", "../deploy/examples/airflow-lab-plan.yaml")) {
      AirflowMigrationPlan plan = PlanFiles.parse(file, Files.readString(Path.of(file))
          .replace("SOURCE_URL", "http://127.0.0.1:28080").replace("TARGET_URL", "http://127.0.0.1:28180"), AirflowMigrationPlan.class);
      assertEquals(List.of(), AirflowPlanValidator.validate(plan), file);
    }
  }

  @Test
  void namesEveryUnfilledPlaceholderOfADraftedPlanOnce() {
    AirflowEndpoint unfilled = new AirflowEndpoint("FILL-ME", new SecretRef(null, "FILL-ME", "token", null), null, null);
    AirflowMigrationPlan plan = plan(new Source(SOURCE, null), new Target(unfilled, "FILL-ME", "airflow"),
        new Metadata(Metadata.ConflictPolicy.FAIL, Map.of("partner_api_key", new SecretRef(null, "FILL-ME", "partner_api_key", null)),
            Map.of()),
        valid().dags(), valid().cutover(), new Approvals(new GatePolicy(List.of("FILL-ME"), 1, null, null), null, null));

    assertEquals(List.of("target.api.url: placeholder not filled", "target.api.token.secret: placeholder not filled",
        "target.namespace: placeholder not filled", "metadata.variables.partner_api_key.secret: placeholder not filled",
        "approvals.defaults.approvers: placeholder not filled"), AirflowPlanValidator.validate(plan));
  }

  @Test
  void rejectsABatchSizeBelowOne() {
    AirflowMigrationPlan plan = valid();
    assertEquals(List.of("dags.batchSize: must be at least 1, got 0"), errors(withDags(plan, new Dags(plan.dags().order(), 0, null, null, null))));
  }

  @Test
  void rejectsADagListedTwice() {
    assertEquals(List.of("dags.order[2]: 'hourly_ingest' is listed twice (also dags.order[0])"),
        errors(withDags(valid(), new Dags(List.of("hourly_ingest", "daily_report", "hourly_ingest"), 2, null, null, null))));
  }

  @Test
  void rejectsAnEmptyDagListAndABlankDagId() {
    assertEquals(List.of("dags.order: list at least one DAG id"), errors(withDags(valid(), new Dags(List.of(), 2, null, null, null))));
    assertEquals(List.of("dags.order[1]: missing"), errors(withDags(valid(), new Dags(List.of("a", " "), 2, null, null, null))));
  }

  @Test
  void rejectsATargetThatIsTheSource() {
    AirflowMigrationPlan plan = valid();
    AirflowEndpoint same = new AirflowEndpoint("https://ACME.astronomer.run/d1a2b3c4/api/v2/", null,
        SecretRef.env("U"), SecretRef.env("P"));
    assertEquals(List.of("target.api.url: 'https://ACME.astronomer.run/d1a2b3c4/api/v2/' is the source itself (source.api.url)"),
        errors(plan(plan.source(), new Target(same, "airflow", "airflow"), plan.metadata(), plan.dags(), plan.cutover(), plan.approvals())));
  }

  @Test
  void rejectsMissingOrHalfSecretReferences() {
    AirflowMigrationPlan plan = valid();
    AirflowEndpoint noPassword = new AirflowEndpoint(TARGET.url(), null, SecretRef.env("U"), null);
    AirflowEndpoint both = new AirflowEndpoint(SOURCE.url(), SecretRef.env("T"), SecretRef.env("U"), SecretRef.env("P"));
    Metadata halfRef = new Metadata(null, Map.of("partner_api_key", new SecretRef(null, "airflow-migration", null, null)),
        Map.of("warehouse_db", new SecretRef("DB_PASSWORD", "airflow-migration", "password", null)));
    assertEquals(List.of(
            "source.api: give either token, or username and password (secret references)",
            "target.api.password: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})",
            "metadata.variables.partner_api_key: a Secret reference needs both secret and key",
            "metadata.connectionPasswords.warehouse_db: give either env, or secret and key"),
        errors(plan(new Source(both, null), new Target(noPassword, "airflow", "airflow"), halfRef, plan.dags(), plan.cutover(),
            plan.approvals())));
  }

  @Test
  void rejectsAnIncompleteAstroDeployment() {
    AirflowMigrationPlan plan = valid();
    assertEquals(List.of("source.astro.deploymentId: missing",
            "source.astro.apiToken: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})",
            "source.astro.apiUrl: 'api.astronomer.io/v1' is not an http(s) URL"),
        errors(plan(new Source(SOURCE, new AstroDeployment("clx0org", null, null, "api.astronomer.io/v1")), plan.target(),
            plan.metadata(), plan.dags(), plan.cutover(), plan.approvals())));
  }

  @Test
  void rejectsBadNamesAndUrls() {
    AirflowMigrationPlan plan = valid();
    AirflowEndpoint noScheme = new AirflowEndpoint("airflow.example.com", SecretRef.env("T"), null, null);
    assertEquals(List.of("migrationId: 'Analytics Airflow' must be lower-case letters, digits and '-' (it names files and ids)",
            "source.api.url: 'airflow.example.com' is not an http(s) URL",
            "target.release: 'Airflow_Prod' is not a valid Kubernetes name"),
        errors(new AirflowMigrationPlan("Analytics Airflow", new Source(noScheme, null), new Target(TARGET, "airflow", "Airflow_Prod"),
            plan.metadata(), plan.dags(), plan.cutover(), plan.approvals())));
  }

  @Test
  void rejectsNonPositiveTimeoutsAndNegativeMarks() {
    AirflowMigrationPlan plan = valid();
    assertEquals(List.of("dags.parseTimeout: must be positive, got PT0S", "cutover.drainTimeout: must be positive, got PT-1M",
            "cutover.maxMarkedRuns: must be 0 or more, got -1"),
        errors(plan(plan.source(), plan.target(), plan.metadata(), new Dags(plan.dags().order(), 2, Duration.ZERO, null, null),
            new Cutover(Duration.ofMinutes(-1), null, -1), plan.approvals())));
  }

  @Test
  void rejectsGatesUnknownToThePlanAndGatesNobodyMayDecide() {
    AirflowMigrationPlan plan = valid();
    Approvals approvals = new Approvals(new GatePolicy(List.of("alice"), 2, null, null),
        Map.of("batch-3", new GatePolicy(List.of("bob"), 1, null, null)), null);
    assertEquals(List.of("approvals.gates.batch-3: unknown gate; this plan's gates are: metadata, batch-1, batch-2, decommission",
            "approvals.defaults.minApprovers: 2 approvals required but only 1 approver(s) listed"),
        errors(plan(plan.source(), plan.target(), plan.metadata(), plan.dags(), plan.cutover(), approvals)));
  }

  @Test
  void rejectsMissingSections() {
    assertEquals(List.of("migrationId: missing", "source: missing", "target: missing", "dags: missing",
            "approvals: missing (who may decide the gates)"),
        AirflowPlanValidator.validate(new AirflowMigrationPlan(null, null, null, null, null, null, null)));
    assertEquals(List.of("the plan is empty"), AirflowPlanValidator.validate(null));
  }

  @Test
  void rejectsAnUnknownConflictPolicyWhenReadingThePlan() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PlanFiles.parse("plan.yaml",
        "migrationId: x\nmetadata:\n  onConflict: MERGE\n", AirflowMigrationPlan.class));
    assertEquals("plan.yaml: metadata.onConflict: 'MERGE' is not one of FAIL, SKIP, OVERWRITE", error.getMessage());
  }

  @Test
  void comparesThePlanWithWhatDiscoveryFound() {
    AirflowMigrationPlan plan = plan(valid().source(), valid().target(),
        new Metadata(null, Map.of("partner_api_key", SecretRef.env("K"), "old_key", SecretRef.env("O")),
            Map.of("warehouse_db", SecretRef.env("W"))),
        new Dags(List.of("hourly_ingest", "hourly_injest"), 2, null, null, null), valid().cutover(), valid().approvals());
    SourceInventory found = new SourceInventory(null, "3.3.2", "V2",
        List.of(new DagInfo("hourly_ingest", false, "0 * * * *", true, false, List.of(), "hourly_ingest.py", null, false, List.of(), List.of())),
        List.of("default_pool"), List.of(new VariableInfo("partner_api_key", true)),
        List.of(new ConnectionInfo("partner_api", "http", false, false)), List.of(), List.of(), List.of());

    assertEquals(List.of("dags.order[1]: 'hourly_injest' is not a DAG of the source",
            "metadata.variables.old_key: the source has no variable 'old_key'",
            "metadata.connectionPasswords.warehouse_db: the source has no connection 'warehouse_db'"),
        AirflowPlanValidator.againstSource(plan, found));
  }

  @Test
  void shapedBatchesStandAloneListSomethingAndNameEachDagOnce() {
    Dags dags = new Dags(List.of("hourly_ingest"), 2, null, List.of(
        new AirflowMigrationPlan.Batch(List.of("daily_report", "weekly_cleanup"), null, null),
        new AirflowMigrationPlan.Batch(null, null, null),
        new AirflowMigrationPlan.Batch(List.of("weekly_cleanup", " "), List.of("finance"), List.of(""))), null);

    assertEquals(List.of("dags.order: give either order (with batchSize) or batches, not both",
        "dags.batchSize: only with dags.order; dags.batches are sized by what they list",
        "dags.batches[1]: list DAG ids (dags) or rules (tags, owners)",
        "dags.batches[2].dags[0]: 'weekly_cleanup' is listed twice (also dags.batches[0].dags[1])",
        "dags.batches[2].dags[1]: missing", "dags.batches[2].owners[0]: missing"), errors(withDags(valid(), dags)));
  }

  @Test
  void shapedBatchesResolveAgainstTheSourceListedIdsFirstThenTheirRulesInTheSourcesOrder() {
    AirflowMigrationPlan plan = withDags(valid(), new Dags(null, null, null, List.of(
        new AirflowMigrationPlan.Batch(List.of("weekly_cleanup"), List.of("finance"), null),
        new AirflowMigrationPlan.Batch(List.of("hourly_ingest", "ghost"), null, List.of("team-b")),
        new AirflowMigrationPlan.Batch(null, List.of("nobody-tags-this"), null)), AirflowMigrationPlan.ParityFailurePolicy.HOLD_ON_SOURCE));
    SourceInventory found = new SourceInventory(null, "3.3.2", "V2", List.of(
        dag("daily_report", List.of("finance"), List.of("team-b")), dag("hourly_ingest", List.of("finance"), List.of("team-a")),
        dag("ledger", List.of(), List.of("team-b")), dag("weekly_cleanup", List.of(), List.of("team-a"))),
        List.of(), List.of(new VariableInfo("partner_api_key", true)), List.of(), List.of(), List.of(), List.of());

    assertEquals(List.of(), errors(plan));
    assertEquals(List.of(List.of("weekly_cleanup", "daily_report"), List.of("hourly_ingest", "ghost", "ledger"), List.of()),
        AirflowPlanDefaults.batches(plan, found.dags()));
    assertEquals(List.of("dags.batches[1].dags[1]: 'ghost' is not a DAG of the source",
        "dags.batches[2]: selects no DAG of the source (tags [nobody-tags-this], owners [])"), AirflowPlanValidator.againstSource(plan, found));
  }

  private static DagInfo dag(String id, List<String> tags, List<String> owners) {
    return new DagInfo(id, false, null, false, false, tags, id + ".py", null, false, owners, List.of());
  }

  private static List<String> errors(AirflowMigrationPlan plan) {
    return AirflowPlanValidator.validate(plan);
  }

  private static AirflowMigrationPlan withDags(AirflowMigrationPlan plan, Dags dags) {
    return plan(plan.source(), plan.target(), plan.metadata(), dags, plan.cutover(), plan.approvals());
  }
}
