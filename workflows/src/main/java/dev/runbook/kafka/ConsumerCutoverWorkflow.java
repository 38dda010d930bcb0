package dev.runbook.kafka;

import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMove;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoveScope;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoved;
import dev.runbook.kafka.offsets.MigrationDirection;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Moves many consumer groups for the Kafka runbook, each as a {@link ConsumerGroupCutoverWorkflow}
 * child, at most {@code parallelism} at once, in the plan's order of starting. It continues as new
 * (carrying the results so far) before its history grows large, so a thousand groups never come
 * near Temporal's history limits, and the migration itself records one child call. A group whose
 * child ends other than completed stops it from starting more; it returns what happened so the
 * migration can park and let an operator decide.
 */
@WorkflowInterface
public interface ConsumerCutoverWorkflow {

  String GROUPS_QUERY = "groups";

  @WorkflowMethod
  ConsumerCutoverResult moveGroups(ConsumerCutoverRequest request);

  /** Which group children run now, and how many are done and left. */
  @QueryMethod(name = GROUPS_QUERY)
  GroupsProgress groups();

  static String workflowId(String migrationWorkflowId, MigrationDirection direction) {
    return migrationWorkflowId + "/consumer-groups" + (direction == MigrationDirection.TARGET_TO_SOURCE ? "/back" : "");
  }

  /** The groups still to move ({@code pending}, in order) and those moved by earlier runs of this coordinator. */
  record ConsumerCutoverRequest(
      String migrationWorkflowId, GroupMoveScope scope, int parallelism, List<GroupMove> pending, List<GroupMoved> done) {}

  /** Every group moved or stopped, in the order they ended, and the groups never started. */
  record ConsumerCutoverResult(List<GroupMoved> moved, List<String> notStarted) {

    /** The first group that did not complete, or null when every group did. */
    public GroupMoved stoppedAt() {
      return moved.stream().filter(group -> !group.completed()).findFirst().orElse(null);
    }
  }

  /** The {@code groups} query's answer: child workflow ids running now, counts done and pending. */
  record GroupsProgress(List<String> running, int done, int pending, String stoppedAt) {}
}
