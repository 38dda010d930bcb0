package dev.runbook.kafka.apps;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.KafkaActivities.GroupConsumingRequest;
import dev.runbook.kafka.KafkaActivities.ProducingRequest;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kernel.FailureType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether repointed apps work on the target cluster: a consumer group stable with members and
 * committed offsets, new records on the topics producers write. Each wait polls until it sees that
 * or its limit passes, then fails naming what it saw last.
 */
public final class TargetTraffic {

  private final KafkaClientFactory clients;
  private final Duration pollInterval;

  public TargetTraffic(KafkaClientFactory clients, Duration pollInterval) {
    this.clients = clients;
    this.pollInterval = pollInterval;
  }

  /** Waits until the group consumes on the target; {@code onPoll} hears what every look saw. */
  public void awaitGroupConsuming(GroupConsumingRequest request, Consumer<String> onPoll) {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      while (true) {
        ConsumerGroupDescription group = admin.call("describe group " + request.group(),
            a -> a.describeConsumerGroups(List.of(request.group())).all()).get(request.group());
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.call("list offsets of group " + request.group(),
                a -> a.listConsumerGroupOffsets(request.group()).partitionsToOffsetAndMetadata());
        String seen = "group " + request.group() + " is " + group.groupState() + " with " + group.members().size()
            + " member(s) and offsets for " + committed.size() + " partition(s) on " + request.target().bootstrapServers();
        onPoll.accept(seen);
        if (group.groupState() == GroupState.STABLE && !group.members().isEmpty() && !committed.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw ServiceFailure.retryable(FailureType.NOT_CONSUMING.type(), "not consuming within " + request.timeout() + ": " + seen);
        }
        sleep();
      }
    }
  }

  /** Waits until the topics grow on the target; {@code onPoll} hears how many records they grew by. */
  public void awaitProducing(ProducingRequest request, Consumer<Long> onPoll) {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      Map<TopicPartition, Long> before = admin.endOffsets(request.topics());
      while (true) {
        Map<TopicPartition, Long> now = admin.endOffsets(request.topics());
        long grown = now.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        onPoll.accept(grown);
        if (grown > 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw ServiceFailure.retryable(FailureType.NOT_PRODUCING.type(), "no new records on " + request.topics() + " at "
              + request.target().bootstrapServers() + " within " + request.timeout());
        }
        sleep();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ServiceFailure.of(FailureType.INTERRUPTED, "interrupted");
    }
  }
}
