package dev.runbook.testkit.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records a read_committed consumer sees in each partition, from log start to the last
 * stable offset: aborted records and transaction markers are not counted.
 */
public final class RecordCounter implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;

  public RecordCounter(String bootstrapServers) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Record counts of the partitions; every partition must exist. */
  public Map<TopicPartition, Long> count(Collection<TopicPartition> partitions) {
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> counts = new HashMap<>();
    partitions.forEach(p -> counts.put(p, 0L));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not read " + partitions + " to their ends within 30 s");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < ends.get(partition)) {
          counts.merge(partition, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /** Record counts of those partitions that exist; missing topics or partitions are left out. */
  public Map<TopicPartition, Long> countIfPresent(Collection<TopicPartition> partitions) {
    Set<String> topics = partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
    Map<String, List<PartitionInfo>> existing = consumer.listTopics();
    List<TopicPartition> present = partitions.stream()
        .filter(p -> topics.contains(p.topic()) && existing.containsKey(p.topic())
            && existing.get(p.topic()).stream().anyMatch(info -> info.partition() == p.partition()))
        .toList();
    return present.isEmpty() ? Map.of() : count(present);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
