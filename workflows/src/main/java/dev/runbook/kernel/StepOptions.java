package dev.runbook.kernel;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options by kind of step. Reads retry patiently; anything that changes the world gets an
 * explicit, small number of attempts and waits for its cancellation to finish before the runbook
 * moves on (so a rollback never races a half-done change); long waits heartbeat so a lost worker
 * is noticed within the heartbeat timeout and the wait resumes elsewhere from its last details.
 */
public final class StepOptions {

  /** Failure types that no retry can fix: the plan or the world must change first. */
  public static final String[] PERMANENT_FAILURES = {"InvalidPlan", "PlanDoesNotMatchReality", "Refused"};

  private StepOptions() {}

  /** Reads (discovery, verification): up to 10 attempts, backoff 1 s doubling to 30 s. */
  public static ActivityOptions read(Duration timeout) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(timeout)
        .setRetryOptions(retry(10))
        .build();
  }

  /** Changes to the world: at most {@code attempts} attempts; a cancel waits for the activity to stop. */
  public static ActivityOptions change(Duration timeout, int attempts) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(timeout)
        .setRetryOptions(retry(attempts))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  /** Long waits (catch-up, rollouts): heartbeat within {@code heartbeat}, give up after {@code limit}. */
  public static ActivityOptions longWait(Duration limit, Duration heartbeat) {
    return ActivityOptions.newBuilder()
        .setScheduleToCloseTimeout(limit)
        .setStartToCloseTimeout(limit)
        .setHeartbeatTimeout(heartbeat)
        .setRetryOptions(retry(0))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  private static RetryOptions retry(int maximumAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setMaximumAttempts(maximumAttempts)
        .setDoNotRetry(PERMANENT_FAILURES)
        .build();
  }
}
