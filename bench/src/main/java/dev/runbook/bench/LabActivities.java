package dev.runbook.bench;

import dev.runbook.activities.RunbookActivities;
import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.notify.LogNotifier;
import dev.runbook.secrets.ReferenceResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's activities, wired by {@link RunbookActivities} with the lab's settings, called
 * through Temporal's activity test environment: each call runs the activity method exactly as a
 * worker would (heartbeats included), once, without retries, so a failure surfaces at once.
 */
final class LabActivities implements AutoCloseable {

  /** The lab's settings: waits look at the world every 500 ms. */
  static RunbookActivities.Settings labSettings(Path reportDir) {
    return new RunbookActivities.Settings(reportDir, Duration.ofMillis(500), Duration.ofMinutes(5));
  }

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  private final ActivityOptions options = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();

  LabActivities(KubernetesClient kubernetes, Path reportDir) {
    environment.registerActivitiesImplementations(RunbookActivities.create(kubernetes,
        new ReferenceResolver(Map.of(), kubernetes), new LogNotifier(), labSettings(reportDir)).toArray());
  }

  KafkaActivities kafka() {
    return environment.newActivityStub(KafkaActivities.class, options);
  }

  AppActivities apps() {
    return environment.newActivityStub(AppActivities.class, options);
  }

  OffsetActivities offsets() {
    return environment.newActivityStub(OffsetActivities.class, options);
  }

  @Override
  public void close() {
    environment.close();
  }
}
