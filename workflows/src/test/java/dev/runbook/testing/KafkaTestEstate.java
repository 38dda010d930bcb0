package dev.runbook.testing;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.plan.KafkaEndpoint;
import java.util.List;
import java.util.Map;

/**
 * The small Kafka estate the orchestration tests move: topics orders (3 partitions) and billing (2,
 * compacted), groups orders-processor and billing-processor with one consumer app each, one
 * producer app, and the plan that moves them into Strimzi cluster {@code kafka/prod}.
 */
public final class KafkaTestEstate {

  public static final String SOURCE = "pkc-123.confluent.cloud:9092";
  public static final String TARGET = "prod-kafka-bootstrap.kafka.svc:9092";
  public static final AppRef ORDERS_CONSUMER = app("orders-consumer");
  public static final AppRef BILLING_CONSUMER = app("billing-consumer");
  public static final AppRef ORDERS_PRODUCER = app("orders-producer");

  private KafkaTestEstate() {}

  /** The estate in memory, the source at {@code source}, every app on it with its replicas. */
  public static InMemoryKafkaWorld world(String source) {
    return new InMemoryKafkaWorld(
        List.of(new TopicSpec("orders", 3, 3, Map.of()), new TopicSpec("billing", 2, 3, Map.of("cleanup.policy", "compact"))),
        List.of(new GroupInfo("orders-processor", "Stable", 2, List.of("orders"), 5),
            new GroupInfo("billing-processor", "Stable", 1, List.of("billing"), 0)),
        source, TARGET)
        .withApp(ORDERS_CONSUMER, 2).withApp(BILLING_CONSUMER, 1).withApp(ORDERS_PRODUCER, 3);
  }

  public static AppRef app(String name) {
    return new AppRef("apps", name, "app", new ConfigLocation("KAFKA_BOOTSTRAP_SERVERS", null, null, null),
        new KafkaMigrationPlan.AppCredentials("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", null, null));
  }

  /** The plan that moves the estate, gates approved by alice or bob. */
  public static KafkaMigrationPlan plan(Cutover.Order order) {
    return new KafkaMigrationPlan(
        "payments",
        KafkaEndpoint.plaintext(SOURCE),
        new KafkaMigrationPlan.TargetCluster("apps", "prod", 3, "100Gi", "tls", 3, true, "scram-sha-512"),
        new KafkaMigrationPlan.TopicSelection(".*", null),
        null,
        null,
        new Cutover(order,
            List.of(new ConsumerGroupCutover("orders-processor", List.of(ORDERS_CONSUMER), null),
                new ConsumerGroupCutover("billing-processor", List.of(BILLING_CONSUMER), null)),
            List.of(ORDERS_PRODUCER), null),
        new KafkaMigrationPlan.Decommission(false),
        new Approvals(new GatePolicy(List.of("alice", "bob"), 1, null, null), null, null));
  }
}
