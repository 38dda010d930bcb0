package dev.runbook.airflow;

import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.ParityFailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The values an Airflow plan may leave out, and what the runbook derives from a plan. Pure and deterministic. */
public final class AirflowPlanDefaults {

  public static final int BATCH_SIZE = 10;
  public static final Duration PARSE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(30);
  public static final int MAX_MARKED_RUNS = 100;

  private AirflowPlanDefaults() {}

  /** How many batches, and so batch gates, the plan has (known before the source is read). */
  public static int batchCount(AirflowMigrationPlan plan) {
    if (shaped(plan)) {
      return plan.dags().batches().size();
    }
    return slices(plan).size();
  }

  /**
   * The DAGs in batches: the plan's {@code batches} resolved against the source's DAGs (each batch's
   * listed ids, then the source's DAGs its tags or owners select that no batch lists and no earlier
   * batch took, in the source's order), or else {@code order} in slices of {@code batchSize}.
   */
  public static List<List<String>> batches(AirflowMigrationPlan plan, List<AirflowActivities.DagInfo> source) {
    if (!shaped(plan)) {
      return slices(plan);
    }
    Set<String> taken = new HashSet<>();
    plan.dags().batches().forEach(batch -> taken.addAll(batch.dags()));
    List<List<String>> batches = new ArrayList<>();
    for (AirflowMigrationPlan.Batch batch : plan.dags().batches()) {
      List<String> dags = new ArrayList<>(batch.dags());
      for (AirflowActivities.DagInfo dag : source) {
        if (!taken.contains(dag.dagId()) && selects(batch, dag)) {
          dags.add(dag.dagId());
          taken.add(dag.dagId());
        }
      }
      batches.add(Collections.unmodifiableList(dags));
    }
    return batches;
  }

  private static boolean selects(AirflowMigrationPlan.Batch batch, AirflowActivities.DagInfo dag) {
    List<String> owners = dag.owners() == null ? List.of() : dag.owners();
    return batch.tags().stream().anyMatch(dag.tags()::contains) || batch.owners().stream().anyMatch(owners::contains);
  }

  /** Whether the plan shapes its batches itself ({@code dags.batches}) instead of slicing {@code dags.order}. */
  static boolean shaped(AirflowMigrationPlan plan) {
    return plan.dags() != null && plan.dags().batches() != null && !plan.dags().batches().isEmpty();
  }

  /** {@code order} in slices of {@code batchSize}; empty when the plan lists none or its batch size is unusable. */
  private static List<List<String>> slices(AirflowMigrationPlan plan) {
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
    for (int batch = 1; batch <= batchCount(plan); batch++) {
      gates.add(AirflowMigrationWorkflow.batchGate(batch));
    }
    gates.add(AirflowMigrationWorkflow.DECOMMISSION);
    return gates;
  }

  public static ParityFailurePolicy onParityFailure(AirflowMigrationPlan plan) {
    return plan.dags() == null || plan.dags().onParityFailure() == null ? ParityFailurePolicy.BLOCK_BATCH : plan.dags().onParityFailure();
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
