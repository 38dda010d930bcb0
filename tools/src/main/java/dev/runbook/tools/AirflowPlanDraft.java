package dev.runbook.tools;

import static dev.runbook.plan.PlanChecks.PLACEHOLDER;

import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import dev.runbook.airflow.AirflowPlanDefaults;
import dev.runbook.airflow.astro.AstroClient;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drafts an Airflow runbook plan from a discovery: every DAG that parses on the source, in batches
 * ordered by risk, secret references for what the API masks, safe defaults for the cutover, and
 * {@value dev.runbook.plan.PlanChecks#PLACEHOLDER} where only the operator knows the value.
 *
 * <p>DAG order, least risk first: paused DAGs (nothing to drain, no schedule to continue), then DAGs
 * without a time schedule (manual or asset-triggered: no interval can be repeated or skipped), then
 * time-scheduled DAGs without catchup, then those with catchup, where a repeated or skipped interval
 * costs most; by DAG id within each. The first batches prove the procedure where a mistake is cheap.
 */
final class AirflowPlanDraft {

  private static final GatePolicy PLACEHOLDER_APPROVALS =
      new GatePolicy(List.of(PLACEHOLDER), 1, Duration.ofHours(4), GatePolicy.OnTimeout.KEEP_WAITING);

  /** The plan, why each DAG is where it is, and the DAGs left out (their file fails to import on the source). */
  record Draft(AirflowMigrationPlan plan, List<String> batches, List<String> leftOut) {

    int dagCount() {
      return plan.dags().batches().stream().mapToInt(batch -> batch.dags().size()).sum();
    }
  }

  /** What the operator may already know about the target. */
  record Target(String url, String namespace, String release, int batchSize) {}

  private AirflowPlanDraft() {}

  static Draft draft(AirflowDiscoveryFile discovery, Target target) {
    SourceInventory inventory = discovery.inventory();
    List<DagInfo> dags = new ArrayList<>(inventory.dags().stream().filter(dag -> !dag.hasImportErrors()).toList());
    dags.sort(Comparator.comparingInt(AirflowPlanDraft::risk).thenComparing(DagInfo::dagId));
    List<String> batches = new ArrayList<>();
    List<AirflowMigrationPlan.Batch> shaped = new ArrayList<>();
    for (int from = 0; from < dags.size(); from += target.batchSize()) {
      List<DagInfo> batch = dags.subList(from, Math.min(dags.size(), from + target.batchSize()));
      batches.add("batch " + (from / target.batchSize() + 1) + ": " + String.join(", ",
          batch.stream().map(dag -> dag.dagId() + " (" + RISKS[risk(dag)] + ")").toList()));
      shaped.add(new AirflowMigrationPlan.Batch(batch.stream().map(DagInfo::dagId).toList(), null, null));
    }
    Map<String, SecretRef> variables = new TreeMap<>();
    inventory.variables().stream().filter(VariableInfo::masked).forEach(v -> variables.put(v.key(), placeholderSecret(v.key())));
    Map<String, SecretRef> passwords = new TreeMap<>();
    inventory.connections().stream().filter(ConnectionInfo::passwordSet)
        .forEach(c -> passwords.put(c.connectionId(), placeholderSecret(c.connectionId() + "-password")));
    AstroDeployment astro = discovery.astro() == null ? null : new AstroDeployment(discovery.astro().organizationId(),
        discovery.astro().deploymentId(), placeholderSecret("token"),
        AstroClient.DEFAULT_BASE_URL.equals(discovery.astro().apiUrl()) ? null : discovery.astro().apiUrl());
    AirflowMigrationPlan plan = new AirflowMigrationPlan(
        target.release() == null ? PLACEHOLDER : target.release() + "-migration",
        new AirflowMigrationPlan.Source(new AirflowEndpoint(discovery.url(), placeholderSecret("token"), null, null), astro),
        new AirflowMigrationPlan.Target(new AirflowEndpoint(orPlaceholder(target.url()), placeholderSecret("token"), null, null),
            orPlaceholder(target.namespace()), orPlaceholder(target.release())),
        new AirflowMigrationPlan.Metadata(ConflictPolicy.FAIL, variables, passwords),
        new AirflowMigrationPlan.Dags(null, null, AirflowPlanDefaults.PARSE_TIMEOUT, shaped,
            AirflowMigrationPlan.ParityFailurePolicy.HOLD_ON_SOURCE),
        new AirflowMigrationPlan.Cutover(AirflowPlanDefaults.DRAIN_TIMEOUT, AirflowMigrationPlan.IntervalRiskPolicy.HOLD_PAUSED,
            AirflowPlanDefaults.MAX_MARKED_RUNS),
        new Approvals(PLACEHOLDER_APPROVALS, null, null));
    List<String> leftOut = inventory.dags().stream().filter(DagInfo::hasImportErrors).map(DagInfo::dagId).toList();
    return new Draft(plan, batches, leftOut);
  }

  /** The header comment of the drafted YAML: origin, what to fill, the batches and why they are in that order. */
  static String header(Draft draft, String origin) {
    StringBuilder text = new StringBuilder()
        .append("# Airflow runbook plan drafted by ./runbook airflow plan from ").append(origin).append(".\n")
        .append("# Replace every ").append(PLACEHOLDER).append(" (the validator names each one), then check it:\n")
        .append("#   ./runbook start airflow --plan <this file> --dry-run\n")
        .append("# DAGs least risky first: paused, then without a time schedule, then scheduled without catchup,\n")
        .append("# then with catchup (a repeated or skipped interval costs most there):\n");
    draft.batches().forEach(batch -> text.append("#   ").append(batch).append('\n'));
    text.append("# Reshape dags.batches at will: list DAG ids (dags) or select by tags and owners. With\n")
        .append("# onParityFailure: HOLD_ON_SOURCE a DAG that fails on the target stays on the source (its reason at the\n")
        .append("# batch gate) while its batch moves; BLOCK_BATCH parks the whole batch instead.\n");
    if (!draft.leftOut().isEmpty()) {
      text.append("# Left out (their file fails to import on the source; fix it, then add them): ")
          .append(String.join(", ", draft.leftOut())).append('\n');
    }
    return text.append("# metadata: the values the source's API masks come from these Secret references.\n").toString();
  }

  private static final String[] RISKS = {"paused", "not time-scheduled", "scheduled", "scheduled, catchup"};

  private static int risk(DagInfo dag) {
    if (dag.paused()) {
      return 0;
    }
    if (!dag.timeScheduled()) {
      return 1;
    }
    return dag.catchup() ? 3 : 2;
  }

  private static String orPlaceholder(String value) {
    return value == null ? PLACEHOLDER : value;
  }

  private static SecretRef placeholderSecret(String key) {
    return new SecretRef(null, PLACEHOLDER, key, null);
  }
}
