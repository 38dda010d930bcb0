package dev.runbook.kafka.groups;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kernel.RunbookStatus;
import java.util.List;

/**
 * How one group's cutover ended: {@code COMPLETED}, or rolled back / aborted by an operator in its
 * child ({@code workflowId}). {@code before} holds its apps stopped so far, as they were: cutting
 * the group back over to the source needs them. {@code partitions} and {@code pauseMillis} (how
 * long its apps were stopped) are measured going forward only.
 */
public record GroupCutoverResult(
    String group,
    String workflowId,
    RunbookStatus status,
    String message,
    List<AppSnapshot> before,
    int partitions,
    long pauseMillis) {

  public GroupCutoverResult {
    before = before == null ? List.of() : List.copyOf(before);
  }

  public boolean completed() {
    return status == RunbookStatus.COMPLETED;
  }
}
