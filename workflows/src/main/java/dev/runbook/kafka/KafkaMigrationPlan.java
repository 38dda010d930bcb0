package dev.runbook.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.kernel.Approvals;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import java.util.List;

/**
 * Everything the Kafka runbook needs to move a Confluent Cloud (or any hosted Kafka) cluster to a
 * Strimzi cluster on Kubernetes. Loaded from YAML by our CLI, or given as the same JSON to
 * {@code temporal workflow start --input}. Carries secret references only, never secret values.
 */
public record KafkaMigrationPlan(
    String migrationId,
    KafkaEndpoint source,
    TargetCluster target,
    TopicSelection topics,
    Replication replication,
    Verification verification,
    Cutover cutover,
    Decommission decommission,
    Approvals approvals,
    Authorization authorization,
    SchemaRegistry schemaRegistry) {

  /** A plan without ACLs to carry over nor a Schema Registry. */
  public KafkaMigrationPlan(
      String migrationId, KafkaEndpoint source, TargetCluster target, TopicSelection topics, Replication replication,
      Verification verification, Cutover cutover, Decommission decommission, Approvals approvals) {
    this(migrationId, source, target, topics, replication, verification, cutover, decommission, approvals, null, null);
  }

  /** One live migration per target cluster: the workflow id says which. */
  public String workflowId() {
    return "kafka-migration-" + target.namespace() + "-" + target.cluster();
  }

  /**
   * The Strimzi cluster to create (or adopt): Kafka + KafkaNodePool named {@code cluster} in
   * {@code namespace}; {@code listener} is the name of the listener apps and MirrorMaker 2 use.
   * The listener is secured unless the plan says otherwise: {@code tls} (default true) and
   * {@code authentication} ({@code scram-sha-512}, the default, or {@code tls}; {@code none} only
   * with {@code tls: false}, for an explicitly plaintext lab listener). An authenticated listener
   * comes with simple authorization whose only super user is the runbook's own identity.
   */
  public record TargetCluster(
      String namespace,
      String cluster,
      Integer replicas,
      String storageSize,
      String listener,
      Integer topicReplicas,
      Boolean tls,
      String authentication) {

    public TargetCluster(String namespace, String cluster, Integer replicas, String storageSize, String listener,
        Integer topicReplicas) {
      this(namespace, cluster, replicas, storageSize, listener, topicReplicas, null, null);
    }
  }

  /** Which source topics move: a regex of names to include and one to exclude. */
  public record TopicSelection(String include, String exclude) {}

  /**
   * MirrorMaker 2 tuning and the catch-up gate: replication is caught up when every partition's
   * lag (source end offset minus target end offset, in records) is at most {@code maxLagRecords}.
   * {@code provenanceHeaders} (default true) has both flows stamp the records they copy
   * ({@link ProvenanceHeaders}), which the reverse flow that makes a rollback after producers moved
   * lossless needs; false for clients that cannot tolerate the headers: then there is no reverse flow.
   */
  public record Replication(
      Integer offsetLagMax,
      Integer syncIntervalSeconds,
      Integer tasksMax,
      Long maxLagRecords,
      java.time.Duration catchUpTimeout,
      Boolean provenanceHeaders) {

    public Replication(Integer offsetLagMax, Integer syncIntervalSeconds, Integer tasksMax, Long maxLagRecords,
        java.time.Duration catchUpTimeout) {
      this(offsetLagMax, syncIntervalSeconds, tasksMax, maxLagRecords, catchUpTimeout, null);
    }
  }

  /** How much content to compare: the last {@code digestWindow} records of every partition. */
  public record Verification(Integer digestWindow) {}

  /**
   * The order of the switch, the consumer groups and their apps, then the producing apps.
   * {@code parallelism} is how many consumer groups are cut over at once (default 1: one after the
   * other, in the plan's order; at most 50). {@code unplannedClients} says what a client found on the
   * source that the plan does not move does to the go-live gate (default {@code REPORT}).
   * {@code fenceWindow} is how long the source's migrated partitions are watched, once the last
   * producer has moved, for any growth (default 60 s, 1 s to 10 min). A plan must name both lists,
   * so a drafted plan writes them even when empty ({@code consumerGroups: []}).
   */
  public record Cutover(Order order,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ConsumerGroupCutover> consumerGroups,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<AppRef> producers, Integer parallelism,
      UnplannedClients unplannedClients, java.time.Duration fenceWindow) {

    public Cutover(Order order, List<ConsumerGroupCutover> consumerGroups, List<AppRef> producers, Integer parallelism) {
      this(order, consumerGroups, producers, parallelism, null, null);
    }

    /**
     * What unplanned clients on the source (see {@code SourceClients}) do to the go-live gate:
     * {@code REPORT} lists them in its evidence for the approver; {@code BLOCK} parks the check before
     * the gate until none is left (retry) or an operator accepts them (skip).
     */
    public enum UnplannedClients {
      REPORT,
      BLOCK
    }

    /** Consumers first (Red Hat's approach) or producers first (the Linode case study). */
    public enum Order {
      CONSUMERS_FIRST,
      PRODUCERS_FIRST
    }
  }

  /**
   * A consumer group and the apps that consume with it; they move together. {@code isolation} is the
   * group's {@code isolation.level} on transactional topics; absent, offset translation infers it
   * where the offsets can tell and assumes read_committed where they cannot.
   */
  public record ConsumerGroupCutover(String group, List<AppRef> apps, GroupIsolation isolation) {}

  /**
   * An app running as a Kubernetes Deployment, and where it keeps its bootstrap servers: an
   * environment variable of {@code container} ({@code env}), or a key of a ConfigMap or Secret;
   * {@code credentials} names the env vars that receive its target credentials (secured target).
   * A producer may name the migrated {@code topics} it writes and the {@code transactionalId} it
   * uses, so that preflight checks its translated ACLs grant Write on them. {@code schemaRegistry}
   * says where it keeps its Schema Registry settings, repointed with its bootstrap servers.
   */
  public record AppRef(String namespace, String deployment, String container, ConfigLocation bootstrap,
      AppCredentials credentials, List<String> topics, String transactionalId, AppSchemaRegistry schemaRegistry) {

    public AppRef(String namespace, String deployment, String container, ConfigLocation bootstrap) {
      this(namespace, deployment, container, bootstrap, null);
    }

    public AppRef(String namespace, String deployment, String container, ConfigLocation bootstrap,
        AppCredentials credentials) {
      this(namespace, deployment, container, bootstrap, credentials, null, null);
    }

    public AppRef(String namespace, String deployment, String container, ConfigLocation bootstrap,
        AppCredentials credentials, List<String> topics, String transactionalId) {
      this(namespace, deployment, container, bootstrap, credentials, topics, transactionalId, null);
    }

    public String id() {
      return namespace + "/" + deployment;
    }
  }

  /**
   * The container env vars an app reads its Kafka security settings from. At cutover each gets a
   * value ({@code securityProtocol}, {@code saslMechanism}) or a {@code secretKeyRef} to a Secret
   * Strimzi creates: {@code saslJaasConfig} from the app's KafkaUser Secret (SCRAM),
   * {@code keystoreCertificate}/{@code keystoreKey} from it (mutual TLS, PEM), {@code truststore}
   * from the cluster CA Secret (PEM). Secret values never pass through the runbook.
   */
  public record AppCredentials(
      String securityProtocol, String saslMechanism, String saslJaasConfig, String truststore,
      String keystoreCertificate, String keystoreKey) {}

  /**
   * Where an app keeps its Schema Registry settings (Confluent's serdes: {@code schema.registry.url},
   * {@code basic.auth.user.info}). At its cutover {@code url} (an env var, ConfigMap or Secret key, as
   * for the bootstrap servers) gets the target registry's Confluent API URL, and {@code userInfoEnv}, an
   * env var of its container, a {@code secretKeyRef} to {@code targetUserInfo}: a key of a Secret in the
   * app's namespace holding {@code user:password} for the target registry (without {@code targetUserInfo}
   * the variable is removed, for a target that asks for no credentials). What was there before is kept
   * on the Deployment and comes back exactly on rollback; no secret value passes through the runbook.
   */
  public record AppSchemaRegistry(ConfigLocation url, String userInfoEnv, SecretRef targetUserInfo) {}

  /** Exactly one of: {@code env} (a container env var), {@code configMap}+{@code key}, {@code secret}+{@code key}. */
  public record ConfigLocation(String env, String configMap, String secret, String key) {}

  /**
   * Carrying the source's ACLs over: {@code principals} maps each source principal (a Confluent Cloud
   * service account {@code User:sa-abc123}, or a numeric id {@code User:12345}) to the target
   * KafkaUser that gets its ACLs (an app's user is named after its Deployment). Without this
   * section every app's KafkaUser may use every topic and group.
   */
  public record Authorization(java.util.Map<String, String> principals) {}

  /** The last phase: remove MirrorMaker 2. Denying writes on the source ({@code lockDownSource}) is refused until built. */
  public record Decommission(Boolean lockDownSource) {}

  /**
   * The Schema Registry that moves with the data (optional: absent, there is no schema phase).
   * {@code source} is read through Confluent's API; {@code target} is written with every schema ID
   * preserved, through IMPORT mode ({@code kind: confluent}) or Apicurio's admin import
   * ({@code kind: apicurio}). New versions registered on the source are copied again before the
   * catch-up gate and at each producer's cutover; {@code lockSourceAtCutover} (default true) sets the
   * source read-only when the last producer moves, and rollback restores its mode.
   */
  public record SchemaRegistry(
      SchemaRegistryEndpoint source, SchemaRegistryEndpoint target, SubjectSelection subjects, Boolean lockSourceAtCutover) {

    public boolean locksSourceAtCutover() {
      return lockSourceAtCutover == null || lockSourceAtCutover;
    }
  }

  /**
   * Which subjects move: regexes of subject names to include and to exclude. Without {@code include},
   * the subjects of the migrated topics ({@code <topic>-key}, {@code <topic>-value}). The subjects
   * that selected versions reference always move too.
   */
  public record SubjectSelection(String include, String exclude) {}
}
