package dev.runbook.worker;

import dev.runbook.connect.TemporalConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the worker process needs, read once at start from the environment (in Kubernetes:
 * a ConfigMap for settings, Secrets for the API keys). Nothing below the edge reads the environment.
 *
 * <p>{@code RUNBOOK_TASK_QUEUE} (default {@code runbooks}), {@code RUNBOOK_REPORT_DIR} (default
 * {@code ./reports}), {@code RUNBOOK_SHUTDOWN_GRACE_SECONDS} (default 60) and the
 * {@code RUNBOOK_TEMPORAL_*} and {@code RUNBOOK_CODEC_KEYS} variables of {@link TemporalConnection}
 * (without codec keys, workflow history holds plans and results unencrypted); Slack and Datadog
 * from the variables of {@link ObservabilityConfig}.
 */
public record WorkerConfig(
    TemporalConnection temporal, String taskQueue, Path reportDir, Duration shutdownGrace, ObservabilityConfig observability) {

  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    String grace = env.getOrDefault("RUNBOOK_SHUTDOWN_GRACE_SECONDS", "60");
    try {
      return new WorkerConfig(
          TemporalConnection.fromEnvironment(env),
          env.getOrDefault("RUNBOOK_TASK_QUEUE", "runbooks"),
          Path.of(env.getOrDefault("RUNBOOK_REPORT_DIR", "reports")),
          Duration.ofSeconds(Long.parseLong(grace)),
          ObservabilityConfig.fromEnvironment(env));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RUNBOOK_SHUTDOWN_GRACE_SECONDS must be a number of seconds, got '" + grace + "'");
    }
  }
}
