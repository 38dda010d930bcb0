package dev.runbook.airflow;

import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Moves DAGs from Astronomer (or any Airflow) to Apache Airflow on Kubernetes: discovery, target
 * readiness, metadata, then batch by batch DAG parity, cutover and a gate, then a final gate and
 * the decommission of the source.
 */
@WorkflowInterface
public interface AirflowMigrationWorkflow extends RunbookControl {

  /** The runbook's name in its progress ({@link dev.runbook.kernel.Progress#runbook()}). */
  String RUNBOOK = "airflow-migration";

  /** Opens only when some metadata could not be migrated, listing it. */
  String METADATA = "metadata";
  String DECOMMISSION = "decommission";

  /** The gate after batch {@code number} (1-based). */
  static String batchGate(int number) {
    return "batch-" + number;
  }

  @WorkflowMethod
  RunbookOutcome migrate(AirflowMigrationPlan plan);
}
