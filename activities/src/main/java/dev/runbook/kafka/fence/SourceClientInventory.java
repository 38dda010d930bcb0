package dev.runbook.kafka.fence;

import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Who uses the source besides the plan, read through the Admin API: every consumer group the plan
 * does not move that has live members reading a migrated topic (by the members' assignments, or by
 * the group's committed offsets while it is rebalancing), with each member's client id and host, and
 * every producer whose last write to a migrated partition is recent.
 */
public final class SourceClientInventory {

  private final KafkaClientFactory clients;

  public SourceClientInventory(KafkaClientFactory clients) {
    this.clients = clients;
  }

  public SourceClients take(ClientInventoryRequest request) {
    long now = System.currentTimeMillis();
    Set<String> migrated = new HashSet<>(request.topics());
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.source(), NamedCluster.source(request.source()))) {
      Set<String> planned = new HashSet<>(request.plannedGroups());
      List<String> others = admin.call("list consumer groups", a -> a.listConsumerGroups().all()).stream()
          .map(ConsumerGroupListing::groupId).filter(id -> !planned.contains(id)).sorted().toList();
      Map<String, ConsumerGroupDescription> groups = others.isEmpty() ? Map.of()
          : admin.call("describe consumer groups", a -> a.describeConsumerGroups(others).all());
      List<LiveMember> members = new ArrayList<>();
      for (String id : others) {
        ConsumerGroupDescription group = groups.get(id);
        if (group.members().isEmpty()) {
          continue;
        }
        Set<String> committedTopics = null;
        for (MemberDescription member : group.members()) {
          Set<String> topics = topicsOf(member.assignment().topicPartitions(), migrated);
          if (member.assignment().topicPartitions().isEmpty()) {
            if (committedTopics == null) {
              committedTopics = committedTopics(admin, id, migrated);
            }
            topics = committedTopics;
          }
          if (!topics.isEmpty()) {
            members.add(new LiveMember(id, member.clientId(), member.host(), List.copyOf(topics)));
          }
        }
      }
      List<TopicPartition> partitions = request.topics().isEmpty() ? List.of() : admin.partitionsOf(request.topics());
      List<ActiveProducer> producers = ProducerStates.writingSince(admin, partitions, now - request.activeWithin().toMillis());
      return new SourceClients(members, producers, now);
    }
  }

  private static Set<String> committedTopics(ClusterAdmin admin, String group, Set<String> migrated) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.call("list offsets of group " + group, a -> a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    return topicsOf(committed.keySet(), migrated);
  }

  private static Set<String> topicsOf(Collection<TopicPartition> partitions, Set<String> migrated) {
    Set<String> topics = new TreeSet<>();
    partitions.stream().map(TopicPartition::topic).filter(migrated::contains).forEach(topics::add);
    return topics;
  }
}
