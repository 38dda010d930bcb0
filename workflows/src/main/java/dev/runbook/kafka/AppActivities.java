package dev.runbook.kafka;

import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kernel.StepOptions;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The apps that produce and consume, as Kubernetes Deployments: check, stop, repoint, start.
 * Stopping records the replica count on the Deployment itself (annotation), so a rerun after a
 * crash still knows how many replicas to restore.
 */
@ActivityInterface
public interface AppActivities {

  /** The stub workflows call these through: checks retry patiently, a repoint 3 times, stop and start wait for their rollout. */
  static AppActivities stub() {
    return StepOptions.stub(AppActivities.class, Map.of(
        "checkApps", StepOptions.read(Duration.ofMinutes(2)),
        "stopApp", StepOptions.longWait(Duration.ofMinutes(15)),
        "repointApp", StepOptions.change(Duration.ofMinutes(2), 3),
        "startApp", StepOptions.longWait(Duration.ofMinutes(15))));
  }

  /** For each app: problems found (missing Deployment, container, env var, ConfigMap or Secret key). */
  List<String> checkApps(List<AppRef> apps);

  /** Scales the app to 0 and waits until its pods are gone; returns what it was before. */
  AppSnapshot stopApp(AppRef app);

  /**
   * Points the app at {@code bootstrapServers} where the plan says it keeps them. With
   * {@code targetSecurity}, its credential env vars get the target's protocol and mechanism and
   * {@code secretKeyRef}s to its KafkaUser's and the cluster CA's Secrets, the originals kept on the
   * Deployment; without, the originals return exactly. Likewise its Schema Registry settings (where the
   * plan names them): with {@code schemaRegistryUrl} the target registry's URL and credentials, without
   * it what they were before.
   */
  void repointApp(RepointRequest request);

  /** Restores the replicas and waits (heartbeating) until the rollout is complete. */
  void startApp(StartRequest request);

  /** An app as it was before the runbook stopped it. */
  record AppSnapshot(AppRef app, int replicas, String bootstrapServers) {}

  /**
   * Where to point an app; {@code targetSecurity} and {@code schemaRegistryUrl} (the target registry's
   * Confluent API) null when the app goes (back) to its original cluster and registry.
   */
  record RepointRequest(AppRef app, String bootstrapServers, TargetSecurity targetSecurity, String schemaRegistryUrl) {

    public RepointRequest(AppRef app, String bootstrapServers) {
      this(app, bootstrapServers, null, null);
    }
  }

  /** How many replicas to bring back. */
  record StartRequest(AppRef app, int replicas) {}
}
