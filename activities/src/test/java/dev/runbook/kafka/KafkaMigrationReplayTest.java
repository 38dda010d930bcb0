package dev.runbook.kafka;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays a stored history of a completed Kafka runbook against today's workflow code: a change
 * that would break running migrations fails here until it is guarded with {@code Workflow.getVersion}.
 */
class KafkaMigrationReplayTest {

  @Test
  void replaysACompletedMigrationWithTwoGroupsAndAProducer() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-completed.json", KafkaMigrationWorkflowImpl.class);
  }

  @Test
  void replaysACompletedMigrationWhoseGroupsRanAsChildWorkflows() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-completed-children.json", KafkaMigrationWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/kafka-consumer-groups-completed.json", ConsumerCutoverWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/kafka-group-completed.json", ConsumerGroupCutoverWorkflowImpl.class);
  }
}
