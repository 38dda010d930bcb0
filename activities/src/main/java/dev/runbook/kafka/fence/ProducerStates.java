package dev.runbook.kafka.fence;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.admin.ClusterAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;

/**
 * The producers a cluster keeps state for on some partitions ({@code describeProducers}, KIP-664),
 * with the transactional ids the transaction coordinators know them by ({@code listTransactions}).
 * Idempotent producers (the default since Kafka 3.0) have state; a producer with
 * {@code enable.idempotence=false} has none and shows only as growth of the partition.
 */
public final class ProducerStates {

  private ProducerStates() {}

  /** The producers whose last write on one of the partitions is at or after {@code since} (epoch ms), sorted. */
  public static List<ActiveProducer> writingSince(ClusterAdmin admin, Collection<TopicPartition> partitions, long since) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, PartitionProducerState> states =
        admin.call("describe producers", a -> a.describeProducers(partitions).all());
    List<ActiveProducer> recent = new ArrayList<>();
    states.forEach((partition, state) -> state.activeProducers().stream()
        .filter(producer -> producer.lastTimestamp() >= since)
        .forEach(producer -> recent.add(new ActiveProducer(partition.topic(), partition.partition(), producer.producerId(),
            producer.producerEpoch(), producer.lastTimestamp(), null))));
    Map<Long, String> transactionalIds = transactionalIds(admin, new TreeSet<>(recent.stream().map(ActiveProducer::producerId).toList()));
    return recent.stream()
        .map(p -> new ActiveProducer(p.topic(), p.partition(), p.producerId(), p.epoch(), p.lastTimestamp(),
            transactionalIds.get(p.producerId())))
        .sorted(Comparator.comparing(ActiveProducer::topic).thenComparingInt(ActiveProducer::partition)
            .thenComparingLong(ActiveProducer::producerId))
        .toList();
  }

  /** Transactional id by producer id; none when the cluster does not let the runbook list transactions. */
  private static Map<Long, String> transactionalIds(ClusterAdmin admin, Set<Long> producerIds) {
    Map<Long, String> ids = new HashMap<>();
    if (producerIds.isEmpty()) {
      return ids;
    }
    try {
      Collection<TransactionListing> listings = admin.call("list transactions",
          a -> a.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds)).all());
      listings.forEach(listing -> ids.put(listing.producerId(), listing.transactionalId()));
    } catch (ServiceFailure e) {
      if (!e.type().endsWith("AuthorizationException")) {
        throw e;
      }
    }
    return ids;
  }
}
