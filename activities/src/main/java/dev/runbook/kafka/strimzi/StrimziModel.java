package dev.runbook.kafka.strimzi;

import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.ProvenanceHeaders;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.acls.TargetAcl;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.plan.KafkaEndpoint;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.strimzi.api.kafka.model.common.ClientTls;
import io.strimzi.api.kafka.model.common.ClientTlsBuilder;
import io.strimzi.api.kafka.model.common.PasswordSecretSourceBuilder;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthentication;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationPlainBuilder;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha256Builder;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512Builder;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationTlsBuilder;
import io.strimzi.api.kafka.model.kafka.EphemeralStorageBuilder;
import io.strimzi.api.kafka.model.kafka.JbodStorageBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimpleBuilder;
import io.strimzi.api.kafka.model.kafka.KafkaBuilder;
import io.strimzi.api.kafka.model.kafka.KRaftMetadataStorage;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorageBuilder;
import io.strimzi.api.kafka.model.kafka.Storage;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListenerBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2Builder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2ClusterSpecBuilder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2ConnectorSpecBuilder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2MirrorSpecBuilder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2TargetClusterSpecBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimpleBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserQuotasBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Strimzi {@code kafka.strimzi.io/v1} resources the Kafka runbook wants, computed from plan
 * records without touching any API: a KRaft Kafka with one dual-role node pool and the plan's
 * listener security ({@link TargetSecurity}), a KafkaTopic per source topic, KafkaUsers with ACLs,
 * and a KafkaMirrorMaker2 (v1 layout) that copies only committed records under the same topic names.
 */
public final class StrimziModel {

  /** The API version the runbook speaks; see {@link StrimziV1} for how requests get there. */
  public static final String API_VERSION = "kafka.strimzi.io/v1";
  public static final String CLUSTER_LABEL = "strimzi.io/cluster";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "runbook";
  public static final String IDENTITY_REPLICATION_POLICY =
      "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";
  /** The key under which Strimzi's User Operator stores a SCRAM user's password. */
  public static final String USER_PASSWORD_KEY = "password";

  /** Replication factor -1: "the target broker's default.replication.factor", which the Kafka resource sets. */
  private static final String BROKER_DEFAULT_REPLICATION = "-1";
  private static final Pattern LISTENER_NAME = Pattern.compile("^[a-z0-9]{1,11}$");
  private static final Pattern RESOURCE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final int DEFAULT_BROKERS = 3;

  /** The keys of the cluster CA Secret ({@code <cluster>-cluster-ca-cert}) the Cluster Operator writes. */
  public static final String CA_CERTIFICATE_KEY = "ca.crt";
  /** The keys of a KafkaUser's Secret the User Operator writes (SCRAM; mutual TLS). */
  public static final String USER_JAAS_CONFIG_KEY = "sasl.jaas.config";
  public static final String USER_CERTIFICATE_KEY = "user.crt";
  public static final String USER_KEY_KEY = "user.key";

  /**
   * The Kafka resource: KRaft with node pools, the plan listener, replication defaults, operators.
   * An authenticated listener comes with simple authorization whose one super user is the
   * runbook's own identity; every other client gets only its KafkaUser's ACLs.
   */
  public Kafka kafka(TargetCluster target) {
    validate(target);
    int replication = topicReplicas(target);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("default.replication.factor", replication);
    config.put("min.insync.replicas", minInSyncReplicas(replication));
    config.put("offsets.topic.replication.factor", replication);
    config.put("transaction.state.log.replication.factor", replication);
    config.put("transaction.state.log.min.isr", minInSyncReplicas(replication));
    var kafka = new KafkaBuilder()
        .withMetadata(metadata(target.namespace(), target.cluster(), Map.of(MANAGED_BY_LABEL, MANAGED_BY)))
        .editMetadata()
            .addToAnnotations("strimzi.io/node-pools", "enabled")
            .addToAnnotations("strimzi.io/kraft", "enabled")
        .endMetadata()
        .withNewSpec()
            .withNewKafka()
                .withListeners(listener(target))
                .withConfig(config)
            .endKafka()
            .withNewEntityOperator()
                .withNewTopicOperator().endTopicOperator()
                .withNewUserOperator().endUserOperator()
            .endEntityOperator()
        .endSpec()
        .build();
    TargetSecurity security = TargetSecurity.of(target);
    if (security.authenticated()) {
      kafka.getSpec().getKafka().setAuthorization(new KafkaAuthorizationSimpleBuilder()
          .withSuperUsers(security.principal(KafkaPlanDefaults.operatorUser(target)).substring("User:".length()))
          .build());
    }
    return kafka;
  }

  /** The one node pool: {@code replicas} nodes that are both controllers and brokers. */
  public KafkaNodePool nodePool(TargetCluster target) {
    validate(target);
    return new KafkaNodePoolBuilder()
        .withMetadata(metadata(target.namespace(), nodePoolName(target), clusterLabels(target)))
        .withNewSpec()
            .withReplicas(brokers(target))
            .withRoles(ProcessRoles.CONTROLLER, ProcessRoles.BROKER)
            .withStorage(storage(target))
        .endSpec()
        .build();
  }

  public static String nodePoolName(TargetCluster target) {
    return target.cluster() + "-dual-role";
  }

  /**
   * A KafkaTopic with the source topic's partitions and configs. Replicas follow the target
   * cluster ({@link #topicReplicas}), not the source, whose broker count may be larger.
   */
  public KafkaTopic topic(TargetCluster target, TopicSpec topic) {
    validate(target);
    if (topic.partitions() < 1) {
      throw new IllegalArgumentException("topic " + topic.name() + " has " + topic.partitions() + " partitions");
    }
    Map<String, Object> config = new LinkedHashMap<>();
    if (topic.configs() != null) {
      topic.configs().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(entry -> config.put(entry.getKey(), entry.getValue()));
    }
    return new KafkaTopicBuilder()
        .withMetadata(metadata(target.namespace(), KubernetesNames.forTopic(topic.name()), clusterLabels(target)))
        .withNewSpec()
            .withTopicName(topic.name())
            .withPartitions(topic.partitions())
            .withReplicas(topicReplicas(target))
            .withConfig(config)
        .endSpec()
        .build();
  }

  /**
   * An app's KafkaUser with {@code acls}, the source's ACLs translated for it; null when the plan
   * carries no ACLs over: then it may read and write every topic, read with any consumer group,
   * and produce idempotently or transactionally.
   */
  public KafkaUser appUser(TargetCluster target, String username, List<TargetAcl> acls) {
    return appUser(target, username, acls, null);
  }

  /** As {@link #appUser(TargetCluster, String, List)}, with {@code quotas} (the source's translated for it) unless null. */
  public KafkaUser appUser(TargetCluster target, String username, List<TargetAcl> acls, UserQuotas quotas) {
    KafkaUser user = acls == null ? appUser(target, username) : user(TargetSecurity.of(target), target.namespace(),
        target.cluster(), username, acls.stream().map(StrimziModel::rule).toList());
    if (quotas != null) {
      user.getSpec().setQuotas(new KafkaUserQuotasBuilder()
          .withProducerByteRate(quotas.producerByteRate())
          .withConsumerByteRate(quotas.consumerByteRate())
          .withRequestPercentage(quotas.requestPercentage())
          .withControllerMutationRate(quotas.controllerMutationRate())
          .build());
    }
    return user;
  }

  /** An app's KafkaUser that may use every topic and group (the plan carries no ACLs over). */
  public KafkaUser appUser(TargetCluster target, String username) {
    return user(TargetSecurity.of(target), target.namespace(), target.cluster(), username, List.of(
        topicRule(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBECONFIGS),
        groupRule(AclOperation.READ, AclOperation.DESCRIBE),
        transactionalIdRule(AclOperation.WRITE, AclOperation.DESCRIBE),
        clusterRule(AclOperation.IDEMPOTENTWRITE)));
  }

  /**
   * MirrorMaker 2's KafkaUser on the target, named like the KafkaMirrorMaker2 resource: it creates
   * and writes the mirrored and internal topics (and adds partitions), runs its Connect group and
   * writes translated offsets of consumer groups.
   */
  public KafkaUser mirrorMakerUser(MirrorMakerSpec spec) {
    return user(spec.targetSecurity(), spec.namespace(), spec.targetCluster(), spec.name(), List.of(
        topicRule(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE,
            AclOperation.DESCRIBECONFIGS, AclOperation.ALTER),
        groupRule(AclOperation.READ, AclOperation.DESCRIBE),
        clusterRule(AclOperation.DESCRIBE, AclOperation.IDEMPOTENTWRITE)));
  }

  /** The runbook's own KafkaUser: a super user of the Kafka resource, so it needs no ACLs. */
  public KafkaUser operatorUser(TargetCluster target) {
    return user(TargetSecurity.of(target), target.namespace(), target.cluster(), KafkaPlanDefaults.operatorUser(target), null);
  }

  /**
   * The KafkaMirrorMaker2 resource in the v1 layout: the cluster it writes to is the Connect
   * cluster, one mirror from the other. The forward flow writes to the target; the reverse flow
   * ({@link MirrorMakerSpec#reverse()}) writes back to the source, topics only, and emits no offset
   * syncs (nothing translates with them). Both use the identity replication policy (so topics and
   * translated group offsets keep their names); the forward flow keeps offset syncs on the target
   * (the source may be read-only). The cluster copied from is read with {@code read_committed}:
   * otherwise records of aborted transactions arrive as ordinary records. Topic configs and ACLs are
   * not synced: KafkaTopic and KafkaUser resources own them on the target, and the source's stay as
   * they are. With provenance headers each flow drops the records the other copied and stamps its own.
   */
  public KafkaMirrorMaker2 mirrorMaker(MirrorMakerSpec spec, SourceAccess sourceAccess) {
    requireName("MirrorMaker 2 name", spec.name());
    String interval = Integer.toString(spec.syncIntervalSeconds());

    Map<String, Object> sourceConnector = new LinkedHashMap<>();
    sourceConnector.put("replication.policy.class", IDENTITY_REPLICATION_POLICY);
    if (spec.reverse()) {
      // MirrorMaker 2 refuses any offset-syncs.* setting beside this one.
      sourceConnector.put("emit.offset-syncs.enabled", "false");
    } else {
      sourceConnector.put("offset-syncs.topic.location", "target");
    }
    sourceConnector.put("offset.lag.max", spec.offsetLagMax());
    sourceConnector.put("source.consumer.isolation.level", "read_committed");
    sourceConnector.put("replication.factor", BROKER_DEFAULT_REPLICATION);
    if (!spec.reverse()) {
      sourceConnector.put("offset-syncs.topic.replication.factor", BROKER_DEFAULT_REPLICATION);
    }
    sourceConnector.put("refresh.topics.interval.seconds", interval);
    sourceConnector.put("sync.topic.configs.enabled", "false");
    sourceConnector.put("sync.topic.acls.enabled", "false");
    if (spec.provenanceHeaders()) {
      sourceConnector.putAll(provenanceTransforms(spec.reverse()));
    }

    Map<String, Object> connectConfig = new LinkedHashMap<>();
    connectConfig.put("config.storage.replication.factor", BROKER_DEFAULT_REPLICATION);
    connectConfig.put("offset.storage.replication.factor", BROKER_DEFAULT_REPLICATION);
    connectConfig.put("status.storage.replication.factor", BROKER_DEFAULT_REPLICATION);

    var strimzi = new KafkaMirrorMaker2ClusterSpecBuilder()
        .withAlias(spec.targetAlias()).withBootstrapServers(spec.targetBootstrapServers()).build();
    var external = new KafkaMirrorMaker2ClusterSpecBuilder()
        .withAlias(spec.sourceAlias()).withBootstrapServers(spec.source().bootstrapServers()).build();
    var connect = new KafkaMirrorMaker2TargetClusterSpecBuilder()
        .withAlias(spec.reverse() ? external.getAlias() : strimzi.getAlias())
        .withBootstrapServers(spec.reverse() ? external.getBootstrapServers() : strimzi.getBootstrapServers())
        .withGroupId(spec.name() + "-connect")
        .withConfigStorageTopic(spec.connectTopics().get(0))
        .withOffsetStorageTopic(spec.connectTopics().get(1))
        .withStatusStorageTopic(spec.connectTopics().get(2))
        .withConfig(connectConfig)
        .build();
    ClientTls strimziTls = targetTls(spec);
    KafkaClientAuthentication strimziAuthentication = targetAuthentication(spec);
    ClientTls externalTls = sourceTls(spec.source(), sourceAccess);
    KafkaClientAuthentication externalAuthentication = sourceAuthentication(spec.source(), sourceAccess);
    connect.setTls(spec.reverse() ? externalTls : strimziTls);
    connect.setAuthentication(spec.reverse() ? externalAuthentication : strimziAuthentication);
    var copiedFrom = spec.reverse() ? strimzi : external;
    copiedFrom.setTls(spec.reverse() ? strimziTls : externalTls);
    copiedFrom.setAuthentication(spec.reverse() ? strimziAuthentication : externalAuthentication);

    var mirror = new KafkaMirrorMaker2MirrorSpecBuilder()
        .withSource(copiedFrom)
        .withSourceConnector(new KafkaMirrorMaker2ConnectorSpecBuilder()
            .withTasksMax(spec.tasksMax()).withConfig(sourceConnector).build())
        .withTopicsPattern(spec.topicsPattern())
        .build();
    if (!spec.reverse()) {
      Map<String, Object> checkpointConnector = new LinkedHashMap<>();
      checkpointConnector.put("replication.policy.class", IDENTITY_REPLICATION_POLICY);
      checkpointConnector.put("offset-syncs.topic.location", "target");
      checkpointConnector.put("checkpoints.topic.replication.factor", BROKER_DEFAULT_REPLICATION);
      checkpointConnector.put("emit.checkpoints.interval.seconds", interval);
      // The runbook commits each group's offsets itself, exactly, while the group is stopped. MM2's
      // own sync would race it with approximate offsets whenever the group is empty on the target.
      checkpointConnector.put("sync.group.offsets.enabled", "false");
      checkpointConnector.put("refresh.groups.interval.seconds", interval);
      mirror.setCheckpointConnector(new KafkaMirrorMaker2ConnectorSpecBuilder()
          .withTasksMax(spec.tasksMax()).withConfig(checkpointConnector).build());
      mirror.setGroupsPattern(spec.groupsPattern());
    }

    return new KafkaMirrorMaker2Builder()
        .withMetadata(metadata(spec.namespace(), spec.name(), Map.of(MANAGED_BY_LABEL, MANAGED_BY)))
        .withNewSpec()
            .withReplicas(1)
            .withTarget(connect)
            .withMirrors(mirror)
        .endSpec()
        .build();
  }

  /**
   * Kafka Connect's own transforms that keep the two flows from copying a record back where it came
   * from: {@code Filter} drops a record carrying the other flow's header ({@code HasHeaderKey}), then
   * {@code InsertHeader} stamps this flow's. The header's value is the literal {@code null}: MirrorMaker 2
   * converts headers with the ByteArrayConverter, which refuses the string a text literal would be.
   */
  static Map<String, Object> provenanceTransforms(boolean reverse) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("transforms", "dropCopiedHere,stampCopy");
    config.put("transforms.dropCopiedHere.type", "org.apache.kafka.connect.transforms.Filter");
    config.put("transforms.dropCopiedHere.predicate", "copiedHere");
    config.put("predicates", "copiedHere");
    config.put("predicates.copiedHere.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
    config.put("predicates.copiedHere.name", reverse ? ProvenanceHeaders.COPIED_TO_TARGET : ProvenanceHeaders.COPIED_TO_SOURCE);
    config.put("transforms.stampCopy.type", "org.apache.kafka.connect.transforms.InsertHeader");
    config.put("transforms.stampCopy.header", reverse ? ProvenanceHeaders.COPIED_TO_SOURCE : ProvenanceHeaders.COPIED_TO_TARGET);
    config.put("transforms.stampCopy.value.literal", "null");
    return config;
  }

  /** How MirrorMaker 2 reaches the Strimzi cluster: its CA when TLS, its own KafkaUser's credentials. */
  private static ClientTls targetTls(MirrorMakerSpec spec) {
    if (!spec.targetSecurity().tls()) {
      return null;
    }
    return new ClientTlsBuilder()
        .addNewTrustedCertificate()
            .withSecretName(spec.targetSecurity().clusterCaSecret()).withCertificate(CA_CERTIFICATE_KEY)
        .endTrustedCertificate()
        .build();
  }

  private static KafkaClientAuthentication targetAuthentication(MirrorMakerSpec spec) {
    return switch (spec.targetSecurity().authentication()) {
      case SCRAM_SHA_512 -> new KafkaClientAuthenticationScramSha512Builder()
          .withUsername(spec.name())
          .withPasswordSecret(new PasswordSecretSourceBuilder()
              .withSecretName(spec.name()).withPassword(USER_PASSWORD_KEY).build())
          .build();
      case TLS -> new KafkaClientAuthenticationTlsBuilder()
          .withNewCertificateAndKey()
              .withSecretName(spec.name()).withCertificate(USER_CERTIFICATE_KEY).withKey(USER_KEY_KEY)
          .endCertificateAndKey()
          .build();
      case NONE -> null;
    };
  }

  /** The name of the Secret the runbook creates when the source password is not already a Secret here. */
  public static String sourceCredentialsSecretName(MirrorMakerSpec spec) {
    return spec.name() + "-source-credentials";
  }

  /**
   * Replicas of every topic and internal topic on the target: the plan's {@code topicReplicas},
   * else the broker count capped at 3.
   */
  public static int topicReplicas(TargetCluster target) {
    return target.topicReplicas() != null ? target.topicReplicas() : Math.min(DEFAULT_BROKERS, brokers(target));
  }

  /** Throws {@link IllegalArgumentException} naming what the plan must fix. */
  public static void validate(TargetCluster target) {
    requireName("target namespace", target.namespace());
    requireName("target cluster", target.cluster());
    if (target.listener() == null || !LISTENER_NAME.matcher(target.listener()).matches()) {
      throw new IllegalArgumentException(
          "target listener '" + target.listener() + "' must be 1-11 lowercase letters or digits (Strimzi's rule)");
    }
    if (brokers(target) < 1) {
      throw new IllegalArgumentException("target replicas must be at least 1, not " + target.replicas());
    }
    if (target.topicReplicas() != null && (target.topicReplicas() < 1 || target.topicReplicas() > brokers(target))) {
      throw new IllegalArgumentException("target topicReplicas " + target.topicReplicas()
          + " must be between 1 and the " + brokers(target) + " brokers");
    }
  }

  private static void requireName(String what, String name) {
    if (name == null || name.length() > 63 || !RESOURCE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a valid Kubernetes name (lowercase letters, digits, '-', at most 63)");
    }
  }

  private static int brokers(TargetCluster target) {
    return target.replicas() != null ? target.replicas() : DEFAULT_BROKERS;
  }

  private static int minInSyncReplicas(int replication) {
    return Math.max(1, Math.min(2, replication - 1));
  }

  private static GenericKafkaListener listener(TargetCluster target) {
    TargetSecurity security = TargetSecurity.of(target);
    var listener = new GenericKafkaListenerBuilder()
        .withName(target.listener())
        .withType(KafkaListenerType.INTERNAL)
        .withPort(security.tls() ? 9093 : 9092)
        .withTls(security.tls())
        .build();
    switch (security.authentication()) {
      case SCRAM_SHA_512 -> listener.setAuth(new KafkaListenerAuthenticationScramSha512());
      case TLS -> listener.setAuth(new KafkaListenerAuthenticationTls());
      case NONE -> { }
    }
    return listener;
  }

  private static Storage storage(TargetCluster target) {
    if (target.storageSize() == null || target.storageSize().isBlank()) {
      return new EphemeralStorageBuilder().withKraftMetadata(KRaftMetadataStorage.SHARED).build();
    }
    return new JbodStorageBuilder()
        .addToVolumes(new PersistentClaimStorageBuilder()
            .withId(0)
            .withSize(target.storageSize())
            .withDeleteClaim(false)
            .withKraftMetadata(KRaftMetadataStorage.SHARED)
            .build())
        .build();
  }

  /** A KafkaUser of the listener's authentication type; {@code acls} null for a super user (no authorization section). */
  private static KafkaUser user(TargetSecurity security, String namespace, String cluster, String username, List<AclRule> acls) {
    requireName("Kafka user", username);
    KafkaUserAuthentication userAuthentication = switch (security.authentication()) {
      case SCRAM_SHA_512 -> new KafkaUserScramSha512ClientAuthentication();
      case TLS -> new KafkaUserTlsClientAuthentication();
      case NONE -> null;
    };
    KafkaUser user = new KafkaUserBuilder()
        .withMetadata(metadata(namespace, username, Map.of(CLUSTER_LABEL, cluster, MANAGED_BY_LABEL, MANAGED_BY)))
        .withNewSpec()
            .withAuthentication(userAuthentication)
        .endSpec()
        .build();
    if (acls != null) {
      user.getSpec().setAuthorization(new KafkaUserAuthorizationSimpleBuilder().withAcls(acls).build());
    }
    return user;
  }

  private static AclRule rule(TargetAcl acl) {
    AclResourcePatternType pattern = acl.patternType().equals("prefix") ? AclResourcePatternType.PREFIX : AclResourcePatternType.LITERAL;
    var rule = new AclRuleBuilder()
        .withHost(acl.host())
        .withType(acl.permission().equals("DENY") ? AclRuleType.DENY : AclRuleType.ALLOW)
        .withOperations(acl.operations().stream().map(operation -> AclOperation.valueOf(operation.toUpperCase(Locale.ROOT))).toList());
    return switch (acl.resourceType()) {
      case "topic" -> rule.withNewAclRuleTopicResource().withName(acl.resourceName()).withPatternType(pattern).endAclRuleTopicResource().build();
      case "group" -> rule.withNewAclRuleGroupResource().withName(acl.resourceName()).withPatternType(pattern).endAclRuleGroupResource().build();
      case "transactionalId" -> rule.withNewAclRuleTransactionalIdResource().withName(acl.resourceName()).withPatternType(pattern)
          .endAclRuleTransactionalIdResource().build();
      case "cluster" -> rule.withNewAclRuleClusterResource().endAclRuleClusterResource().build();
      default -> throw new IllegalArgumentException("ACL resource type '" + acl.resourceType() + "' is not one Strimzi knows");
    };
  }

  private static AclRule topicRule(AclOperation... operations) {
    return new AclRuleBuilder()
        .withNewAclRuleTopicResource().withName("*").withPatternType(AclResourcePatternType.LITERAL).endAclRuleTopicResource()
        .withOperations(operations)
        .build();
  }

  private static AclRule groupRule(AclOperation... operations) {
    return new AclRuleBuilder()
        .withNewAclRuleGroupResource().withName("*").withPatternType(AclResourcePatternType.LITERAL).endAclRuleGroupResource()
        .withOperations(operations)
        .build();
  }

  private static AclRule transactionalIdRule(AclOperation... operations) {
    return new AclRuleBuilder()
        .withNewAclRuleTransactionalIdResource().withName("*").withPatternType(AclResourcePatternType.LITERAL)
        .endAclRuleTransactionalIdResource()
        .withOperations(operations)
        .build();
  }

  private static AclRule clusterRule(AclOperation... operations) {
    return new AclRuleBuilder().withNewAclRuleClusterResource().endAclRuleClusterResource().withOperations(operations).build();
  }

  private static ClientTls sourceTls(KafkaEndpoint source, SourceAccess access) {
    if (!source.protocol().endsWith("SSL")) {
      return null;
    }
    var tls = new ClientTlsBuilder();
    if (access.caCertificate() != null) {
      tls.addNewTrustedCertificate()
          .withSecretName(access.caCertificate().secretName())
          .withCertificate(access.caCertificate().key())
          .endTrustedCertificate();
    }
    return tls.build();
  }

  private static KafkaClientAuthentication sourceAuthentication(KafkaEndpoint source, SourceAccess access) {
    if (access.clientCertificate() != null && source.protocol().equals("SSL")) {
      return new KafkaClientAuthenticationTlsBuilder()
          .withNewCertificateAndKey()
              .withSecretName(access.clientCertificate().secretName())
              .withCertificate(access.clientCertificate().certificateKey())
              .withKey(access.clientCertificate().privateKeyKey())
          .endCertificateAndKey()
          .build();
    }
    if (!source.protocol().startsWith("SASL")) {
      return null;
    }
    if (access.username() == null || access.password() == null) {
      throw new IllegalArgumentException("source uses " + source.protocol() + " but the plan names no username and password");
    }
    var password = new PasswordSecretSourceBuilder()
        .withSecretName(access.password().secretName()).withPassword(access.password().key()).build();
    String mechanism = source.saslMechanism() == null ? "" : source.saslMechanism().toUpperCase(Locale.ROOT);
    return switch (mechanism) {
      case "PLAIN" -> new KafkaClientAuthenticationPlainBuilder()
          .withUsername(access.username()).withPasswordSecret(password).build();
      case "SCRAM-SHA-256" -> new KafkaClientAuthenticationScramSha256Builder()
          .withUsername(access.username()).withPasswordSecret(password).build();
      case "SCRAM-SHA-512" -> new KafkaClientAuthenticationScramSha512Builder()
          .withUsername(access.username()).withPasswordSecret(password).build();
      default -> throw new IllegalArgumentException(
          "source SASL mechanism '" + source.saslMechanism() + "' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    };
  }

  private static ObjectMeta metadata(String namespace, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder().withNamespace(namespace).withName(name).withLabels(new LinkedHashMap<>(labels)).build();
  }

  private static Map<String, String> clusterLabels(TargetCluster target) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CLUSTER_LABEL, target.cluster());
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }
}
