package dev.runbook.kafka.offsets;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;

/**
 * A {@link PartitionLog} over a consumer using assign and seek, in the consumer's isolation level.
 * One consumer can serve several partition logs one after the other (each read re-assigns it); it
 * is not thread-safe, like the consumer itself.
 */
public final class KafkaPartitionLog implements PartitionLog {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final boolean compacted;
  private final long logStartOffset;
  private final Supplier<Consumer<byte[], byte[]>> uncommittedReader;
  private PartitionLog uncommittedView;
  private long knownEnd;

  /**
   * @param logStartOffset and {@code endOffset} as listed just before, usually for many partitions
   *     at once; the end is refreshed whenever a read reaches it
   * @param uncommittedReader a read_uncommitted consumer of the same cluster, asked for when the
   *     uncommitted view is first read; null when {@code consumer} itself reads uncommitted
   */
  public KafkaPartitionLog(Consumer<byte[], byte[]> consumer, TopicPartition partition, boolean compacted,
      long logStartOffset, long endOffset, Supplier<Consumer<byte[], byte[]>> uncommittedReader) {
    this.consumer = consumer;
    this.partition = partition;
    this.compacted = compacted;
    this.logStartOffset = logStartOffset;
    this.knownEnd = endOffset;
    this.uncommittedReader = uncommittedReader;
  }

  /** Logs of several partitions read through one consumer, with their offsets listed in two requests. */
  public static Map<TopicPartition, KafkaPartitionLog> of(Consumer<byte[], byte[]> consumer,
      Collection<TopicPartition> partitions, Set<String> compactedTopics, Supplier<Consumer<byte[], byte[]>> uncommittedReader) {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, KafkaPartitionLog> logs = new HashMap<>();
    for (TopicPartition tp : partitions) {
      logs.put(tp, new KafkaPartitionLog(consumer, tp, compactedTopics.contains(tp.topic()), starts.get(tp), ends.get(tp),
          uncommittedReader));
    }
    return logs;
  }

  /** As listed when this log was created: translation takes minutes at most, retention acts on hours. */
  @Override
  public long logStartOffset() {
    return logStartOffset;
  }

  @Override
  public long endOffset() {
    knownEnd = consumer.endOffsets(List.of(partition)).get(partition);
    return knownEnd;
  }

  @Override
  public List<LogRecord> read(long fromOffset, int maxRecords) {
    long end = fromOffset >= knownEnd ? endOffset() : knownEnd;
    if (fromOffset >= end) {
      return List.of();
    }
    if (!consumer.assignment().equals(Set.of(partition))) {
      consumer.assign(List.of(partition));
    }
    consumer.seek(partition, fromOffset);
    List<LogRecord> records = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (records.size() < maxRecords) {
      if (consumer.position(partition) >= end) {
        if (!records.isEmpty()) {
          break;
        }
        end = endOffset();
        if (consumer.position(partition) >= end) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + partition + " from " + fromOffset + " to " + end
            + " within " + READ_TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
        if (record.offset() >= fromOffset && records.size() < maxRecords) {
          records.add(toLogRecord(record));
        }
      }
    }
    return records;
  }

  private static LogRecord toLogRecord(ConsumerRecord<byte[], byte[]> record) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new AbstractMap.SimpleImmutableEntry<>(header.key(), header.value()));
    }
    return new LogRecord(record.offset(), record.timestamp(), RecordDigest.of(record.key(), record.value(), headers));
  }

  @Override
  public OptionalLong offsetForTimestamp(long timestamp) {
    OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, timestamp)).get(partition);
    return found == null ? OptionalLong.empty() : OptionalLong.of(found.offset());
  }

  @Override
  public boolean compacted() {
    return compacted;
  }

  @Override
  public PartitionLog uncommittedView() {
    if (uncommittedReader == null) {
      return this;
    }
    if (uncommittedView == null) {
      Consumer<byte[], byte[]> reader = uncommittedReader.get();
      List<TopicPartition> only = List.of(partition);
      uncommittedView = new KafkaPartitionLog(reader, partition, compacted, reader.beginningOffsets(only).get(partition),
          reader.endOffsets(only).get(partition), null);
    }
    return uncommittedView;
  }
}
