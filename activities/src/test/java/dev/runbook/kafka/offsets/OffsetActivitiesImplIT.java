package dev.runbook.kafka.offsets;

import static dev.runbook.kafka.offsets.TwoClusters.commit;
import static dev.runbook.kafka.offsets.TwoClusters.committed;
import static dev.runbook.kafka.offsets.TwoClusters.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.kafka.RecordingConsumer;
import dev.runbook.testkit.kafka.SequenceProducer;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The activity as a worker runs it: payloads through Temporal's converter, heartbeats, typed failures. */
@ExtendWith(SharedTwoClusters.class)
class OffsetActivitiesImplIT {

  private final TwoClusters clusters = SharedTwoClusters.clusters();
  private final List<String> heartbeats = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment environment;
  private OffsetActivities activities;

  @BeforeEach
  void startActivityEnvironment() {
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new OffsetActivitiesImpl(TwoClusters.migration()));
    environment.setActivityHeartbeatListener(String.class, heartbeats::add);
    activities = environment.newActivityStub(OffsetActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
        .build());
  }

  @AfterEach
  void closeActivityEnvironment() {
    environment.close();
  }

  @Test
  void cutsOverALiveConsumerGroupWithoutDuplicatesOrLosses() throws Exception {
    String topic = "live";
    clusters.source.createTopic(topic, 3);
    clusters.target.createTopic(topic, 3);
    try (SequenceProducer producer = new SequenceProducer(topic, "live", 300, 0);
         RecordingConsumer consumer = new RecordingConsumer("live-group", List.of(topic))) {
      producer.start(clusters.source.bootstrapServers());
      consumer.start(clusters.source.bootstrapServers());
      Thread.sleep(3_000);
      consumer.stop();

      GroupTranslationReport report = activities.translateGroup(GroupTranslationRequest.exact(
          "live-group", clusters.sourceEndpoint(), clusters.targetEndpoint(), Duration.ofSeconds(30)));
      consumer.start(clusters.target.bootstrapServers());
      Thread.sleep(1_000);
      producer.switchTo(clusters.target.bootstrapServers());
      Thread.sleep(2_000);
      producer.stop();
      awaitAllProcessed(producer, consumer);
      consumer.stop();

      DeliveryAccount account = DeliveryAccount.of(producer.produced(), consumer.processed());
      assertTrue(report.verification().verified(), report.verification().mismatches().toString());
      assertEquals(3, report.partitions().size());
      assertEquals(0, account.duplicates(), account.toString());
      assertEquals(0, account.lost(), account.toString());
      assertTrue(producer.produced().stream().anyMatch(r -> r.bootstrapServers().equals(clusters.source.bootstrapServers()))
          && producer.produced().stream().anyMatch(r -> r.bootstrapServers().equals(clusters.target.bootstrapServers())),
          "traffic on both sides of the cutover");
      assertTrue(heartbeats.stream().anyMatch(h -> h.startsWith("translated ")), "progress heartbeats (throttled by the SDK): " + heartbeats);
    }
  }

  private static void awaitAllProcessed(SequenceProducer producer, RecordingConsumer consumer) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && DeliveryAccount.of(producer.produced(), consumer.processed()).lost() > 0) {
      Thread.sleep(200);
    }
  }

  @Test
  void permanentProblemsFailNonRetryablyWithTheirTypeAndCommitNothing() {
    String topic = TwoClusters.UNREPLICATED_PREFIX + "activity-mismatch";
    clusters.source.createTopic(topic, 1);
    clusters.target.createTopic(topic, 2);
    produce(clusters.source, topic, 1, 5, "activity-mismatch");
    commit(clusters.source, "activity-mismatch-group", Map.of(new TopicPartition(topic, 0), 3L));

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> activities.translateGroup(
        GroupTranslationRequest.exact("activity-mismatch-group", clusters.sourceEndpoint(), clusters.targetEndpoint(),
            Duration.ofSeconds(5))));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(OffsetFailureType.PARTITION_COUNT_MISMATCH.name(), cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(committed(clusters.target, "activity-mismatch-group").isEmpty());
  }

  @Test
  void unresolvableSecretIsAnInvalidRequestNamingTheReferenceOnly() {
    KafkaEndpoint withSecrets = new KafkaEndpoint(clusters.source.bootstrapServers(), "SASL_PLAINTEXT", "SCRAM-SHA-512",
        SecretRef.env("SOURCE_USER"), SecretRef.env("SOURCE_PASSWORD"), null);

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> activities.translateGroup(
        GroupTranslationRequest.exact("any", withSecrets, clusters.targetEndpoint(), Duration.ofSeconds(5))));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(OffsetFailureType.INVALID_REQUEST.name(), cause.getType());
    assertTrue(cause.getOriginalMessage().contains("env:SOURCE_USER"), cause.getOriginalMessage());
  }
}
