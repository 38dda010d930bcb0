package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;

/**
 * One consumer group moved to the target (or back) as a child workflow of the Kafka runbook, so a
 * migration of a thousand groups keeps every history small. It is a runbook itself: a step that
 * fails parks here, under the id {@code <migration workflow id>/group/<group>} ({@code .../back}
 * when moving back), and waits for the same operator actions as the migration; an operator's
 * rollback here moves this group back.
 */
@WorkflowInterface
public interface ConsumerGroupCutoverWorkflow extends RunbookControl {

  @WorkflowMethod
  GroupMoved move(GroupMoveRequest request);

  static String workflowId(String migrationWorkflowId, String group, MigrationDirection direction) {
    return migrationWorkflowId + "/group/" + group + (direction == MigrationDirection.TARGET_TO_SOURCE ? "/back" : "");
  }

  /** What every group of one migration shares: who may act, which way, between which clusters. */
  record GroupMoveScope(
      String migrationId,
      Approvals approvals,
      MigrationDirection direction,
      KafkaEndpoint source,
      KafkaEndpoint target,
      Duration consumingWaitLimit) {}

  /** A group to move; moving back, {@code before} holds its apps as they were before the cutover stopped them. */
  record GroupMove(ConsumerGroupCutover group, List<AppSnapshot> before) {}

  /** One child's input. */
  record GroupMoveRequest(GroupMoveScope scope, GroupMove move) {}

  /**
   * How moving one group ended: {@code COMPLETED}, or rolled back / aborted by an operator in the
   * child ({@code workflowId}). {@code before} holds the apps stopped so far, as they were; the
   * way back needs them.
   */
  record GroupMoved(
      String group,
      String workflowId,
      RunbookStatus status,
      String message,
      List<AppSnapshot> before,
      int partitions,
      long pauseMillis) {

    public boolean completed() {
      return status == RunbookStatus.COMPLETED;
    }
  }
}
