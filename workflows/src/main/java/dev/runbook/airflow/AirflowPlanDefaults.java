package dev.runbook.airflow;

import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The values an Airflow plan may leave out, and what the runbook derives from a plan. Pure and deterministic. */
public final class AirflowPlanDefaults {

  public static final int BATCH_SIZE = 10;
  public static final Duration PARSE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(30);
  public static final int MAX_MARKED_RUNS = 100;

  private AirflowPlanDefaults() {}

  /** The DAGs in batches, in the plan's order; empty when the plan lists none or its batch size is unusable. */
  public static List<List<String>> batches(AirflowMigrationPlan plan) {
    if (plan.dags() == null || plan.dags().order() == null) {
      return List.of();
    }
    int size = plan.dags().batchSize() == null ? BATCH_SIZE : plan.dags().batchSize();
    if (size < 1) {
      return List.of();
    }
    List<String> order = plan.dags().order();
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < order.size(); from += size) {
      // Not List.copyOf: a plan's null entry reaches the validator, which names it.
      batches.add(Collections.unmodifiableList(new ArrayList<>(order.subList(from, Math.min(order.size(), from + size)))));
    }
    return batches;
  }

  /** Every gate the plan's runbook may open: metadata, one per batch, decommission. */
  public static List<String> gates(AirflowMigrationPlan plan) {
    List<String> gates = new ArrayList<>();
    gates.add(AirflowMigrationWorkflow.METADATA);
    for (int batch = 1; batch <= batches(plan).size(); batch++) {
      gates.add(AirflowMigrationWorkflow.batchGate(batch));
    }
    gates.add(AirflowMigrationWorkflow.DECOMMISSION);
    return gates;
  }

  public static Duration parseTimeout(AirflowMigrationPlan plan) {
    return plan.dags() == null || plan.dags().parseTimeout() == null ? PARSE_TIMEOUT : plan.dags().parseTimeout();
  }

  public static Duration drainTimeout(AirflowMigrationPlan plan) {
    return plan.cutover() == null || plan.cutover().drainTimeout() == null ? DRAIN_TIMEOUT : plan.cutover().drainTimeout();
  }

  public static IntervalRiskPolicy intervalRisk(AirflowMigrationPlan plan) {
    return plan.cutover() == null || plan.cutover().onIntervalRisk() == null
        ? IntervalRiskPolicy.MARK_DONE : plan.cutover().onIntervalRisk();
  }

  public static int maxMarkedRuns(AirflowMigrationPlan plan) {
    return plan.cutover() == null || plan.cutover().maxMarkedRuns() == null ? MAX_MARKED_RUNS : plan.cutover().maxMarkedRuns();
  }

  public static ConflictPolicy onConflict(AirflowMigrationPlan plan) {
    return plan.metadata() == null || plan.metadata().onConflict() == null ? ConflictPolicy.FAIL : plan.metadata().onConflict();
  }

  /** The plan's metadata section with its defaults filled in. */
  public static AirflowMigrationPlan.Metadata metadata(AirflowMigrationPlan plan) {
    AirflowMigrationPlan.Metadata given = plan.metadata();
    return new AirflowMigrationPlan.Metadata(onConflict(plan),
        given == null ? null : given.variables(), given == null ? null : given.connectionPasswords());
  }
}
