package dev.runbook.kafka;

import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The apps that produce and consume, as Kubernetes Deployments: check, stop, repoint, start.
 * Stopping records the replica count on the Deployment itself (annotation), so a rerun after a
 * crash still knows how many replicas to restore.
 */
@ActivityInterface
public interface AppActivities {

  /** For each app: problems found (missing Deployment, container, env var, ConfigMap or Secret key). */
  List<String> checkApps(List<AppRef> apps);

  /** Scales the app to 0 and waits until its pods are gone; returns what it was before. */
  AppSnapshot stopApp(AppRef app);

  /** Points the app at {@code bootstrapServers} where the plan says it keeps them. */
  void repointApp(RepointRequest request);

  /** Restores the replicas and waits (heartbeating) until the rollout is complete. */
  void startApp(StartRequest request);

  /** An app as it was before the runbook stopped it. */
  record AppSnapshot(AppRef app, int replicas, String bootstrapServers) {}

  /** Where to point an app. */
  record RepointRequest(AppRef app, String bootstrapServers) {}

  /** How many replicas to bring back. */
  record StartRequest(AppRef app, int replicas) {}
}
