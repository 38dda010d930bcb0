package dev.runbook.kafka.offsets;

import java.util.List;
import java.util.OptionalLong;

/**
 * One partition of one cluster, as a consumer with one isolation level sees it: transaction
 * markers are always invisible and, read_committed, so are aborted records (both leave gaps in the
 * offsets); compaction and retention may have removed records. Unless it says otherwise, a log is
 * the read_committed view.
 */
public interface PartitionLog {

  long logStartOffset();

  /** The offset after the last readable position (the last stable offset). */
  long endOffset();

  /** {@link #endOffset()} as last listed or reached by a read, without asking the broker again. */
  default long knownEndOffset() {
    return endOffset();
  }

  /**
   * Up to {@code maxRecords} readable records with offset at least {@code fromOffset}, in offset
   * order. Empty only when no readable record exists from {@code fromOffset} to the end.
   */
  List<LogRecord> read(long fromOffset, int maxRecords);

  /** The earliest offset whose record has a timestamp at or after {@code timestamp}, if any. */
  OptionalLong offsetForTimestamp(long timestamp);

  /** Whether the topic is compacted, which explains gaps the translation meets. */
  boolean compacted();

  /**
   * The same partition as a read_uncommitted consumer sees it: records of aborted transactions
   * included. Opened on first use; the read_uncommitted view returns itself.
   */
  PartitionLog uncommittedView();
}
