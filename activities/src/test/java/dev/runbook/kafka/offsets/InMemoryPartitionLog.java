package dev.runbook.kafka.offsets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;

/**
 * A partition in memory with the behaviours translation meets on a real broker: offsets taken by
 * invisible entries (transaction markers, aborted records), compaction holes, retention moving log
 * start, and records arriving later.
 */
final class InMemoryPartitionLog implements PartitionLog {

  private final TreeMap<Long, LogRecord> readable = new TreeMap<>();
  private final TreeMap<Long, LogRecord> aborted = new TreeMap<>();
  private final boolean compacted;
  private long logStart;
  private long nextOffset;

  InMemoryPartitionLog(boolean compacted) {
    this.compacted = compacted;
  }

  InMemoryPartitionLog() {
    this(false);
  }

  static byte[] digest(String key, String value) {
    return RecordDigest.of(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), new Header[0]);
  }

  /** Appends a readable record and returns its offset. */
  long append(long timestamp, String key, String value) {
    return append(new LogRecord(-1, timestamp, digest(key, value)));
  }

  /** Appends a record with the same timestamp and content as {@code original} (a copy). */
  long append(LogRecord original) {
    long offset = nextOffset++;
    readable.put(offset, new LogRecord(offset, original.timestamp(), original.digest()));
    return offset;
  }

  /** Appends a record of an aborted transaction: only the read_uncommitted view shows it. */
  long appendAborted(long timestamp, String key, String value) {
    long offset = nextOffset++;
    aborted.put(offset, new LogRecord(offset, timestamp, digest(key, value)));
    return offset;
  }

  /** Takes offsets without readable records, as transaction markers and aborted records do. */
  void appendInvisible(int count) {
    nextOffset += count;
  }

  /** Removes one record, as compaction does. */
  void compactAway(long offset) {
    readable.remove(offset);
  }

  /** Moves log start, as retention or DeleteRecords does. */
  void deleteBefore(long offset) {
    readable.headMap(offset).clear();
    aborted.headMap(offset).clear();
    logStart = offset;
  }

  LogRecord at(long offset) {
    return readable.get(offset);
  }

  /** Appends copies of this log's records from {@code fromOffset} to {@code copy}, as MirrorMaker does. */
  void replicateTo(InMemoryPartitionLog copy, long fromOffset) {
    readable.tailMap(fromOffset).values().forEach(copy::append);
  }

  /** As {@link #replicateTo}, by a replicator that reads uncommitted: aborted records are copied as ordinary ones. */
  void replicateUncommittedTo(InMemoryPartitionLog copy, long fromOffset) {
    all().tailMap(fromOffset).values().forEach(copy::append);
  }

  private TreeMap<Long, LogRecord> all() {
    TreeMap<Long, LogRecord> all = new TreeMap<>(readable);
    all.putAll(aborted);
    return all;
  }

  @Override
  public long logStartOffset() {
    return logStart;
  }

  @Override
  public long endOffset() {
    return nextOffset;
  }

  @Override
  public List<LogRecord> read(long fromOffset, int maxRecords) {
    return read(readable, fromOffset, maxRecords);
  }

  private static List<LogRecord> read(TreeMap<Long, LogRecord> records, long fromOffset, int maxRecords) {
    List<LogRecord> read = new ArrayList<>();
    for (Map.Entry<Long, LogRecord> entry : records.tailMap(fromOffset).entrySet()) {
      if (read.size() == maxRecords) {
        break;
      }
      read.add(entry.getValue());
    }
    return read;
  }

  @Override
  public OptionalLong offsetForTimestamp(long timestamp) {
    return offsetForTimestamp(readable, timestamp);
  }

  private static OptionalLong offsetForTimestamp(TreeMap<Long, LogRecord> records, long timestamp) {
    return records.values().stream()
        .filter(r -> r.timestamp() >= timestamp)
        .mapToLong(LogRecord::offset)
        .findFirst();
  }

  @Override
  public boolean compacted() {
    return compacted;
  }

  @Override
  public PartitionLog uncommittedView() {
    InMemoryPartitionLog log = this;
    return new PartitionLog() {
      @Override
      public long logStartOffset() {
        return log.logStart;
      }

      @Override
      public long endOffset() {
        return log.nextOffset;
      }

      @Override
      public List<LogRecord> read(long fromOffset, int maxRecords) {
        return InMemoryPartitionLog.read(log.all(), fromOffset, maxRecords);
      }

      @Override
      public OptionalLong offsetForTimestamp(long timestamp) {
        return InMemoryPartitionLog.offsetForTimestamp(log.all(), timestamp);
      }

      @Override
      public boolean compacted() {
        return log.compacted;
      }

      @Override
      public PartitionLog uncommittedView() {
        return this;
      }
    };
  }
}
