package dev.runbook.airflow;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays stored histories of the Airflow runbook against today's workflow code: a change that
 * would break running migrations fails here until it is guarded with {@code Workflow.getVersion}.
 * Both were recorded from {@link AirflowMigrationWorkflowTest} runs before the per-method activity
 * options and the typed facts: a migration of three batches to its end, and one whose second batch
 * gate was rejected, handing both batches back. {@code airflow-held-on-source.json} comes from
 * {@code AirflowMigrationWorkflowTest#aDagFailingOnTheTargetIsHeldOnTheSourceWhileItsShapedBatchMoves}
 * (recorded with {@code -Drunbook.recordHistory=true}): batches shaped by the plan, one DAG held on the source.
 */
class AirflowMigrationReplayTest {

  @Test
  void replaysACompletedMigrationOfThreeBatches() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/airflow-completed.json", AirflowMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationRolledBackAtItsSecondBatchGate() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/airflow-rolled-back.json", AirflowMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAShapedBatchWhoseFailingDagWasHeldOnTheSource() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/airflow-held-on-source.json", AirflowMigrationWorkflowImpl.class);
  }
}
