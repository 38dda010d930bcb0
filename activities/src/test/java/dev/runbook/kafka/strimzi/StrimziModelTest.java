package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationPlain;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationTls;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.util.List;
import java.util.Map;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.acls.TargetAcl;
import org.junit.jupiter.api.Test;

class StrimziModelTest {

  private static final TargetCluster TARGET = new TargetCluster("kafka", "orders", 3, "100Gi", "plain", null);
  private static final TargetCluster PLAINTEXT = new TargetCluster("kafka", "orders", 3, "100Gi", "plain", null, false, "none");
  private final StrimziModel model = new StrimziModel();

  @Test
  void kafkaIsKraftWithNodePoolsThePlanListenerAndReplicationDefaults() {
    var kafka = model.kafka(TARGET);

    assertEquals("kafka.strimzi.io/v1", StrimziV1.manifest(kafka).getApiVersion());
    assertEquals("kafka", kafka.getMetadata().getNamespace());
    assertEquals("orders", kafka.getMetadata().getName());
    assertEquals(Map.of("strimzi.io/node-pools", "enabled", "strimzi.io/kraft", "enabled"), kafka.getMetadata().getAnnotations());
    var listener = kafka.getSpec().getKafka().getListeners().get(0);
    assertEquals(1, kafka.getSpec().getKafka().getListeners().size());
    assertEquals("plain", listener.getName());
    assertEquals(KafkaListenerType.INTERNAL, listener.getType());
    assertEquals(9093, listener.getPort());
    assertEquals(true, listener.isTls());
    assertTrue(listener.getAuth() instanceof KafkaListenerAuthenticationScramSha512);
    var authorization = (KafkaAuthorizationSimple) kafka.getSpec().getKafka().getAuthorization();
    assertEquals(List.of("orders-runbook"), authorization.getSuperUsers());
    assertEquals(Map.of(
        "default.replication.factor", 3,
        "min.insync.replicas", 2,
        "offsets.topic.replication.factor", 3,
        "transaction.state.log.replication.factor", 3,
        "transaction.state.log.min.isr", 2), kafka.getSpec().getKafka().getConfig());
    assertTrue(kafka.getSpec().getEntityOperator().getTopicOperator() != null);
    assertTrue(kafka.getSpec().getEntityOperator().getUserOperator() != null);
  }

  @Test
  void anExplicitlyPlaintextTargetHasNoTlsAuthenticationOrAuthorization() {
    var kafka = model.kafka(PLAINTEXT);

    assertEquals(9092, kafka.getSpec().getKafka().getListeners().get(0).getPort());
    assertEquals(false, kafka.getSpec().getKafka().getListeners().get(0).isTls());
    assertNull(kafka.getSpec().getKafka().getListeners().get(0).getAuth());
    assertNull(kafka.getSpec().getKafka().getAuthorization());
  }

  @Test
  void nodePoolIsLabelledForTheClusterWithBothRolesAndPersistentStorage() {
    var pool = model.nodePool(TARGET);

    assertEquals("kafka.strimzi.io/v1", StrimziV1.manifest(pool).getApiVersion());
    assertEquals("orders-dual-role", pool.getMetadata().getName());
    assertEquals("orders", pool.getMetadata().getLabels().get("strimzi.io/cluster"));
    assertEquals(3, pool.getSpec().getReplicas());
    assertEquals(List.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), pool.getSpec().getRoles());
    var volume = (PersistentClaimStorage) ((JbodStorage) pool.getSpec().getStorage()).getVolumes().get(0);
    assertEquals("100Gi", volume.getSize());
    assertEquals(0, volume.getId());
    assertEquals(false, volume.isDeleteClaim());
  }

  @Test
  void topicKeepsPartitionsConfigsAndRealNameWhileItsResourceNameIsFolded() {
    var topic = model.topic(TARGET, new TopicSpec("Orders_EU", 12, 3, Map.of("cleanup.policy", "compact", "retention.ms", "-1")));

    assertEquals("orders-eu-" + KubernetesNamesTestSupport.digestOf("Orders_EU"), topic.getMetadata().getName());
    assertEquals("kafka.strimzi.io/v1", StrimziV1.manifest(topic).getApiVersion());
    assertEquals("orders", topic.getMetadata().getLabels().get("strimzi.io/cluster"));
    assertEquals("Orders_EU", topic.getSpec().getTopicName());
    assertEquals(12, topic.getSpec().getPartitions());
    assertEquals(3, topic.getSpec().getReplicas());
    assertEquals(Map.of("cleanup.policy", "compact", "retention.ms", "-1"), topic.getSpec().getConfig());
  }

  @Test
  void topicReplicasFollowThePlanNotTheSource() {
    var small = new TargetCluster("kafka", "orders", 1, null, "plain", null);

    assertEquals(1, model.topic(small, new TopicSpec("orders", 3, 3, Map.of())).getSpec().getReplicas());
    assertEquals("orders", model.topic(small, new TopicSpec("orders", 3, 3, Map.of())).getMetadata().getName());
  }

  @Test
  void appUserMayUseTopicsAndGroupsButNotCreateTopics() {
    var user = model.appUser(TARGET, "billing");

    assertEquals("kafka.strimzi.io/v1", StrimziV1.manifest(user).getApiVersion());
    assertEquals("orders", user.getMetadata().getLabels().get("strimzi.io/cluster"));
    assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication);
    List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    AclRule topics = acls.get(0);
    assertEquals("*", ((AclRuleTopicResource) topics.getResource()).getName());
    assertEquals(List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBECONFIGS),
        topics.getOperations());
    assertEquals(List.of(AclOperation.READ, AclOperation.DESCRIBE), acls.get(1).getOperations());
    assertTrue(acls.get(1).getResource() instanceof AclRuleGroupResource);
    assertEquals(List.of(AclOperation.IDEMPOTENTWRITE), acls.get(3).getOperations());
  }

  @Test
  void mirrorMakerUserMayCreateAndAlterTopics() {
    var user = model.mirrorMakerUser(spec(KafkaEndpoint.plaintext("source:9092")));

    assertEquals("orders-mm2", user.getMetadata().getName());
    List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    assertEquals(List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE,
        AclOperation.DESCRIBECONFIGS, AclOperation.ALTER), acls.get(0).getOperations());
    assertTrue(acls.get(2).getResource() instanceof AclRuleClusterResource);
    assertEquals(List.of(AclOperation.DESCRIBE, AclOperation.IDEMPOTENTWRITE), acls.get(2).getOperations());
  }

  @Test
  void anAppUserGetsExactlyItsTranslatedAcls() {
    var acls = List.of(
        new TargetAcl("topic", "orders.", "prefix", new java.util.TreeSet<>(List.of("Read", "DescribeConfigs")), "*", "ALLOW"),
        new TargetAcl("topic", "orders.pii", "literal", new java.util.TreeSet<>(List.of("Read")), "10.0.0.7", "DENY"),
        new TargetAcl("cluster", "kafka-cluster", "literal", new java.util.TreeSet<>(List.of("IdempotentWrite")), "*", "ALLOW"));

    var rules = ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple) model.appUser(TARGET, "billing", acls)
        .getSpec().getAuthorization()).getAcls();

    assertEquals(3, rules.size());
    var prefixed = (AclRuleTopicResource) rules.get(0).getResource();
    assertEquals("orders.", prefixed.getName());
    assertEquals(io.strimzi.api.kafka.model.user.acl.AclResourcePatternType.PREFIX, prefixed.getPatternType());
    assertEquals(List.of(AclOperation.DESCRIBECONFIGS, AclOperation.READ), rules.get(0).getOperations());
    assertEquals(io.strimzi.api.kafka.model.user.acl.AclRuleType.DENY, rules.get(1).getType());
    assertEquals("10.0.0.7", rules.get(1).getHost());
    assertTrue(rules.get(2).getResource() instanceof AclRuleClusterResource);
    assertEquals(List.of(AclOperation.IDEMPOTENTWRITE), rules.get(2).getOperations());
    assertEquals(List.of(), ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple) model.appUser(TARGET, "x", List.of())
        .getSpec().getAuthorization()).getAcls());
  }

  @Test
  void anAppUserGetsItsTranslatedQuotasAndNoneWithoutThem() {
    var user = model.appUser(TARGET, "checkout", List.of(), new dev.runbook.kafka.quotas.UserQuotas(1048576, null, 50, 2.5));

    assertEquals(1048576, user.getSpec().getQuotas().getProducerByteRate());
    assertEquals(null, user.getSpec().getQuotas().getConsumerByteRate());
    assertEquals(50, user.getSpec().getQuotas().getRequestPercentage());
    assertEquals(2.5, user.getSpec().getQuotas().getControllerMutationRate());
    assertEquals(null, model.appUser(TARGET, "checkout", List.of(), null).getSpec().getQuotas());
    assertEquals(null, model.appUser(TARGET, "checkout").getSpec().getQuotas());
  }

  @Test
  void theRunbooksOwnUserIsTheOnlySuperUserAndHasNoAcls() {
    var user = model.operatorUser(TARGET);

    assertEquals("orders-runbook", user.getMetadata().getName());
    assertEquals("orders", user.getMetadata().getLabels().get("strimzi.io/cluster"));
    assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication);
    assertNull(user.getSpec().getAuthorization());
  }

  @Test
  void mirrorMakerUsesTheV1LayoutIdentityPolicyOnBothConnectorsAndReadCommitted() {
    var source = new KafkaEndpoint("pkc.confluent.cloud:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("CC_KEY"), SecretRef.env("CC_SECRET"), null);
    var access = new SourceAccess("CKEY", new SourceAccess.SecretKey("orders-mm2-source-credentials", "password"), null);

    var mirrorMaker = model.mirrorMaker(spec(source), access);

    assertEquals("kafka.strimzi.io/v1", StrimziV1.manifest(mirrorMaker).getApiVersion());
    var target = mirrorMaker.getSpec().getTarget();
    assertEquals("target", target.getAlias());
    assertEquals("orders-kafka-bootstrap.kafka.svc:9092", target.getBootstrapServers());
    assertEquals("orders-mm2-connect", target.getGroupId());
    assertEquals("orders-mm2-connect-configs", target.getConfigStorageTopic());
    assertEquals("orders-mm2-connect-offsets", target.getOffsetStorageTopic());
    assertEquals("orders-mm2-connect-status", target.getStatusStorageTopic());
    assertEquals(Map.of("config.storage.replication.factor", "-1", "offset.storage.replication.factor", "-1",
        "status.storage.replication.factor", "-1"), target.getConfig());
    var targetAuthentication = (KafkaClientAuthenticationScramSha512) target.getAuthentication();
    assertEquals("orders-mm2", targetAuthentication.getUsername());
    assertEquals("orders-mm2", targetAuthentication.getPasswordSecret().getSecretName());
    assertEquals("password", targetAuthentication.getPasswordSecret().getPassword());
    assertEquals(1, target.getTls().getTrustedCertificates().size());
    assertEquals("orders-cluster-ca-cert", target.getTls().getTrustedCertificates().get(0).getSecretName());
    assertEquals("ca.crt", target.getTls().getTrustedCertificates().get(0).getCertificate());

    assertEquals(1, mirrorMaker.getSpec().getMirrors().size());
    var mirror = mirrorMaker.getSpec().getMirrors().get(0);
    assertEquals("confluent", mirror.getSource().getAlias());
    assertEquals("pkc.confluent.cloud:9092", mirror.getSource().getBootstrapServers());
    assertTrue(mirror.getSource().getTls() != null);
    var sourceAuthentication = (KafkaClientAuthenticationPlain) mirror.getSource().getAuthentication();
    assertEquals("CKEY", sourceAuthentication.getUsername());
    assertEquals("orders-mm2-source-credentials", sourceAuthentication.getPasswordSecret().getSecretName());
    assertEquals("password", sourceAuthentication.getPasswordSecret().getPassword());
    assertEquals("orders|payments", mirror.getTopicsPattern());
    assertEquals("billing-.*", mirror.getGroupsPattern());
    assertEquals(4, mirror.getSourceConnector().getTasksMax());
    assertEquals(4, mirror.getCheckpointConnector().getTasksMax());
    assertEquals(Map.of(
        "replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
        "offset-syncs.topic.location", "target",
        "offset.lag.max", 10,
        "source.consumer.isolation.level", "read_committed",
        "replication.factor", "-1",
        "offset-syncs.topic.replication.factor", "-1",
        "refresh.topics.interval.seconds", "15",
        "sync.topic.configs.enabled", "false",
        "sync.topic.acls.enabled", "false"), mirror.getSourceConnector().getConfig());
    assertEquals(Map.of(
        "replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
        "offset-syncs.topic.location", "target",
        "checkpoints.topic.replication.factor", "-1",
        "emit.checkpoints.interval.seconds", "15",
        "sync.group.offsets.enabled", "false",
        "refresh.groups.interval.seconds", "15"), mirror.getCheckpointConnector().getConfig());
  }

  @Test
  void forwardFlowWithProvenanceHeadersDropsWhatTheReverseFlowCopiedAndStampsItsOwn() {
    var forward = spec(KafkaEndpoint.plaintext("source:9092"));
    var stamped = new MirrorMakerSpec(forward.namespace(), forward.name(), forward.targetCluster(), forward.targetAlias(),
        forward.targetBootstrapServers(), forward.sourceAlias(), forward.source(), forward.topicsPattern(), forward.groupsPattern(),
        10, 15, 4, forward.targetSecurity(), MigrationDirection.SOURCE_TO_TARGET, true);

    var config = model.mirrorMaker(stamped, SourceAccess.none()).getSpec().getMirrors().get(0).getSourceConnector().getConfig();

    assertEquals("dropCopiedHere,stampCopy", config.get("transforms"));
    assertEquals("org.apache.kafka.connect.transforms.Filter", config.get("transforms.dropCopiedHere.type"));
    assertEquals("copiedHere", config.get("transforms.dropCopiedHere.predicate"));
    assertEquals("copiedHere", config.get("predicates"));
    assertEquals("org.apache.kafka.connect.transforms.predicates.HasHeaderKey", config.get("predicates.copiedHere.type"));
    assertEquals("runbook.copied-to-source", config.get("predicates.copiedHere.name"));
    assertEquals("org.apache.kafka.connect.transforms.InsertHeader", config.get("transforms.stampCopy.type"));
    assertEquals("runbook.copied-to-target", config.get("transforms.stampCopy.header"));
    assertEquals("null", config.get("transforms.stampCopy.value.literal"));
  }

  @Test
  void reverseFlowWritesToTheSourceAsTheSourceCredentialsAndReadsTheTargetAsItsOwnUser() {
    var source = new KafkaEndpoint("pkc.confluent.cloud:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("CC_KEY"), SecretRef.env("CC_SECRET"), null);
    var access = new SourceAccess("CKEY", new SourceAccess.SecretKey("orders-mm2-back-source-credentials", "password"), null);
    var forward = spec(source);
    var reverse = new MirrorMakerSpec(forward.namespace(), "orders-mm2-back", forward.targetCluster(), forward.targetAlias(),
        forward.targetBootstrapServers(), forward.sourceAlias(), source, forward.topicsPattern(), null,
        10, 15, 4, forward.targetSecurity(), MigrationDirection.TARGET_TO_SOURCE, true);

    var mirrorMaker = model.mirrorMaker(reverse, access);

    var connect = mirrorMaker.getSpec().getTarget();
    assertEquals("confluent", connect.getAlias());
    assertEquals("pkc.confluent.cloud:9092", connect.getBootstrapServers());
    assertEquals("orders-mm2-back-connect", connect.getGroupId());
    assertEquals("CKEY", ((KafkaClientAuthenticationPlain) connect.getAuthentication()).getUsername());
    var mirror = mirrorMaker.getSpec().getMirrors().get(0);
    assertEquals("target", mirror.getSource().getAlias());
    assertEquals("orders-kafka-bootstrap.kafka.svc:9092", mirror.getSource().getBootstrapServers());
    assertEquals("orders-mm2-back", ((KafkaClientAuthenticationScramSha512) mirror.getSource().getAuthentication()).getUsername());
    assertEquals("orders-cluster-ca-cert", mirror.getSource().getTls().getTrustedCertificates().get(0).getSecretName());
    assertNull(mirror.getCheckpointConnector());
    assertNull(mirror.getGroupsPattern());
    var config = mirror.getSourceConnector().getConfig();
    assertEquals("false", config.get("emit.offset-syncs.enabled"));
    assertNull(config.get("offset-syncs.topic.location"));
    assertNull(config.get("offset-syncs.topic.replication.factor"));
    assertEquals("runbook.copied-to-target", config.get("predicates.copiedHere.name"));
    assertEquals("runbook.copied-to-source", config.get("transforms.stampCopy.header"));
  }

  @Test
  void plaintextSourceHasNeitherTlsNorAuthentication() {
    var mirror = model.mirrorMaker(spec(KafkaEndpoint.plaintext("source:9092")), SourceAccess.none()).getSpec().getMirrors().get(0);

    assertNull(mirror.getSource().getTls());
    assertNull(mirror.getSource().getAuthentication());
  }

  @Test
  void mutualTlsSourceAuthenticatesWithTheCertificateAndKeyFromOneSecret() {
    var source = new KafkaEndpoint("source:9093", "SSL", null, null, null, SecretRef.env("CA"),
        SecretRef.env("CLIENT_CRT"), SecretRef.env("CLIENT_KEY"));
    var access = new SourceAccess(null, null, new SourceAccess.SecretKey("orders-mm2-source-credentials", "ca.crt"),
        new SourceAccess.ClientCertificate("orders-mm2-source-credentials", "client.crt", "client.key"));

    var mirror = model.mirrorMaker(spec(source), access).getSpec().getMirrors().get(0);

    assertEquals("orders-mm2-source-credentials", mirror.getSource().getTls().getTrustedCertificates().get(0).getSecretName());
    var authentication = (KafkaClientAuthenticationTls) mirror.getSource().getAuthentication();
    assertEquals("orders-mm2-source-credentials", authentication.getCertificateAndKey().getSecretName());
    assertEquals("client.crt", authentication.getCertificateAndKey().getCertificate());
    assertEquals("client.key", authentication.getCertificateAndKey().getKey());
  }

  @Test
  void rejectsAListenerNameStrimziWouldRefuse() {
    var target = new TargetCluster("kafka", "orders", 3, null, "Plain-Listener", null);

    var failure = assertThrows(IllegalArgumentException.class, () -> model.kafka(target));
    assertEquals("target listener 'Plain-Listener' must be 1-11 lowercase letters or digits (Strimzi's rule)", failure.getMessage());
  }

  @Test
  void rejectsAnUnknownSaslMechanism() {
    var source = new KafkaEndpoint("s:9092", "SASL_SSL", "OAUTHBEARER", SecretRef.env("U"), SecretRef.env("P"), null);
    var access = new SourceAccess("u", new SourceAccess.SecretKey("s", "p"), null);

    var failure = assertThrows(IllegalArgumentException.class, () -> model.mirrorMaker(spec(source), access));
    assertEquals("source SASL mechanism 'OAUTHBEARER' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512", failure.getMessage());
  }

  static MirrorMakerSpec spec(KafkaEndpoint source) {
    return new MirrorMakerSpec("kafka", "orders-mm2", "orders", "target", "orders-kafka-bootstrap.kafka.svc:9092",
        "confluent", source, "orders|payments", "billing-.*", 10, 15, 4, TargetSecurity.of(TARGET));
  }
}
