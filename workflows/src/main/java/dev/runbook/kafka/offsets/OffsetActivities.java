package dev.runbook.kafka.offsets;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Moves a stopped consumer group's position from one cluster to the other so it resumes on the
 * record right after the last one it processed. Heartbeats while it waits for replication.
 */
@ActivityInterface
public interface OffsetActivities {

  /**
   * Translates every committed partition of the group, commits them all or none (refusing a group
   * with live members on the cluster written to), then verifies the group's next record on both
   * sides. Permanent problems fail non-retryably with an {@link OffsetFailureType} name as type.
   */
  @ActivityMethod
  GroupTranslationReport translateGroup(GroupTranslationRequest request);
}
