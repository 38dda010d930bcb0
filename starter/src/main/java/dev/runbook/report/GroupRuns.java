package dev.runbook.report;

import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.groups.CutoverCoordinatorWorkflow;
import dev.runbook.kafka.groups.GroupCutoverResult;
import dev.runbook.kafka.groups.GroupCutoverWorkflow;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The child run of each consumer group a Kafka migration cut over, read from Temporal for its
 * report: the groups the migration recorded, those its coordinator run ended and those it runs
 * now. A run that cannot be read (no worker to answer the query, not started) is left out; the
 * report then shows that group from the migration's own figures.
 */
public final class GroupRuns {

  private GroupRuns() {}

  /** Each group's child run (cutting over to the target) by group name; empty for a run without consumer groups. */
  public static Map<String, Progress> read(WorkflowClient client, String workflowId, Progress progress) {
    Map<String, String> facts = progress.facts();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>(KafkaFacts.GROUP_PARTITIONS.allIn(facts).keySet());
    names.addAll(KafkaFacts.GROUP_PAUSE.allIn(facts).keySet());
    names.forEach(name -> ids.add(childId(workflowId, name)));
    KafkaFacts.GROUPS_WORKFLOW.in(facts).ifPresent(coordinator -> ids.addAll(childrenOf(client, coordinator)));
    String prefix = childId(workflowId, "");
    Map<String, Progress> runs = new LinkedHashMap<>();
    for (String id : ids) {
      if (!id.startsWith(prefix)) {
        continue; // a child cutting back over to the source: the migration's undo steps tell of it
      }
      try {
        runs.put(id.substring(prefix.length()),
            client.newUntypedWorkflowStub(id).query(RunbookControl.PROGRESS_QUERY, Progress.class));
      } catch (RuntimeException unreadable) {
        // Not started, or no worker to answer: the migration's figures stand for this group.
      }
    }
    return runs;
  }

  private static String childId(String workflowId, String group) {
    return GroupCutoverWorkflow.workflowId(workflowId, group, MigrationDirection.SOURCE_TO_TARGET);
  }

  /** The child ids of the coordinator run: every group it ended when it is done, those running when not. */
  private static Set<String> childrenOf(WorkflowClient client, String coordinatorId) {
    Set<String> ids = new LinkedHashSet<>();
    try {
      WorkflowStub coordinator = client.newUntypedWorkflowStub(coordinatorId);
      WorkflowExecutionStatus status = coordinator.describe().getStatus();
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        coordinator.getResult(CutoverCoordinatorWorkflow.Outcome.class).results().stream()
            .map(GroupCutoverResult::workflowId).forEach(ids::add);
      } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        ids.addAll(coordinator.query(CutoverCoordinatorWorkflow.GROUPS_QUERY, CutoverCoordinatorWorkflow.GroupsProgress.class)
            .running());
      }
    } catch (RuntimeException unreadable) {
      // No coordinator to ask: the groups the migration recorded are all there is.
    }
    return ids;
  }
}
