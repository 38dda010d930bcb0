package dev.runbook.activities;

import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.airflow.runbook.AirflowActivitiesImpl;
import dev.runbook.airflow.runbook.AirflowClients;
import dev.runbook.airflow.runbook.HelmReleaseWorkloads;
import dev.runbook.kafka.admin.KafkaActivitiesImpl;
import dev.runbook.kafka.apps.AppActivitiesImpl;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.offsets.GroupOffsetMigration;
import dev.runbook.kafka.offsets.OffsetActivitiesImpl;
import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.SchemaRegistryActivitiesImpl;
import dev.runbook.kafka.strimzi.StrimziModel;
import dev.runbook.kafka.strimzi.TargetClusterActivitiesImpl;
import dev.runbook.kernel.NotificationActivities;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.secrets.SecretResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every activity implementation a worker registers, built from the clients it needs. The worker
 * process, the lab and the end-to-end tests all wire activities here, so they run the same code.
 */
public final class RunbookActivities {

  /**
   * @param reportDir where verification and translation reports go
   * @param pollInterval how often waits look at the world
   * @param waitTimeout how long one attempt of a wait lasts before it fails and retries
   * @param meters where activities record the metrics they measure
   * @param kafkaCallTimeout how long one Kafka request is awaited before the activity fails and retries
   */
  public record Settings(
      Path reportDir, Duration pollInterval, Duration waitTimeout, RunbookMeters meters, Duration kafkaCallTimeout) {

    /** Settings that record no metrics, with Kafka's own call timeout. */
    public Settings(Path reportDir, Duration pollInterval, Duration waitTimeout) {
      this(reportDir, pollInterval, waitTimeout, RunbookMeters.NONE,
          KafkaClientFactory.DEFAULT_CALL_TIMEOUT);
    }

    public static Settings defaults(Path reportDir) {
      return new Settings(reportDir, Duration.ofSeconds(5), Duration.ofMinutes(25));
    }

    public Settings withMeters(RunbookMeters newMeters) {
      return new Settings(reportDir, pollInterval, waitTimeout, newMeters, kafkaCallTimeout);
    }

    public Settings withKafkaCallTimeout(Duration timeout) {
      return new Settings(reportDir, pollInterval, waitTimeout, meters, timeout);
    }
  }

  private RunbookActivities() {}

  public static List<Object> create(
      KubernetesClient kubernetes, SecretResolver secrets, NotificationActivities notifier, Settings settings) {
    KafkaClientFactory kafka = new KafkaClientFactory(secrets).withCallTimeout(settings.kafkaCallTimeout());
    PollingWait wait = new PollingWait(settings.pollInterval(), settings.waitTimeout());
    Heartbeat heartbeat = Heartbeat.ofCurrentActivity();
    return List.of(
        new KafkaActivitiesImpl(kafka, settings.reportDir(), settings.pollInterval(), settings.meters()),
        new TargetClusterActivitiesImpl(kubernetes, secrets, new StrimziModel(), wait, heartbeat),
        new AppActivitiesImpl(kubernetes, wait, heartbeat),
        new OffsetActivitiesImpl(new GroupOffsetMigration(kafka, settings.pollInterval())),
        new SchemaRegistryActivitiesImpl(secrets, ConfluentRegistryClient.defaultHttpClient()),
        new AirflowActivitiesImpl(new AirflowClients(secrets), secrets, new HelmReleaseWorkloads(kubernetes),
            settings.reportDir(), settings.pollInterval(), heartbeat),
        notifier);
  }
}
