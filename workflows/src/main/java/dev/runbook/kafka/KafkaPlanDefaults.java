package dev.runbook.kafka;

import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.acls.AclTranslation;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.quotas.QuotaTranslation;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** The values a plan may leave out, and what the runbook derives from a plan. Pure and deterministic. */
public final class KafkaPlanDefaults {

  public static final long MAX_LAG_RECORDS = 1_000;
  public static final Duration CATCH_UP_TIMEOUT = Duration.ofHours(6);
  public static final int DIGEST_WINDOW = 1_000;
  public static final int OFFSET_LAG_MAX = 100;
  public static final int SYNC_INTERVAL_SECONDS = 60;
  public static final int TASKS_MAX = 2;
  /** How long a group's apps may take, once started on the target, to be seen consuming there. */
  public static final Duration CONSUMING_TIMEOUT = Duration.ofMinutes(5);
  /** How long repointed producers may take to be seen writing to the target. */
  public static final Duration PRODUCING_TIMEOUT = Duration.ofMinutes(5);
  /** How long translating a group's offsets waits for its last consumed records to reach the other cluster. */
  public static final Duration REPLICATION_WAIT = Duration.ofMinutes(2);
  public static final String SOURCE_ALIAS = "source";
  /** Consumer groups cut over at once when the plan does not say: one at a time, in the plan's order. */
  public static final int PARALLELISM = 1;
  /** The most consumer groups the plan may cut over at once (each group's apps stop while it moves). */
  public static final int MAX_PARALLELISM = 50;

  /** How long the fence check watches the source for growth when the plan does not say. */
  public static final Duration FENCE_WINDOW = Duration.ofSeconds(60);
  public static final Duration MIN_FENCE_WINDOW = Duration.ofSeconds(1);
  public static final Duration MAX_FENCE_WINDOW = Duration.ofMinutes(10);
  /** How recent a producer's last write must be for the client inventory to list it. */
  public static final Duration PRODUCER_ACTIVE_WITHIN = Duration.ofHours(1);

  private KafkaPlanDefaults() {}

  public static Duration fenceWindow(KafkaMigrationPlan plan) {
    return plan.cutover().fenceWindow() == null ? FENCE_WINDOW : plan.cutover().fenceWindow();
  }

  public static KafkaMigrationPlan.Cutover.UnplannedClients unplannedClients(KafkaMigrationPlan plan) {
    return plan.cutover().unplannedClients() == null
        ? KafkaMigrationPlan.Cutover.UnplannedClients.REPORT : plan.cutover().unplannedClients();
  }

  public static long maxLag(KafkaMigrationPlan plan) {
    return plan.replication() == null || plan.replication().maxLagRecords() == null
        ? MAX_LAG_RECORDS : plan.replication().maxLagRecords();
  }

  public static Duration catchUpTimeout(KafkaMigrationPlan plan) {
    return plan.replication() == null || plan.replication().catchUpTimeout() == null
        ? CATCH_UP_TIMEOUT : plan.replication().catchUpTimeout();
  }

  public static int digestWindow(KafkaMigrationPlan plan) {
    return plan.verification() == null || plan.verification().digestWindow() == null
        ? DIGEST_WINDOW : plan.verification().digestWindow();
  }

  public static int parallelism(KafkaMigrationPlan plan) {
    return plan.cutover().parallelism() == null ? PARALLELISM : plan.cutover().parallelism();
  }

  /** Every app the plan moves, consumers then producers, each once. */
  public static List<AppRef> allApps(KafkaMigrationPlan plan) {
    Set<AppRef> all = new LinkedHashSet<>();
    // Null entries of an invalid plan are left to the validator, which names them.
    plan.cutover().consumerGroups().stream().filter(group -> group != null && group.apps() != null)
        .forEach(group -> group.apps().stream().filter(Objects::nonNull).forEach(all::add));
    plan.cutover().producers().stream().filter(Objects::nonNull).forEach(all::add);
    return new ArrayList<>(all);
  }

  /** The source topics as they must exist on the target, with the plan's replication factor. */
  public static List<TopicSpec> onTarget(KafkaMigrationPlan plan, List<TopicSpec> sourceTopics) {
    int replicas = plan.target().topicReplicas() == null ? 3 : plan.target().topicReplicas();
    return sourceTopics.stream()
        .map(topic -> new TopicSpec(topic.name(), topic.partitions(), replicas, topic.configs()))
        .toList();
  }

  /** A KafkaUser per app, named after its Deployment (MirrorMaker 2's user comes with its resource). */
  public static List<String> users(KafkaMigrationPlan plan) {
    Set<String> users = new LinkedHashSet<>();
    allApps(plan).forEach(app -> users.add(userName(app)));
    return new ArrayList<>(users);
  }

  /** The source's ACLs as the target's, when the plan carries them over ({@code authorization}); else null. */
  public static AclTranslation aclTranslation(KafkaMigrationPlan plan, KafkaActivities.SourceInventory inventory) {
    if (plan.authorization() == null || plan.authorization().principals() == null) {
      return null;
    }
    return AclTranslation.translate(inventory.acls(), plan.authorization().principals());
  }

  /** The source's client quotas as the target users', when the plan carries the ACLs over ({@code authorization}); else null. */
  public static QuotaTranslation quotaTranslation(KafkaMigrationPlan plan, KafkaActivities.SourceInventory inventory) {
    if (plan.authorization() == null || plan.authorization().principals() == null) {
      return null;
    }
    return QuotaTranslation.translate(inventory.quotas(), plan.authorization().principals());
  }

  /**
   * Every KafkaUser of the plan by its quota entity name (its principal without {@code User:}) with
   * the quotas it must have on the target: its translated ones, or none, so that a quota the target
   * has but the translation does not give is found too.
   */
  public static Map<String, UserQuotas> expectedQuotas(KafkaMigrationPlan plan, QuotaTranslation quotas) {
    TargetSecurity security = TargetSecurity.of(plan.target());
    Map<String, UserQuotas> entities = new TreeMap<>();
    for (String user : users(plan)) {
      entities.put(security.principal(user).substring("User:".length()),
          quotas.byUser().getOrDefault(user, new UserQuotas(null, null, null, null)));
    }
    return entities;
  }

  /**
   * The topics that, once {@code producers} up to index {@code moved} write to the target, nobody in
   * the plan writes to the source any more: those the moved producers name ({@code topics}) that no
   * producer still to move names. None when a producer still to move names no topics (it may write
   * any), or when the moved ones name none.
   */
  public static List<String> writtenOnlyByMovedProducers(List<AppRef> producers, int moved) {
    Set<String> written = new java.util.TreeSet<>();
    for (int i = 0; i <= moved; i++) {
      if (producers.get(i).topics() != null) {
        written.addAll(producers.get(i).topics());
      }
    }
    for (int i = moved + 1; i < producers.size(); i++) {
      if (producers.get(i).topics() == null) {
        return List.of();
      }
      producers.get(i).topics().forEach(written::remove);
    }
    return List.copyOf(written);
  }

  /** The KafkaUser (and its Secret) an app connects to the target with. */
  public static String userName(AppRef app) {
    return app.deployment();
  }

  /** The runbook's own identity on the target (discovery, catch-up, verify, offsets): the only super user. */
  public static String operatorUser(KafkaMigrationPlan.TargetCluster target) {
    return target.cluster() + "-runbook";
  }

  /**
   * Every identity the target will know, with its principal, for the plan preview: the runbook's,
   * MirrorMaker 2's, then each app's. Empty for an unauthenticated listener.
   */
  public static Map<String, String> principals(KafkaMigrationPlan plan) {
    TargetSecurity security = TargetSecurity.of(plan.target());
    Map<String, String> principals = new LinkedHashMap<>();
    if (!security.authenticated()) {
      return principals;
    }
    principals.put("runbook (super user)", security.principal(operatorUser(plan.target())));
    principals.put("MirrorMaker 2", security.principal(mirrorMakerName(plan)));
    allApps(plan).forEach(app -> principals.put(app.id(), security.principal(userName(app))));
    return principals;
  }

  /**
   * How the runbook's own clients reach the target: as its operator identity, with the references
   * to the Secrets Strimzi creates (the user's and the cluster CA's), never their values.
   */
  public static KafkaEndpoint targetEndpoint(KafkaMigrationPlan.TargetCluster target, String bootstrapServers) {
    TargetSecurity security = TargetSecurity.of(target);
    String namespace = target.namespace();
    String user = operatorUser(target);
    SecretRef ca = security.tls() ? SecretRef.kubernetes(namespace, security.clusterCaSecret(), "ca.crt") : null;
    return switch (security.authentication()) {
      case SCRAM_SHA_512 -> new KafkaEndpoint(bootstrapServers, security.securityProtocol(), security.saslMechanism(),
          null, null, ca, null, null, SecretRef.kubernetes(namespace, user, "sasl.jaas.config"));
      case TLS -> new KafkaEndpoint(bootstrapServers, security.securityProtocol(), null, null, null, ca,
          SecretRef.kubernetes(namespace, user, "user.crt"), SecretRef.kubernetes(namespace, user, "user.key"));
      case NONE -> new KafkaEndpoint(bootstrapServers, security.securityProtocol(), null, null, null, ca);
    };
  }

  public static String mirrorMakerName(KafkaMigrationPlan plan) {
    return plan.target().cluster() + "-mirror";
  }

  /** Whether the flows stamp provenance headers (and so whether the reverse flow can run): the plan's, default true. */
  public static boolean provenanceHeaders(KafkaMigrationPlan plan) {
    return plan.replication() == null || plan.replication().provenanceHeaders() == null || plan.replication().provenanceHeaders();
  }

  /**
   * What a rollback after producers moved guarantees under this plan, for the plan preview: the
   * headers the runbook adds (or what leaving them out costs), and where the order of a topic's
   * records can differ between the clusters: per partition each producer's records keep their order,
   * and so does a topic whose writers all switch together; a topic that several planned producers
   * write (their {@code topics}) has writers on both clusters between their moves, and the interleaving
   * of their records then differs between source and target.
   */
  public static List<String> rollbackPreview(KafkaMigrationPlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add(ProvenanceHeaders.describe(provenanceHeaders(plan)));
    if (!provenanceHeaders(plan) || plan.cutover().producers().isEmpty()) {
      return lines;
    }
    lines.add("rollback after producers moved: each producer waits, stopped, until the reverse flow has copied back everything"
        + " written on the target, in order per partition; duplicates (MirrorMaker 2 delivers at least once) are counted"
        + " and stated when the rollback ends");
    Map<String, List<String>> writers = new LinkedHashMap<>();
    plan.cutover().producers().forEach(app -> (app.topics() == null ? List.<String>of() : app.topics())
        .forEach(topic -> writers.computeIfAbsent(topic, t -> new ArrayList<>()).add(app.id())));
    writers.forEach((topic, apps) -> {
      if (apps.size() > 1) {
        lines.add("order: topic " + topic + " is written by " + String.join(", ", apps) + ", which move one after the other:"
            + " between their moves it has writers on both clusters, so per partition each producer's records keep their order"
            + " but their interleaving differs between source and target");
      }
    });
    if (plan.cutover().producers().stream().anyMatch(app -> app.topics() == null || app.topics().isEmpty())) {
      lines.add("order: producers that do not name their topics are assumed to be a topic's only writer; per partition order"
          + " holds when all writers of a topic switch together");
    }
    return lines;
  }

  /** The forward flow; {@code provenanceHeaders} false for runs started before the reverse flow existed. */
  public static MirrorMakerSpec mirrorMaker(KafkaMigrationPlan plan, KafkaEndpoint target, List<TopicSpec> topics,
      boolean provenanceHeaders) {
    return flow(plan, target, topics, mirrorMakerName(plan),
        exactly(plan.cutover().consumerGroups().stream().map(ConsumerGroupCutover::group).toList()),
        MigrationDirection.SOURCE_TO_TARGET, provenanceHeaders);
  }

  /** The reverse flow: the same topics, from the target back to the source, under the same names; no groups. */
  public static MirrorMakerSpec reverseMirrorMaker(KafkaMigrationPlan plan, KafkaEndpoint target, List<TopicSpec> topics) {
    return flow(plan, target, topics, plan.target().cluster() + "-mirror-back", null, MigrationDirection.TARGET_TO_SOURCE, true);
  }

  private static MirrorMakerSpec flow(KafkaMigrationPlan plan, KafkaEndpoint target, List<TopicSpec> topics, String name,
      String groupsPattern, MigrationDirection direction, boolean provenanceHeaders) {
    KafkaMigrationPlan.Replication replication = plan.replication();
    return new MirrorMakerSpec(
        plan.target().namespace(),
        name,
        plan.target().cluster(),
        plan.target().cluster(),
        target.bootstrapServers(),
        SOURCE_ALIAS,
        plan.source(),
        exactly(names(topics)),
        groupsPattern,
        replication == null || replication.offsetLagMax() == null ? OFFSET_LAG_MAX : replication.offsetLagMax(),
        replication == null || replication.syncIntervalSeconds() == null ? SYNC_INTERVAL_SECONDS : replication.syncIntervalSeconds(),
        replication == null || replication.tasksMax() == null ? TASKS_MAX : replication.tasksMax(),
        TargetSecurity.of(plan.target()),
        direction,
        provenanceHeaders);
  }

  public static List<String> names(List<TopicSpec> topics) {
    return topics.stream().map(TopicSpec::name).toList();
  }

  /** A MirrorMaker 2 pattern list that matches exactly these names and nothing else. */
  static String exactly(List<String> names) {
    return String.join(",", names.stream().map(KafkaPlanDefaults::literal).toList());
  }

  /** A regular expression that matches exactly this topic or group name. */
  public static String literal(String name) {
    return name.replaceAll("([.\\\\+*?\\[\\]^$(){}|-])", "\\\\$1");
  }
}
