package dev.runbook.tools;

import static dev.runbook.plan.PlanChecks.PLACEHOLDER;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.AppCredentials;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.schemas.RegistryContents;
import dev.runbook.kafka.schemas.SubjectChoice;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Drafts a Kafka runbook plan from a discovery: every topic but the clusters' internal ones, every
 * group with committed offsets on them in a cutover order, the runbook's default tuning, and
 * {@value dev.runbook.plan.PlanChecks#PLACEHOLDER} wherever only the operator knows the value (the
 * apps' Deployments, secret references, storage, approvers, the KafkaUser of each source principal),
 * which the validator names one by one.
 *
 * <p>Cutover order: groups without members first (no app is running, so nothing can go wrong while
 * the procedure is rehearsed on them), then active groups by the number of partitions to translate,
 * then by lag, smallest first: each group's pause grows with both, so the short pauses come first
 * and a problem shows on the group that costs least.
 */
final class KafkaPlanDraft {

  /**
   * Topics no migration copies: Kafka's and Confluent's own ({@code _schemas}, {@code __consumer_offsets},
   * {@code _confluent-*}), MirrorMaker 2's and Kafka Connect's bookkeeping.
   */
  static final Pattern NOT_MIGRATED = Pattern.compile(
      "_.*|.*[.-]internal|heartbeats|mm2-.*|connect-(configs|offsets|status)");

  /** The secured target, the runbook's default: a TLS listener with SCRAM-SHA-512 and one KafkaUser per client. */
  private static final String DEFAULT_LISTENER = "tls";
  private static final String DEFAULT_AUTHENTICATION = "scram-sha-512";
  private static final int DEFAULT_REPLICAS = 3;
  private static final GatePolicy PLACEHOLDER_APPROVALS =
      new GatePolicy(List.of(PLACEHOLDER), 1, Duration.ofHours(4), GatePolicy.OnTimeout.KEEP_WAITING);

  /**
   * The plan and, in cutover order, why each group is where it is; {@code skipped} groups are left out.
   * {@code subjects} move with the topics, {@code subjectsLeftOut} do not (both empty without a registry).
   */
  record Draft(KafkaMigrationPlan plan, List<String> groupOrder, List<String> skipped, List<String> topics,
      Set<String> subjects, Set<String> subjectsLeftOut, List<ActiveProducer> producersSeen, String producersUnreadable) {}

  private KafkaPlanDraft() {}

  static Draft draft(KafkaDiscoveryFile discovery, String namespace, String cluster) {
    DetailedInventory discovered = discovery.discovered();
    List<String> topics = discovered.inventory().topics().stream().map(TopicSpec::name)
        .filter(name -> !NOT_MIGRATED.matcher(name).matches()).toList();
    Set<String> migrated = new HashSet<>(topics);
    List<GroupInfo> groups = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (GroupInfo group : discovered.inventory().groups()) {
      if (group.topics().stream().anyMatch(migrated::contains)) {
        groups.add(group);
      } else {
        skipped.add(group.group());
      }
    }
    groups.sort(Comparator.comparing((GroupInfo g) -> g.members() > 0)
        .thenComparingLong(g -> partitions(discovered, g.group()))
        .thenComparingLong(GroupInfo::lag)
        .thenComparing(GroupInfo::group));
    List<String> order = groups.stream().map(g -> g.group() + ": " + g.state() + ", " + g.members() + " member(s), "
        + partitions(discovered, g.group()) + " partition(s), lag " + g.lag()).toList();

    KafkaEndpoint found = discovery.cluster();
    boolean sasl = found.protocol().startsWith("SASL");
    KafkaEndpoint source = new KafkaEndpoint(found.bootstrapServers(), found.protocol(), found.saslMechanism(),
        sasl ? placeholderSecret("username") : null, sasl ? placeholderSecret("password") : null, null);
    String targetCluster = cluster == null ? PLACEHOLDER : cluster;
    KafkaMigrationPlan plan = new KafkaMigrationPlan(
        cluster == null ? PLACEHOLDER : cluster + "-migration",
        source,
        new KafkaMigrationPlan.TargetCluster(namespace == null ? PLACEHOLDER : namespace, targetCluster,
            DEFAULT_REPLICAS, PLACEHOLDER, DEFAULT_LISTENER, DEFAULT_REPLICAS, true, DEFAULT_AUTHENTICATION),
        new KafkaMigrationPlan.TopicSelection(String.join("|", topics.stream().map(KafkaPlanDefaults::literal).toList()), null),
        new KafkaMigrationPlan.Replication(KafkaPlanDefaults.OFFSET_LAG_MAX, KafkaPlanDefaults.SYNC_INTERVAL_SECONDS,
            KafkaPlanDefaults.TASKS_MAX, KafkaPlanDefaults.MAX_LAG_RECORDS, KafkaPlanDefaults.CATCH_UP_TIMEOUT),
        new KafkaMigrationPlan.Verification(KafkaPlanDefaults.DIGEST_WINDOW),
        new Cutover(Cutover.Order.CONSUMERS_FIRST,
            groups.stream().map(g -> new ConsumerGroupCutover(g.group(), List.of(placeholderApp()), null)).toList(),
            producers(discovery.producers(), migrated), KafkaPlanDefaults.PARALLELISM),
        new KafkaMigrationPlan.Decommission(false),
        new Approvals(PLACEHOLDER_APPROVALS, null, null),
        authorization(discovered),
        discovery.schemaRegistry() == null ? null : schemaRegistry(discovery.schemaRegistry()));
    Set<String> subjects = new TreeSet<>();
    Set<String> subjectsLeftOut = new TreeSet<>();
    if (discovery.schemaRegistry() != null) {
      RegistryContents registry = discovery.schemaRegistry().contents();
      subjects.addAll(SubjectChoice.select(registry, null, null, topics));
      registry.subjects().forEach(subject -> subjectsLeftOut.add(subject.subject()));
      subjectsLeftOut.removeAll(subjects);
    }
    return new Draft(plan, order, skipped, topics, subjects, subjectsLeftOut, discovery.producers(),
        discovery.producersUnreadable());
  }

  /**
   * A producer per transactional id seen writing, with the migrated topics it wrote, and one for the
   * idempotent producers with the topics they wrote (the broker cannot tie a producer id to an app,
   * so the operator splits it per app); a single placeholder when nobody was seen writing or the
   * cluster did not say.
   */
  private static List<AppRef> producers(List<ActiveProducer> seen, Set<String> migrated) {
    List<ActiveProducer> writers = seen == null ? List.of()
        : seen.stream().filter(producer -> migrated.contains(producer.topic())).toList();
    if (writers.isEmpty()) {
      return List.of(placeholderApp());
    }
    Map<String, Set<String>> topicsByTransactionalId = new TreeMap<>();
    Set<String> idempotentTopics = new TreeSet<>();
    for (ActiveProducer writer : writers) {
      if (writer.transactionalId() == null) {
        idempotentTopics.add(writer.topic());
      } else {
        topicsByTransactionalId.computeIfAbsent(writer.transactionalId(), id -> new TreeSet<>()).add(writer.topic());
      }
    }
    List<AppRef> producers = new ArrayList<>();
    topicsByTransactionalId.forEach((id, topics) -> producers.add(placeholderProducer(topics, id)));
    if (!idempotentTopics.isEmpty()) {
      producers.add(placeholderProducer(idempotentTopics, null));
    }
    return producers;
  }

  /**
   * Every source principal of the discovered ACL bindings and user quotas, each mapped to
   * {@value dev.runbook.plan.PlanChecks#PLACEHOLDER}: only the operator knows which app a service
   * account is. {@code User:*} is left out (a KafkaUser's ACLs are its own); null when there is none.
   */
  private static KafkaMigrationPlan.Authorization authorization(DetailedInventory discovered) {
    Map<String, String> principals = new TreeMap<>();
    discovered.inventory().acls().stream().map(SourceAcl::principal)
        .filter(principal -> principal.startsWith("User:") && !principal.equals("User:*"))
        .forEach(principal -> principals.put(principal, PLACEHOLDER));
    discovered.inventory().quotas().stream()
        .filter(quota -> quota.entityType().equals("user") && !quota.entityName().equals(SourceQuota.DEFAULT_ENTITY))
        .forEach(quota -> principals.put("User:" + quota.entityName(), PLACEHOLDER));
    return principals.isEmpty() ? null : new KafkaMigrationPlan.Authorization(principals);
  }

  /**
   * The registry discovered as the source, read through its Confluent API; the target an Apicurio
   * Registry (Strimzi's) at an address only the operator knows; the default subject selection.
   */
  private static KafkaMigrationPlan.SchemaRegistry schemaRegistry(KafkaDiscoveryFile.DiscoveredRegistry found) {
    boolean credentials = found.withCredentials();
    return new KafkaMigrationPlan.SchemaRegistry(
        new SchemaRegistryEndpoint(found.url(), null, credentials ? placeholderSecret("username") : null,
            credentials ? placeholderSecret("password") : null),
        new SchemaRegistryEndpoint(PLACEHOLDER, SchemaRegistryEndpoint.Kind.APICURIO, null, null),
        null, true);
  }

  /** The header comment of the drafted YAML: where it comes from, what to fill, why the groups come in this order. */
  static String header(Draft draft, String origin) {
    StringBuilder text = new StringBuilder()
        .append("# Kafka runbook plan drafted by ./runbook kafka plan from ").append(origin).append(".\n")
        .append("# Replace every ").append(PLACEHOLDER).append(" (the validator names each one), then check it:\n")
        .append("#   ./runbook start kafka --plan <this file> --dry-run\n")
        .append("# Topics: the ").append(draft.topics().size()).append(" discovered, internal ones left out.\n")
        .append("# Consumer groups in cutover order: without members first (nothing to stop), then by partitions\n")
        .append("# to translate and lag, smallest first (the shortest pauses first):\n");
    for (int i = 0; i < draft.groupOrder().size(); i++) {
      text.append("#   ").append(i + 1).append(". ").append(draft.groupOrder().get(i)).append('\n');
    }
    if (draft.groupOrder().isEmpty()) {
      text.append("#   none: no group has committed offsets on a migrated topic; add any group that reads them.\n");
    }
    if (!draft.skipped().isEmpty()) {
      text.append("# Left out (no committed offsets on a migrated topic): ").append(String.join(", ", draft.skipped())).append('\n');
    }
    text.append(producersHeader(draft.producersSeen(), draft.producersUnreadable()))
        .append("# Target: TLS with SCRAM-SHA-512 and a KafkaUser per app. Each app's credentials name the env vars\n")
        .append("# that receive the protocol, the mechanism, its Secret's sasl.jaas.config and the cluster CA; the apps\n")
        .append("# run in the target's namespace (a secretKeyRef reads its own namespace only). For a plaintext\n")
        .append("# target say so: tls: false, authentication: none.\n");
    KafkaMigrationPlan.Authorization authorization = draft.plan().authorization();
    if (authorization == null) {
      text.append("# Authorization: no source principal in the discovered ACL bindings or quotas, none mapped; without\n")
          .append("# authorization.principals every app's KafkaUser may use every topic and group.\n");
    } else {
      text.append("# Authorization: the ").append(authorization.principals().size()).append(" source principals of the")
          .append(" discovered ACL bindings and user quotas map to ").append(PLACEHOLDER).append(";\n")
          .append("# name each one's target KafkaUser (the Deployment name of the app it is), which gets its translated ACLs.\n")
          .append("# The bindings of a principal left out, and of User:*, are dropped and listed at the go-live gate.\n");
    }
    if (draft.plan().schemaRegistry() != null) {
      text.append("# Schema Registry: ").append(draft.subjects().size()).append(" subjects move (the topics' <topic>-key and")
          .append(" <topic>-value, and what they reference): ").append(draft.subjects().isEmpty() ? "none" : String.join(", ", draft.subjects()))
          .append('\n');
      if (!draft.subjectsLeftOut().isEmpty()) {
        text.append("# Left out (no migrated topic; name them in schemaRegistry.subjects.include to move them): ")
            .append(String.join(", ", draft.subjectsLeftOut())).append('\n');
      }
      text.append("# schemaRegistry.target: an Apicurio Registry (kind apicurio) is assumed; kind confluent for a\n")
          .append("# registry with Confluent's API and IMPORT mode.\n");
    }
    return text.toString();
  }

  private static String producersHeader(List<ActiveProducer> seen, String unreadable) {
    if (seen == null) {
      return "# Producers: the cluster did not say who writes (" + (unreadable == null ? "not read" : unreadable)
          + "); list every producing app under cutover.producers.\n";
    }
    long ids = seen.stream().map(ActiveProducer::producerId).distinct().count();
    if (ids == 0) {
      return "# Producers: none wrote to these topics in the last hour; list every producing app under cutover.producers.\n";
    }
    return "# Producers: " + ids + " producer id(s) wrote to these topics in the last hour (producers.csv). The broker cannot\n"
        + "# tie a producer id to an app: each drafted producer lists the topics written, one per transactional id and one\n"
        + "# for the idempotent producers; split that one per app and name each app's Deployment.\n";
  }

  private static long partitions(DetailedInventory discovered, String group) {
    return discovered.committedOffsets().stream().filter(c -> c.group().equals(group)).count();
  }

  private static AppRef placeholderApp() {
    return placeholderProducer(null, null);
  }

  private static AppRef placeholderProducer(Set<String> topics, String transactionalId) {
    return new AppRef(PLACEHOLDER, PLACEHOLDER, null, new ConfigLocation(PLACEHOLDER, null, null, null),
        new AppCredentials(PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, null, null),
        topics == null ? null : List.copyOf(topics), transactionalId);
  }

  private static SecretRef placeholderSecret(String key) {
    return new SecretRef(null, PLACEHOLDER, key, null);
  }
}
