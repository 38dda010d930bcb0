package dev.runbook.kafka;

import dev.runbook.kafka.groups.CutoverCoordinatorWorkflowImpl;
import dev.runbook.kafka.groups.GroupCutoverWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays stored histories of the Kafka runbook against today's workflow code: a change that would
 * break running migrations fails here until it is guarded with {@code Workflow.getVersion}. The
 * histories come from {@link KafkaMigrationWorkflowTest} runs (recorded with
 * {@code -Drunbook.recordHistory=true}); each is kept as recorded by the version it names.
 */
class KafkaMigrationReplayTest {

  @Test
  void replaysACompletedMigrationWhoseGroupsRanInline() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-completed.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysACompletedMigrationWhoseGroupsRanAsChildWorkflows() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-completed-children.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-consumer-groups-completed.json", CutoverCoordinatorWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-group-completed.json", GroupCutoverWorkflowImpl.class);
  }

  @Test
  void replaysACompletedMigrationOfASecuredTarget() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-completed-secured.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-group-completed-secured.json", GroupCutoverWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationRolledBackAfterAGroupWasRolledBackInItsChild() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-rolled-back.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-consumer-groups-back.json", CutoverCoordinatorWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-group-back.json", GroupCutoverWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-group-rolled-back-in-child.json", GroupCutoverWorkflowImpl.class);
  }

  @Test
  void replaysMigrationsWithASchemaRegistryPhaseCompletedAndRolledBack() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-schemas-completed.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-schemas-rolled-back.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysMigrationsThatSyncedSchemasAndLockedTheSourceCompletedAndRolledBack() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-schemas-synced-completed.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-schemas-unlocked-rolled-back.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationParkedBecauseTheTargetsQuotasDifferedFromTheTranslation() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-target-quotas-parked.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationThatRepointedAppsToTheTargetRegistryAndBackOnRollback() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-schemas-apps-repointed-rolled-back.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationWhoseFenceCheckParkedUntilTheSourceStoppedGrowing() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-fence-retried-completed.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationWhoseFirstProducersTopicsWereFencedOnTheirOwn() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-producer-fence-retried.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationRolledBackAfterItsProducerMovedThatWaitedForTheReverseFlowsCopyBack() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-copied-back-rolled-back.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysAMigrationThatSyncedSchemasAfterTheCatchUpWait() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-schemas-synced-after-catch-up-completed.json", KafkaMigrationWorkflowImpl.class);
  }
}
