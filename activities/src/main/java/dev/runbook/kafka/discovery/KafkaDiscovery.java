package dev.runbook.kafka.discovery;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaMigrationPlan.TopicSelection;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.admin.AclComparison;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.discovery.DetailedInventory.CommittedOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/**
 * What a Kafka cluster holds, read through the Admin API: the selected topics with their partitions,
 * replication factor and own configs, every consumer group with its committed offsets, the number
 * of ACL bindings and the bindings, the client quotas. The runbook's discovery step and the operator CLI run this same code.
 */
public final class KafkaDiscovery {

  /** Kafka's client quota entity types, in the order a combined entity names them. */
  private static final List<String> ENTITY_TYPES = List.of(ClientQuotaEntity.USER, ClientQuotaEntity.CLIENT_ID, ClientQuotaEntity.IP);
  /** How a cluster that keeps its quotas elsewhere (a hosted one's own API) refuses describeClientQuotas. */
  private static final Set<String> UNREADABLE_QUOTAS = Set.of(UnsupportedVersionException.class.getName(),
      ClusterAuthorizationException.class.getName());

  private final KafkaClientFactory clients;

  public KafkaDiscovery(KafkaClientFactory clients) {
    this.clients = clients;
  }

  /** Discovery with record counts per topic and committed offsets per group and partition. */
  public DetailedInventory discover(DiscoveryRequest request) {
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.source(), NamedCluster.of(request.source()))) {
      Pattern include = Pattern.compile(selection(request.topics()).include() == null ? ".*" : request.topics().include());
      String excludeRegex = selection(request.topics()).exclude();
      List<String> names = admin.call("list topics", a -> a.listTopics().names()).stream()
          .filter(name -> include.matcher(name).matches())
          .filter(name -> excludeRegex == null || !Pattern.matches(excludeRegex, name))
          .sorted()
          .toList();
      Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
          : admin.call("describe topics", a -> a.describeTopics(names).allTopicNames());
      Map<String, Map<String, String>> configs = admin.topicConfigs(names);
      List<TopicSpec> topics = names.stream()
          .map(name -> new TopicSpec(name, descriptions.get(name).partitions().size(),
              descriptions.get(name).partitions().get(0).replicas().size(), configs.get(name)))
          .toList();
      List<String> groupIds = admin.call("list consumer groups", a -> a.listConsumerGroups().all()).stream()
          .map(ConsumerGroupListing::groupId).sorted().toList();
      List<CommittedOffset> committed = committedOffsets(admin, groupIds);
      List<SourceAcl> acls = acls(admin);
      List<SourceQuota> quotas;
      String quotasUnreadable = null;
      try {
        quotas = quotas(admin);
      } catch (ServiceFailure e) {
        if (!UNREADABLE_QUOTAS.contains(e.type())) {
          throw e;
        }
        quotas = List.of();
        quotasUnreadable = e.getMessage();
      }
      SourceInventory inventory = new SourceInventory(topics, groups(admin, groupIds, committed), acls.size(), acls,
          quotas, quotasUnreadable);
      return new DetailedInventory(inventory, topicRecords(admin, descriptions.values()), committed);
    }
  }

  private static TopicSelection selection(TopicSelection topics) {
    return topics == null ? new TopicSelection(null, null) : topics;
  }

  private static List<CommittedOffset> committedOffsets(ClusterAdmin admin, List<String> groupIds) {
    List<CommittedOffset> offsets = new ArrayList<>();
    for (String id : groupIds) {
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(
          admin.call("list offsets of group " + id, a -> a.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata()));
      committed.values().removeIf(Objects::isNull);
      Map<TopicPartition, Long> ends = committed.isEmpty() ? Map.of() : admin.ends(committed.keySet());
      committed.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
          .forEach(e -> offsets.add(new CommittedOffset(id, e.getKey().topic(), e.getKey().partition(),
              e.getValue().offset(), ends.getOrDefault(e.getKey(), 0L))));
    }
    return offsets;
  }

  private static List<GroupInfo> groups(ClusterAdmin admin, List<String> ids, List<CommittedOffset> committed) {
    Map<String, ConsumerGroupDescription> descriptions = ids.isEmpty() ? Map.of()
        : admin.call("describe consumer groups", a -> a.describeConsumerGroups(ids).all());
    return ids.stream().map(id -> {
      List<CommittedOffset> own = committed.stream().filter(c -> c.group().equals(id)).toList();
      ConsumerGroupDescription description = descriptions.get(id);
      return new GroupInfo(id, description.groupState().toString(), description.members().size(),
          own.stream().map(CommittedOffset::topic).distinct().sorted().toList(),
          own.stream().mapToLong(CommittedOffset::lag).sum());
    }).toList();
  }

  private static Map<String, Long> topicRecords(ClusterAdmin admin, Collection<TopicDescription> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    topics.forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    Map<String, Long> records = new TreeMap<>();
    topics.forEach(d -> records.put(d.name(), 0L));
    if (partitions.isEmpty()) {
      return records;
    }
    Map<TopicPartition, Long> starts = admin.offsets(partitions, OffsetSpec.earliest());
    admin.offsets(partitions, OffsetSpec.latest())
        .forEach((tp, end) -> records.merge(tp.topic(), end - starts.get(tp), Long::sum));
    return records;
  }

  /**
   * Every client quota of the source, sorted by entity then key. Combined entities ({@code user} and
   * {@code client-id}) join their types and names with {@code +}, in Kafka's order of entity types.
   */
  private static List<SourceQuota> quotas(ClusterAdmin admin) {
    List<SourceQuota> quotas = new ArrayList<>();
    admin.call("describe client quotas", a -> a.describeClientQuotas(ClientQuotaFilter.all()).entities())
        .forEach((entity, values) -> {
          List<String> types = ENTITY_TYPES.stream().filter(entity.entries()::containsKey).toList();
          String type = String.join("+", types);
          String name = String.join("+", types.stream()
              .map(t -> Objects.requireNonNullElse(entity.entries().get(t), SourceQuota.DEFAULT_ENTITY)).toList());
          values.forEach((key, value) -> quotas.add(new SourceQuota(type, name, key, value)));
        });
    quotas.sort(Comparator.comparing(SourceQuota::entityType).thenComparing(SourceQuota::entityName)
        .thenComparing(SourceQuota::key));
    return quotas;
  }

  /** Every ACL binding of the source, sorted (none when the source has no authorizer). */
  private static List<SourceAcl> acls(ClusterAdmin admin) {
    try {
      return admin.call("describe ACLs", a -> a.describeAcls(AclBindingFilter.ANY).values()).stream()
          .map(AclComparison::binding)
          .sorted(java.util.Comparator.comparing(SourceAcl::describe))
          .toList();
    } catch (ServiceFailure e) {
      if (e.type().equals(SecurityDisabledException.class.getName())) {
        return List.of();
      }
      throw e;
    }
  }
}
