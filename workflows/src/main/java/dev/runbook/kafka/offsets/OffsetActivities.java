package dev.runbook.kafka.offsets;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Moves a stopped consumer group's position from one cluster to the other so it resumes on the
 * record right after the last one it processed. Heartbeats while it waits for replication.
 *
 * <p>Activity options that fit: start-to-close at least the request's {@code maxReplicationWait}
 * plus two minutes; heartbeat timeout 30 s (heartbeats come after every partition and every
 * replication poll); a few attempts for transient Kafka errors. Failures typed by
 * {@link OffsetFailureType} are non-retryable. The activity is idempotent: a retry after a
 * successful commit translates to the same offsets and commits them again.
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
