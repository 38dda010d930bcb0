package dev.runbook.kernel;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Activity options by kind of step, and activity stubs whose every method has its own options, so
 * the retry policy belongs to the activity method, never to whichever stub a call site picks. Reads
 * retry patiently; anything that changes the world gets an explicit, small number of attempts and
 * waits for its cancellation to finish before the runbook moves on (so a rollback never races a
 * half-done change); long waits heartbeat so a lost worker is noticed within the heartbeat timeout
 * and the wait resumes elsewhere from its last details.
 */
public final class StepOptions {

  /** How often long waits heartbeat at the latest: a lost worker is noticed within this. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /**
   * Added to a wait's limit when the activity enforces the limit itself: it then fails with its
   * own message (what it saw last) before Temporal's timeout would cut it off without one.
   */
  public static final Duration WAIT_MARGIN = Duration.ofMinutes(1);

  private StepOptions() {}

  /**
   * A stub of {@code activities} whose methods run with the options given by activity method name.
   * Every method of the interface must have options, and only its methods: a method left out (or
   * misspelled) fails at once instead of running with some other method's retry policy.
   */
  public static <T> T stub(Class<T> activities, Map<String, ActivityOptions> byMethod) {
    POJOActivityInterfaceMetadata metadata = POJOActivityInterfaceMetadata.newInstance(activities);
    Set<String> names = new TreeSet<>();
    Set<String> types = new TreeSet<>();
    for (POJOActivityMethodMetadata method : metadata.getMethodsMetadata()) {
      names.add(method.getMethod().getName());
      types.add(method.getActivityTypeName());
    }
    if (!names.equals(new TreeSet<>(byMethod.keySet()))) {
      throw new IllegalStateException(activities.getSimpleName() + ": options given for " + new TreeSet<>(byMethod.keySet())
          + ", methods are " + names);
    }
    Map<String, ActivityOptions> byType = new java.util.HashMap<>();
    for (POJOActivityMethodMetadata method : metadata.getMethodsMetadata()) {
      byType.put(method.getActivityTypeName(), byMethod.get(method.getMethod().getName()));
    }
    return Workflow.newActivityStub(activities, ActivityOptions.newBuilder().build(), byType);
  }

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

  /** Long waits (catch-up, rollouts): heartbeat within {@link #HEARTBEAT}, give up after {@code limit}. */
  public static ActivityOptions longWait(Duration limit) {
    return longWait(limit, HEARTBEAT);
  }

  /** A long wait that must heartbeat within {@code heartbeat}. */
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
        .setDoNotRetry(FailureType.permanentTypes())
        .build();
  }
}
