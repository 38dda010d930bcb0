package dev.runbook.kafka.replication;

import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.offsets.LogRecord;
import dev.runbook.kafka.offsets.PartitionLog;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition log whose Kafka errors name the cluster, the partition and the read that failed: the
 * readers run source and target reads side by side, so the client's own message would not say which.
 */
record NamedPartitionLog(PartitionLog log, NamedCluster cluster, TopicPartition partition) implements PartitionLog {

  @Override
  public long logStartOffset() {
    return on("read the log start offset", log::logStartOffset);
  }

  @Override
  public long endOffset() {
    return on("read the end offset", log::endOffset);
  }

  @Override
  public long knownEndOffset() {
    return on("read the end offset", log::knownEndOffset);
  }

  @Override
  public List<LogRecord> read(long fromOffset, int maxRecords) {
    return on("read records from offset " + fromOffset, () -> log.read(fromOffset, maxRecords));
  }

  @Override
  public OptionalLong offsetForTimestamp(long timestamp) {
    return on("find the offset of timestamp " + timestamp, () -> log.offsetForTimestamp(timestamp));
  }

  @Override
  public boolean compacted() {
    return log.compacted();
  }

  @Override
  public PartitionLog uncommittedView() {
    PartitionLog uncommitted = on("open a read_uncommitted view", log::uncommittedView);
    return uncommitted == log ? this : new NamedPartitionLog(uncommitted, cluster, partition);
  }

  private <T> T on(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (KafkaException e) {
      throw cluster.failed(operation + " of " + partition, e);
    }
  }
}
