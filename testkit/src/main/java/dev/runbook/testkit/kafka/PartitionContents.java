package dev.runbook.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything a consumer sees in one partition, indexed by record value (read_committed unless
 * asked otherwise). Sample-app
 * values are unique ({@code producerId:sequence}), which makes this the ground truth that offset
 * translation is judged against: where must a group resume on the target so that it reads next
 * the same record it would read next on the source?
 */
public final class PartitionContents {

  private record Entry(long offset, String value) {}

  private final List<Entry> entries;
  private final Map<String, Long> firstOffsetByValue = new HashMap<>();
  private final long logStartOffset;
  private final long endOffset;

  private PartitionContents(List<Entry> entries, long logStartOffset, long endOffset) {
    this.entries = entries;
    this.logStartOffset = logStartOffset;
    this.endOffset = endOffset;
    entries.forEach(e -> firstOffsetByValue.putIfAbsent(e.value(), e.offset()));
  }

  /** Reads the whole partition (fine for test-sized partitions). */
  public static PartitionContents read(String bootstrapServers, TopicPartition partition) {
    return read(bootstrapServers, partition, IsolationLevel.READ_COMMITTED);
  }

  /** Reads the whole partition as a consumer with {@code isolation} sees it. */
  public static PartitionContents read(String bootstrapServers, TopicPartition partition, IsolationLevel isolation) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      long start = consumer.beginningOffsets(List.of(partition)).get(partition);
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      consumer.seek(partition, start);
      List<Entry> entries = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + partition + " to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.offset() < end) {
            entries.add(new Entry(record.offset(), new String(record.value(), StandardCharsets.UTF_8)));
          }
        }
      }
      return new PartitionContents(entries, start, end);
    }
  }

  public long logStartOffset() {
    return logStartOffset;
  }

  public long endOffset() {
    return endOffset;
  }

  public int size() {
    return entries.size();
  }

  /** The value of the first readable record at or after {@code offset}, as a consumer positioned there reads it. */
  public String nextValueFrom(long offset) {
    long from = Math.max(offset, logStartOffset);
    return entries.stream().filter(e -> e.offset() >= from).map(Entry::value).findFirst().orElse(null);
  }

  /** The values a consumer positioned at {@code offset} reads, in order. */
  public List<String> valuesFrom(long offset) {
    long from = Math.max(offset, logStartOffset);
    return entries.stream().filter(e -> e.offset() >= from).map(Entry::value).toList();
  }

  public OptionalLong offsetOf(String value) {
    Long offset = firstOffsetByValue.get(value);
    return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  /** Readable records with offsets in {@code [fromOffset, toOffset)}. */
  public long recordsBetween(long fromOffset, long toOffset) {
    return entries.stream().filter(e -> e.offset() >= fromOffset && e.offset() < toOffset).count();
  }

  /**
   * The exact resume offset on {@code target} for a group committed at {@code committed} on
   * {@code source}: the target offset of the record the group reads next on the source, or the
   * target's end when the group has read everything.
   */
  public static long exactResumeOffset(PartitionContents source, PartitionContents target, long committed) {
    String next = source.nextValueFrom(committed);
    if (next == null) {
      return target.endOffset();
    }
    return target.offsetOf(next).orElseThrow(
        () -> new IllegalStateException("record " + next + " of the source is not on the target"));
  }
}
