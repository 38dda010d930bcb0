package dev.runbook.kafka.offsets;

import dev.runbook.kernel.StepOptions;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.Map;

/**
 * Moves a stopped consumer group's position from one cluster to the other so it resumes on the
 * record right after the last one it processed. Heartbeats while it waits for replication.
 *
 * <p>Heartbeats come after every partition and every replication poll. Failures typed by
 * {@link OffsetFailureType} are non-retryable. The activity is idempotent: a retry after a
 * successful commit translates to the same offsets and commits them again.
 */
@ActivityInterface
public interface OffsetActivities {

  /** The stub workflows call it through: a long wait of up to 15 minutes (well above the replication wait). */
  static OffsetActivities stub() {
    return StepOptions.stub(OffsetActivities.class, Map.of("translateGroup", StepOptions.longWait(Duration.ofMinutes(15))));
  }

  /**
   * Translates every committed partition of the group, commits them all or none (refusing a group
   * with live members on the cluster written to), then verifies the group's next record on both
   * sides. Permanent problems fail non-retryably with an {@link OffsetFailureType} name as type.
   */
  @ActivityMethod
  GroupTranslationReport translateGroup(GroupTranslationRequest request);
}
