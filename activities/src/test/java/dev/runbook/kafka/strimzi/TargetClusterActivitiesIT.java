package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activity.PollingWait;
import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.TargetClusterActivities.TopicsRequest;
import dev.runbook.kafka.TargetClusterActivities.UsersRequest;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.lab.SingleBrokerBackend;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import dev.runbook.testkit.kubernetes.StrimziReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target-cluster activities against the mock Kubernetes API, with the reconciler playing
 * Strimzi on a real single-node Kafka. Each test works in its own namespace.
 */
class TargetClusterActivitiesIT {

  /** The single broker plays no TLS: MirrorMaker 2 reaches it with SCRAM over SASL_PLAINTEXT. */
  private static final TargetSecurity SCRAM = new TargetSecurity(TargetSecurity.Authentication.SCRAM_SHA_512, false, "orders-cluster-ca-cert");

  private static final Map<String, String> WORKER_ENV = Map.of("CC_KEY", "CKEY", "CC_SECRET", "cc-secret");

  private static MockKubernetes kubernetes;
  private static KubernetesClient reconcilerClient;
  private static SingleBrokerBackend backend;
  private static StrimziReconciler reconciler;
  private static TargetClusterActivitiesImpl activities;

  @BeforeAll
  static void startLab() {
    kubernetes = MockKubernetes.start();
    reconcilerClient = kubernetes.newClient();
    backend = new SingleBrokerBackend();
    reconciler = StrimziReconciler.start(reconcilerClient, backend, state -> { });
    activities = new TargetClusterActivitiesImpl(kubernetes.client(), TargetClusterActivitiesIT::resolve,
        new StrimziModel(), new PollingWait(Duration.ofMillis(50), Duration.ofSeconds(60)),
        details -> { });
  }

  @AfterAll
  static void stopLab() throws Exception {
    reconciler.close();
    reconcilerClient.close();
    backend.close();
    kubernetes.close();
  }

  private static String resolve(SecretRef ref) {
    String value = WORKER_ENV.get(ref.env());
    if (value == null) {
      throw new IllegalArgumentException("not set");
    }
    return value;
  }

  /** Side effects of a deletion (garbage collection, stopping pods) follow it, as on a real cluster. */
  private static void eventually(String what, BooleanSupplier condition) {
    new PollingWait(Duration.ofMillis(50), Duration.ofSeconds(10))
        .until(what, () -> condition.getAsBoolean() ? PollingWait.Poll.done(Boolean.TRUE) : PollingWait.Poll.pending("not yet"),
            details -> { });
  }

  /** Names of the stored resources of {@code type} at kafka.strimzi.io/v1, sorted. */
  private static List<String> names(Class<? extends HasMetadata> type, String namespace) {
    return kubernetes.client().genericKubernetesResources(new ResourceDefinitionContext.Builder()
            .withGroup("kafka.strimzi.io").withVersion("v1").withKind(HasMetadata.getKind(type))
            .withPlural(HasMetadata.getPlural(type)).withNamespaced(true).build())
        .inNamespace(namespace).list().getItems().stream()
        .map(resource -> resource.getMetadata().getName()).sorted().toList();
  }

  @Test
  void provisionsClusterAndTopicsOnARealBrokerAndAdoptsEverythingOnARerun() throws Exception {
    var target = new TargetCluster("provision", "orders", 1, null, "plain", null);
    var topics = new TopicsRequest(target, List.of(
        new TopicSpec("orders", 6, 3, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "1000")),
        new TopicSpec("Payments_EU", 3, 3, Map.of("retention.ms", "86400000"))));

    activities.applyCluster(target);
    String bootstrap = activities.awaitClusterReady(target);
    activities.applyTopics(topics);

    assertEquals(backend.bootstrapServers(), bootstrap);
    try (Admin admin = backend.admin()) {
      Map<String, TopicDescription> described = admin.describeTopics(List.of("orders", "Payments_EU")).allTopicNames().get();
      assertEquals(6, described.get("orders").partitions().size());
      assertEquals(3, described.get("Payments_EU").partitions().size());
      var ordersConfig = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
      var paymentsConfig = new ConfigResource(ConfigResource.Type.TOPIC, "Payments_EU");
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(ordersConfig, paymentsConfig)).all().get();
      assertEquals("compact", configs.get(ordersConfig).get("cleanup.policy").value());
      assertEquals("1000", configs.get(ordersConfig).get("min.compaction.lag.ms").value());
      assertEquals("86400000", configs.get(paymentsConfig).get("retention.ms").value());
    }

    activities.applyCluster(target);
    assertEquals(bootstrap, activities.awaitClusterReady(target));
    activities.applyTopics(topics);

    KubernetesClient client = kubernetes.client();
    assertEquals(List.of("orders"), names(Kafka.class, "provision"));
    assertEquals(List.of("orders-dual-role"), names(KafkaNodePool.class, "provision"));
    assertEquals(List.of("orders", "payments-eu-" + KubernetesNamesTestSupport.digestOf("Payments_EU")),
        names(KafkaTopic.class, "provision"));
    assertEquals(1L, new StrimziV1(client).get(Kafka.class, "provision", "orders").getMetadata().getGeneration(),
        "an unchanged rerun must not write the Kafka resource");
    assertEquals(List.of("provision/orders"), backend.clusterStarts().stream().filter(key -> key.startsWith("provision/")).toList());
    assertEquals(List.of("orders", "Payments_EU"), backend.topicCreations().stream()
        .filter(topic -> topic.equals("orders") || topic.equals("Payments_EU")).toList());

    activities.deleteTopics(topics);
    activities.deleteTopics(topics);
    activities.deleteCluster(target);
    activities.deleteCluster(target);

    try (Admin admin = backend.admin()) {
      assertFalse(admin.listTopics().names().get().contains("orders"));
      assertFalse(admin.listTopics().names().get().contains("Payments_EU"));
    }
    assertEquals(List.of(), names(Kafka.class, "provision"));
    assertEquals(List.of(), names(KafkaNodePool.class, "provision"));
    // The operator stops the cluster after the resource is gone, as Strimzi does: wait for it.
    Eventually.await("the cluster of the deleted Kafka resource stopped", Duration.ofSeconds(10),
        backend::clusterStops, stops -> stops.contains("provision/orders"));
  }

  @Test
  void readyClusterWithoutThePlanListenerIsAPermanentMismatch() {
    var target = new TargetCluster("listeners", "orders", 1, null, "plain", null);
    activities.applyCluster(target);

    var otherListener = new TargetCluster("listeners", "orders", 1, null, "external", null);
    var failure = assertThrows(ApplicationFailure.class, () -> activities.awaitClusterReady(otherListener));

    assertEquals("PlanDoesNotMatchReality", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals("Kafka listeners/orders is Ready but reports no bootstrap address for listener 'external' (listeners: plain)",
        failure.getOriginalMessage());
  }

  @Test
  void usersWaitForTheirClusterGetTheirSecretsAndDeletingThemTwiceSucceeds() {
    var target = new TargetCluster("users", "orders", 1, null, "plain", null);
    var users = new UsersRequest(target, List.of("billing", "shipping"));
    activities.applyCluster(target);

    activities.applyUsers(users);
    activities.applyUsers(users);

    KubernetesClient client = kubernetes.client();
    assertEquals(List.of("billing", "orders-runbook", "shipping"), names(KafkaUser.class, "users"));
    assertTrue(client.secrets().inNamespace("users").withName("billing").get().getData().containsKey("password"));

    activities.deleteUsers(users);
    activities.deleteUsers(users);

    assertEquals(List.of(), names(KafkaUser.class, "users"));
    eventually("the user Secret is garbage-collected", () -> client.secrets().inNamespace("users").withName("billing").get() == null);
  }

  @Test
  void mirrorMakerRunsFromItsOwnSpecWithTheSourcePasswordCopiedFromTheWorkerEnvironment() {
    var source = new KafkaEndpoint("pkc.confluent.cloud:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("CC_KEY"), SecretRef.env("CC_SECRET"), null);
    var spec = new MirrorMakerSpec("mirror", "orders-mm2", "orders", "target", "orders-kafka-bootstrap.mirror.svc:9092",
        "confluent", source, "orders", "billing", 1, 5, 2, SCRAM);
    int before = backend.mirrorMakers().size();
    activities.applyCluster(new TargetCluster("mirror", "orders", 1, null, "plain", null));

    activities.applyMirrorMaker(spec);
    activities.applyMirrorMaker(spec);

    KubernetesClient client = kubernetes.client();
    var credentials = client.secrets().inNamespace("mirror").withName("orders-mm2-source-credentials").get();
    assertEquals(Map.of("password", "cc-secret"), credentials.getData().entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, entry -> new String(Base64.getDecoder().decode(entry.getValue()), StandardCharsets.UTF_8))));
    List<SingleBrokerBackend.RecordedMirrorMaker> started = backend.mirrorMakers().subList(before, backend.mirrorMakers().size());
    assertEquals(1, started.size(), "a rerun with the same spec must not restart MirrorMaker 2");
    Map<String, String> properties = started.get(0).properties();
    assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"CKEY\" password=\"cc-secret\";",
        properties.get("confluent.sasl.jaas.config"));
    String mirrorMakerPassword = new String(Base64.getDecoder().decode(
        client.secrets().inNamespace("mirror").withName("orders-mm2").get().getData().get("password")), StandardCharsets.UTF_8);
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"orders-mm2\" password=\""
        + mirrorMakerPassword + "\";", properties.get("target.sasl.jaas.config"));
    assertEquals("read_committed", properties.get("confluent->target.source.consumer.isolation.level"));
    assertEquals("service_load", properties.get("target.plugin.discovery"));

    activities.deleteMirrorMaker(spec);
    activities.deleteMirrorMaker(spec);

    eventually("MirrorMaker 2 stops", () -> started.get(0).stopped());
    assertNull(client.secrets().inNamespace("mirror").withName("orders-mm2-source-credentials").get());
    assertEquals(List.of(), names(KafkaUser.class, "mirror"));
    assertEquals(List.of(), names(KafkaMirrorMaker2.class, "mirror"));
  }

  @Test
  void unresolvableSourcePasswordFailsPermanentlyWithoutAValue() {
    var source = new KafkaEndpoint("pkc:9092", "SASL_SSL", "PLAIN", SecretRef.env("CC_KEY"), SecretRef.env("MISSING"), null);
    var spec = new MirrorMakerSpec("unresolved", "orders-mm2", "orders", "target", "t:9092", "confluent", source, ".*", ".*", 1, 5, 1, SCRAM);

    var failure = assertThrows(ApplicationFailure.class, () -> activities.applyMirrorMaker(spec));

    assertEquals("PlanDoesNotMatchReality", failure.getType());
    assertEquals("cannot resolve env:MISSING: not set", failure.getOriginalMessage());
  }
}
