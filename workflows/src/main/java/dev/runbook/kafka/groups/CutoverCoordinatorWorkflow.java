package dev.runbook.kafka.groups;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.runbook.kafka.offsets.MigrationDirection;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Cuts many consumer groups over for the Kafka runbook, each in its own {@link GroupCutoverWorkflow}
 * child, at most {@code parallelism} at once, in the plan's order. It continues as new (carrying the
 * results so far) before its history grows large, so a thousand groups never come near Temporal's
 * history limits, and the migration itself records one child call. A group whose child ends other
 * than completed stops it from starting more; it returns what happened so the migration can park
 * and let an operator decide.
 *
 * <p>The workflow type keeps the name it had before the group cutover had a package of its own
 * ({@value #TYPE}), so runs started then still replay.
 */
@WorkflowInterface
public interface CutoverCoordinatorWorkflow {

  String TYPE = "ConsumerCutoverWorkflow";
  String GROUPS_QUERY = "groups";

  @WorkflowMethod(name = TYPE)
  Outcome cutOver(GroupCutoverRequest request);

  /** Which group children run now, and how many are done and left. */
  @QueryMethod(name = GROUPS_QUERY)
  GroupsProgress groups();

  static String workflowId(String migrationWorkflowId, MigrationDirection direction) {
    return migrationWorkflowId + "/consumer-groups" + (direction == MigrationDirection.TARGET_TO_SOURCE ? "/back" : "");
  }

  /** Every group's result in the order they ended, and the groups never started. */
  record Outcome(@JsonAlias("moved") List<GroupCutoverResult> results, List<String> notStarted) {

    public Outcome {
      results = results == null ? List.of() : List.copyOf(results);
      notStarted = notStarted == null ? List.of() : List.copyOf(notStarted);
    }

    /** The first group that did not complete, or null when every group did. */
    public GroupCutoverResult stoppedAt() {
      return results.stream().filter(group -> !group.completed()).findFirst().orElse(null);
    }
  }

  /** The {@code groups} query's answer: child workflow ids running now, counts done and pending. */
  record GroupsProgress(List<String> running, int done, int pending, String stoppedAt) {}
}
