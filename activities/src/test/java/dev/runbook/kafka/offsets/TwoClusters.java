package dev.runbook.kafka.offsets;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.InProcessMirrorMaker2;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.PartitionContents;
import dev.runbook.testkit.kafka.SequenceRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test fixture: a source and a target KRaft cluster with MirrorMaker 2 replicating between them,
 * plus the small operations the offset tests need. MirrorMaker reads the source read_committed, as
 * the runbook configures it; topics named {@code uncommitted.*} are copied by a second MirrorMaker
 * that reads uncommitted (MirrorMaker's default: copies of aborted records reach the target).
 * Topics named {@code unreplicated.*} are left out of replication; MirrorMaker checkpoints and
 * syncs only groups named {@code mm2.*}, so its own group-offset sync cannot blur what the tests
 * assert about other groups.
 */
final class TwoClusters implements AutoCloseable {

  static final String UNREPLICATED_PREFIX = "unreplicated.";
  static final String MM2_GROUP_PREFIX = "mm2.";
  static final String UNCOMMITTED_PREFIX = "uncommitted.";

  final KafkaTestCluster source;
  final KafkaTestCluster target;
  final InProcessMirrorMaker2 mirrorMaker;
  final InProcessMirrorMaker2 uncommittedMirrorMaker;

  private TwoClusters(KafkaTestCluster source, KafkaTestCluster target, InProcessMirrorMaker2 mirrorMaker,
      InProcessMirrorMaker2 uncommittedMirrorMaker) {
    this.source = source;
    this.target = target;
    this.mirrorMaker = mirrorMaker;
    this.uncommittedMirrorMaker = uncommittedMirrorMaker;
  }

  static TwoClusters start(int offsetLagMax) {
    KafkaTestCluster source = KafkaTestCluster.start("source");
    KafkaTestCluster target = KafkaTestCluster.start("target");
    InProcessMirrorMaker2 committed = null;
    try {
      committed = InProcessMirrorMaker2.start(mirrorConfig(source, target, offsetLagMax), Duration.ofSeconds(60));
      return new TwoClusters(source, target, committed,
          InProcessMirrorMaker2.start(uncommittedMirrorConfig(source, target), Duration.ofSeconds(60)));
    } catch (RuntimeException e) {
      if (committed != null) {
        committed.close();
      }
      target.close();
      source.close();
      throw e;
    }
  }

  private static Map<String, String> mirrorConfig(KafkaTestCluster source, KafkaTestCluster target, int offsetLagMax) {
    Map<String, String> config = InProcessMirrorMaker2.migrationConfig(
        "source", source.bootstrapServers(), "target", target.bootstrapServers(), offsetLagMax);
    config.put("source->target.topics.exclude",
        ".*[\\-\\.]internal,.*\\.replica,__.*,unreplicated\\..*,uncommitted\\..*");
    config.put("source->target.groups", "mm2\\..*");
    return config;
  }

  /** Other aliases, so its internal topics and Connect group are its own; it copies {@code uncommitted.*} only. */
  private static Map<String, String> uncommittedMirrorConfig(KafkaTestCluster source, KafkaTestCluster target) {
    Map<String, String> config = InProcessMirrorMaker2.migrationConfig(
        "any-source", source.bootstrapServers(), "any-target", target.bootstrapServers(), 100);
    config.put("any-source.consumer.isolation.level", "read_uncommitted");
    config.put("any-source->any-target.topics", "uncommitted\\..*");
    config.put("any-source->any-target.groups", "none");
    return config;
  }

  KafkaEndpoint sourceEndpoint() {
    return KafkaEndpoint.plaintext(source.bootstrapServers());
  }

  KafkaEndpoint targetEndpoint() {
    return KafkaEndpoint.plaintext(target.bootstrapServers());
  }

  static GroupOffsetMigration migration() {
    return new GroupOffsetMigration(new KafkaClientFactory(ref -> {
      throw new IllegalArgumentException("no secrets in this test: " + ref.describe());
    }), Duration.ofMillis(100));
  }

  void awaitReplicated(String... topics) {
    for (String topic : topics) {
      (topic.startsWith(UNCOMMITTED_PREFIX) ? uncommittedMirrorMaker : mirrorMaker)
          .awaitReplicated(List.of(topic), Duration.ofSeconds(60));
    }
  }

  /** Sends records synchronously; a record's value should come from {@link SequenceRecords#value}. */
  static void send(KafkaTestCluster cluster, List<ProducerRecord<byte[], byte[]>> records) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, "5"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  static ProducerRecord<byte[], byte[]> record(String topic, int partition, Long timestamp, String key, String producerId,
      long sequence) {
    return new ProducerRecord<>(topic, partition, timestamp, key == null ? null : key.getBytes(),
        SequenceRecords.value(producerId, sequence));
  }

  /** Sends {@code count} distinct records to each partition, keyed by sequence. */
  static void produce(KafkaTestCluster cluster, String topic, int partitions, int count, String producerId) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int partition = 0; partition < partitions; partition++) {
      for (int i = 0; i < count; i++) {
        long sequence = (long) partition * 1_000_000 + i;
        records.add(record(topic, partition, null, Long.toString(sequence), producerId, sequence));
      }
    }
    send(cluster, records);
  }

  /**
   * Creates the topic on the target with records of its own in front, so that target offsets differ
   * from source offsets and a translation that merely copied the offset would fail.
   */
  void prefillTarget(String topic, int partitions, int records) {
    target.createTopic(topic, partitions);
    produce(target, topic, partitions, records, "prefill-" + topic);
  }

  static void commit(KafkaTestCluster cluster, String group, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
    try (Admin admin = cluster.admin()) {
      admin.alterConsumerGroupOffsets(group, commits).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not commit " + offsets + " for " + group, e);
    }
  }

  static Map<TopicPartition, Long> committed(KafkaTestCluster cluster, String group) {
    try (Admin admin = cluster.admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .forEach((tp, o) -> offsets.put(tp, o == null ? null : o.offset()));
      return offsets;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not list offsets of " + group, e);
    }
  }

  /** Where the group must resume on the target, from record contents alone. */
  long exactTargetOffset(TopicPartition tp, long committedOnSource) {
    return exactTargetOffset(tp, committedOnSource, IsolationLevel.READ_COMMITTED);
  }

  /** As {@link #exactTargetOffset(TopicPartition, long)}, for a group that reads the source with {@code isolation}. */
  long exactTargetOffset(TopicPartition tp, long committedOnSource, IsolationLevel isolation) {
    return PartitionContents.exactResumeOffset(
        PartitionContents.read(source.bootstrapServers(), tp, isolation),
        PartitionContents.read(target.bootstrapServers(), tp),
        committedOnSource);
  }

  @Override
  public void close() {
    uncommittedMirrorMaker.close();
    mirrorMaker.close();
    target.close();
    source.close();
  }
}
