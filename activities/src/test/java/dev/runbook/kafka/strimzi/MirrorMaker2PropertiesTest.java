package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.kubernetes.MirrorMaker2Properties;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The KafkaMirrorMaker2 the model writes, run the way the lab runs it: the exact MirrorMaker 2 properties. */
class MirrorMaker2PropertiesTest {

  private static final Map<String, String> SECRETS = Map.of(
      "kafka/orders-mm2-source-credentials#password", "cc-secret",
      "kafka/orders-mm2#password", "mm2-target-secret",
      "kafka/orders-cluster-ca-cert#ca.crt", "CLUSTER CA PEM");

  private static String secret(String namespace, String name, String key) {
    String value = SECRETS.get(namespace + "/" + name + "#" + key);
    if (value == null) {
      throw new IllegalArgumentException("no " + namespace + "/" + name + "#" + key);
    }
    return value;
  }

  @Test
  void mapsTheModelsResourceToDedicatedModeProperties() {
    var source = new KafkaEndpoint("pkc.confluent.cloud:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("CC_KEY"), SecretRef.env("CC_SECRET"), null);
    var access = new SourceAccess("CKEY", new SourceAccess.SecretKey("orders-mm2-source-credentials", "password"), null);
    var resource = new StrimziModel().mirrorMaker(StrimziModelTest.spec(source), access);

    Map<String, String> expected = new TreeMap<>();
    expected.put("clusters", "confluent,target");
    expected.put("emit.heartbeats.enabled", "false");
    expected.put("target.bootstrap.servers", "orders-kafka-bootstrap.kafka.svc:9092");
    expected.put("target.security.protocol", "SASL_SSL");
    expected.put("target.ssl.truststore.type", "PEM");
    expected.put("target.ssl.truststore.certificates", "CLUSTER CA PEM");
    expected.put("target.sasl.mechanism", "SCRAM-SHA-512");
    expected.put("target.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"orders-mm2\" password=\"mm2-target-secret\";");
    expected.put("target.group.id", "orders-mm2-connect");
    expected.put("target.config.storage.topic", "orders-mm2-connect-configs");
    expected.put("target.offset.storage.topic", "orders-mm2-connect-offsets");
    expected.put("target.status.storage.topic", "orders-mm2-connect-status");
    expected.put("target.config.storage.replication.factor", "-1");
    expected.put("target.offset.storage.replication.factor", "-1");
    expected.put("target.status.storage.replication.factor", "-1");
    expected.put("confluent.bootstrap.servers", "pkc.confluent.cloud:9092");
    expected.put("confluent.security.protocol", "SASL_SSL");
    expected.put("confluent.sasl.mechanism", "PLAIN");
    expected.put("confluent.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"CKEY\" password=\"cc-secret\";");
    expected.put("confluent->target.enabled", "true");
    expected.put("confluent->target.topics", "orders|payments");
    expected.put("confluent->target.groups", "billing-.*");
    expected.put("confluent->target.tasks.max", "4");
    expected.put("confluent->target.replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
    expected.put("confluent->target.offset-syncs.topic.location", "target");
    expected.put("confluent->target.offset.lag.max", "10");
    expected.put("confluent->target.source.consumer.isolation.level", "read_committed");
    expected.put("confluent->target.replication.factor", "-1");
    expected.put("confluent->target.offset-syncs.topic.replication.factor", "-1");
    expected.put("confluent->target.checkpoints.topic.replication.factor", "-1");
    expected.put("confluent->target.refresh.topics.interval.seconds", "15");
    expected.put("confluent->target.refresh.groups.interval.seconds", "15");
    expected.put("confluent->target.emit.checkpoints.interval.seconds", "15");
    expected.put("confluent->target.sync.group.offsets.enabled", "false");
    expected.put("confluent->target.sync.topic.configs.enabled", "false");
    expected.put("confluent->target.sync.topic.acls.enabled", "false");

    assertEquals(expected, new TreeMap<>(MirrorMaker2Properties.fromResource(resource, MirrorMaker2PropertiesTest::secret)));
  }

  @Test
  void refusesConnectorsThatDisagreeOnAFlowSetting() {
    var resource = new StrimziModel()
        .mirrorMaker(StrimziModelTest.spec(KafkaEndpoint.plaintext("source:9092")), SourceAccess.none());
    resource.getSpec().getMirrors().get(0).getCheckpointConnector().getConfig()
        .put("replication.policy.class", "org.apache.kafka.connect.mirror.DefaultReplicationPolicy");

    var failure = assertThrows(IllegalArgumentException.class,
        () -> MirrorMaker2Properties.fromResource(resource, MirrorMaker2PropertiesTest::secret));
    assertEquals("checkpointConnector sets confluent->target.replication.policy.class="
        + "org.apache.kafka.connect.mirror.DefaultReplicationPolicy but the other connector of the mirror sets "
        + "org.apache.kafka.connect.mirror.IdentityReplicationPolicy; MirrorMaker 2 in dedicated mode takes one value per flow",
        failure.getMessage());
  }
}
