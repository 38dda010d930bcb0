package dev.runbook.kafka.groups;

import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.RunbookControl;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One consumer group cut over to the target (or back) as a child workflow of the Kafka runbook, so
 * a migration of a thousand groups keeps every history small. It is a runbook itself: a step that
 * fails parks here, under the id {@code <migration workflow id>/group/<group>} ({@code .../back}
 * when cutting back over to the source), and waits for the same operator actions as the migration;
 * an operator's rollback here cuts this group back over to the source.
 *
 * <p>The workflow type keeps the name it had before the group cutover had a package of its own
 * ({@value #TYPE}), so runs started then still replay.
 */
@WorkflowInterface
public interface GroupCutoverWorkflow extends RunbookControl {

  String TYPE = "ConsumerGroupCutoverWorkflow";
  /** The runbook's name in its progress. */
  String RUNBOOK = "kafka-group-cutover";

  @WorkflowMethod(name = TYPE)
  GroupCutoverResult cutOver(GroupCutoverRequest request);

  static String workflowId(String migrationWorkflowId, String group, MigrationDirection direction) {
    return migrationWorkflowId + "/group/" + group + (direction == MigrationDirection.TARGET_TO_SOURCE ? "/back" : "");
  }
}
