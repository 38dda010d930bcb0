package dev.runbook.kafka.offsets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A partition in memory with the behaviours translation meets on a real broker: offsets taken by
 * invisible entries (transaction markers, aborted records), compaction holes, retention moving log
 * start, and records arriving later.
 */
final class InMemoryPartitionLog implements PartitionLog {

  private final TreeMap<Long, LogRecord> readable = new TreeMap<>();
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
    return RecordDigest.of(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), List.of());
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
    logStart = offset;
  }

  LogRecord at(long offset) {
    return readable.get(offset);
  }

  /** Appends copies of this log's records from {@code fromOffset} to {@code copy}, as MirrorMaker does. */
  void replicateTo(InMemoryPartitionLog copy, long fromOffset) {
    readable.tailMap(fromOffset).values().forEach(copy::append);
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
    List<LogRecord> records = new ArrayList<>();
    for (Map.Entry<Long, LogRecord> entry : readable.tailMap(fromOffset).entrySet()) {
      if (records.size() == maxRecords) {
        break;
      }
      records.add(entry.getValue());
    }
    return records;
  }

  @Override
  public OptionalLong offsetForTimestamp(long timestamp) {
    return readable.values().stream()
        .filter(r -> r.timestamp() >= timestamp)
        .mapToLong(LogRecord::offset)
        .findFirst();
  }

  @Override
  public boolean compacted() {
    return compacted;
  }
}
