package dev.runbook.kafka.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A {@link PartitionLog} over a consumer using assign and seek, in the consumer's isolation level.
 * One consumer can serve several partition logs one after the other (each read re-assigns it); it
 * is not thread-safe, like the consumer itself.
 *
 * <p>Records at an offset never change, so every read is kept: a later read that falls inside
 * records already read is answered without a request, and so is a timestamp already looked up.
 * {@link #prefetch} and {@link #prefetchOffsetsForTimes} fill these for many partitions of one
 * consumer in one request each.
 */
public final class KafkaPartitionLog implements PartitionLog {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  /** Records kept per log: enough for translation's first reads, not a copy of a partition read at length. */
  private static final int MAX_KEPT = 4_096;

  private final Consumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final boolean compacted;
  private final long logStartOffset;
  private final Supplier<Consumer<byte[], byte[]>> uncommittedReader;
  private PartitionLog uncommittedView;
  private long knownEnd;
  /** Records read, by the offset their read started at; {@code toEnd}: the read stopped at the end, not at its count. */
  private final TreeMap<Long, ReadRun> runs = new TreeMap<>();
  private int kept;
  private final Map<Long, OptionalLong> offsetsByTimestamp = new HashMap<>();

  private record ReadRun(List<LogRecord> records, boolean toEnd) {}

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
  public long knownEndOffset() {
    return knownEnd;
  }

  @Override
  public List<LogRecord> read(long fromOffset, int maxRecords) {
    List<LogRecord> known = alreadyRead(fromOffset, maxRecords);
    if (known != null) {
      return known;
    }
    List<LogRecord> records = readFromBroker(fromOffset, maxRecords);
    keep(fromOffset, new ReadRun(records, records.size() < maxRecords));
    return records;
  }

  private void keep(long fromOffset, ReadRun run) {
    if (kept + run.records().size() <= MAX_KEPT) {
      runs.put(fromOffset, run);
      kept += run.records().size();
    }
  }

  /** The answer from records already read, or null: never an empty answer, which may have changed since. */
  List<LogRecord> alreadyRead(long fromOffset, int maxRecords) {
    Map.Entry<Long, ReadRun> entry = runs.floorEntry(fromOffset);
    if (entry == null) {
      return null;
    }
    List<LogRecord> records = new ArrayList<>();
    for (LogRecord record : entry.getValue().records()) {
      if (record.offset() >= fromOffset && records.size() < maxRecords) {
        records.add(record);
      }
    }
    boolean complete = records.size() == maxRecords || entry.getValue().toEnd();
    return !records.isEmpty() && complete ? records : null;
  }

  private List<LogRecord> readFromBroker(long fromOffset, int maxRecords) {
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
    return new LogRecord(record.offset(), record.timestamp(),
        RecordDigest.of(record.key(), record.value(), record.headers().toArray()));
  }

  /** The offset for {@code timestamp} if already looked up, else null. */
  OptionalLong alreadyLookedUp(long timestamp) {
    return offsetsByTimestamp.get(timestamp);
  }

  @Override
  public OptionalLong offsetForTimestamp(long timestamp) {
    OptionalLong known = offsetsByTimestamp.get(timestamp);
    if (known != null && known.isPresent()) {
      return known;
    }
    OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, timestamp)).get(partition);
    OptionalLong offset = found == null ? OptionalLong.empty() : OptionalLong.of(found.offset());
    offsetsByTimestamp.put(timestamp, offset);
    return offset;
  }

  /** Where a prefetch reads one partition: up to {@code count} records from {@code from}. */
  public record Span(long from, int count) {}

  /**
   * Reads, for every log in {@code spans} (all read through {@code consumer}), its span of records,
   * all partitions in the same fetches; later reads inside them need no request.
   */
  public static void prefetch(Consumer<byte[], byte[]> consumer, Map<TopicPartition, KafkaPartitionLog> logs,
      Map<TopicPartition, Span> spans) {
    Map<TopicPartition, List<LogRecord>> read = new HashMap<>();
    spans.forEach((tp, span) -> {
      if (span.from() < logs.get(tp).knownEnd) {
        read.put(tp, new ArrayList<>());
      }
    });
    if (read.isEmpty()) {
      return;
    }
    consumer.assign(read.keySet());
    read.keySet().forEach(tp -> consumer.seek(tp, spans.get(tp).from()));
    Set<TopicPartition> open = new HashSet<>(read.keySet());
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (true) {
      open.removeIf(tp -> read.get(tp).size() >= spans.get(tp).count() || consumer.position(tp) >= logs.get(tp).knownEnd);
      if (open.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + open + " within " + READ_TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        List<LogRecord> records = read.get(tp);
        Span span = spans.get(tp);
        if (records != null && record.offset() >= span.from() && records.size() < span.count()) {
          records.add(toLogRecord(record));
        }
      }
    }
    read.forEach((tp, records) -> logs.get(tp).keep(spans.get(tp).from(),
        new ReadRun(records, records.size() < spans.get(tp).count())));
  }

  /** Looks up, in one request, the offset for a timestamp in each of several logs read through {@code consumer}. */
  public static void prefetchOffsetsForTimes(Consumer<byte[], byte[]> consumer, Map<TopicPartition, KafkaPartitionLog> logs,
      Map<TopicPartition, Long> timestamps) {
    if (timestamps.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(timestamps);
    timestamps.forEach((tp, timestamp) -> {
      OffsetAndTimestamp offset = found.get(tp);
      logs.get(tp).offsetsByTimestamp.put(timestamp,
          offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset()));
    });
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
