package dev.runbook.kafka.offsets;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;

/**
 * MirrorMaker 2's own translation, for plans that ask for it: the latest checkpoint of the group
 * read from {@code <sourceAlias>.checkpoints.internal} on the cluster written to. Read directly
 * (with MirrorMaker's {@link Checkpoint} format from connect-mirror-client) rather than through
 * RemoteClusterUtils, because the checkpoint's upstream offset tells whether it is stale.
 */
final class MirrorCheckpoints {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private MirrorCheckpoints() {}

  /** MirrorMaker's latest checkpoint for one partition: upstream offset → downstream offset. */
  record Checkpointed(long upstreamOffset, long downstreamOffset) {}

  static Map<TopicPartition, Checkpointed> read(Consumer<byte[], byte[]> consumer, String sourceAlias, String group) {
    if (sourceAlias == null || sourceAlias.isBlank()) {
      throw new IllegalArgumentException("MM2_CHECKPOINT mode needs mm2SourceAlias, MirrorMaker's alias of the cluster read from");
    }
    String topic = new DefaultReplicationPolicy().checkpointsTopic(sourceAlias);
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new TranslationException(OffsetFailureType.NO_CHECKPOINT,
          "checkpoint topic " + topic + " does not exist: is MirrorMaker's checkpoint connector running for " + sourceAlias + "?");
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Checkpointed> latest = new HashMap<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + topic + " within " + READ_TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        Checkpoint checkpoint = Checkpoint.deserializeRecord(record);
        if (checkpoint.consumerGroupId().equals(group)) {
          latest.put(checkpoint.topicPartition(),
              new Checkpointed(checkpoint.upstreamOffset(), checkpoint.downstreamOffset()));
        }
      }
    }
    return latest;
  }

  /**
   * The checkpoint's downstream offset as the translation, with how many records before the exact
   * position it lands (from {@code exact}, if that succeeds).
   */
  static PartitionTranslation translate(Checkpointed checkpoint, TopicPartition tp, long committed, String sourceAlias,
      Supplier<PartitionTranslation> exact) {
    if (checkpoint == null) {
      throw new TranslationException(OffsetFailureType.NO_CHECKPOINT, "MirrorMaker has no checkpoint for " + tp
          + " of this group (alias " + sourceAlias + "); nothing was committed");
    }
    StringBuilder evidence = new StringBuilder("MirrorMaker checkpoint upstream ").append(checkpoint.upstreamOffset())
        .append(" -> downstream ").append(checkpoint.downstreamOffset());
    if (checkpoint.upstreamOffset() != committed) {
      evidence.append(" (stale: the group has committed ").append(committed).append(" since)");
    }
    Long uncertainty;
    try {
      PartitionTranslation exactTranslation = exact.get();
      uncertainty = exactTranslation.targetOffset() - checkpoint.downstreamOffset();
      evidence.append("; exact translation ").append(exactTranslation.targetOffset()).append(": ")
          .append(uncertainty >= 0 ? uncertainty + " record(s) would be processed again"
              : -uncertainty + " record(s) would be skipped");
    } catch (TranslationException e) {
      uncertainty = null;
      evidence.append("; exact position unknown (").append(e.getMessage())
          .append("): MirrorMaker lands at most offset.lag.max records before it, or at its last offset sync");
    }
    return new PartitionTranslation(tp.topic(), tp.partition(), committed, checkpoint.downstreamOffset(),
        TranslationMethod.MM2_CHECKPOINT, evidence.toString(), 0, uncertainty, null);
  }
}
