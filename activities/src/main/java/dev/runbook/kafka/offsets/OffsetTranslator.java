package dev.runbook.kafka.offsets;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds, for one partition, the target offset at which a consumer group resumes exactly after the
 * last record it processed on the source. Pure logic over two {@link PartitionLog}s.
 *
 * <p>The anchor is the last consumed record: the last readable source record below the committed
 * offset (transaction markers, aborted records and compacted-away records leave gaps, so it may
 * lie several offsets lower). Its copy on the target is found by timestamp ({@code
 * offsetForTimestamp}) and then by content digest, scanning forward; the result is the copy's
 * offset + 1. When several identical records share the millisecond on the source, the anchor is
 * the n-th of them, counted the same way on both sides.
 *
 * <p>The result is then proven forward: the first target record at the result must be the copy of
 * the next source record. When it is not, the records between are copies of records the source
 * no longer shows at or after the committed offset (compacted away after replication, or a second
 * copy MirrorMaker wrote when it retried a batch); the result moves to the next record's copy, so
 * the group reprocesses nothing. Duplicates MirrorMaker replays further away (a restarted task
 * re-sending a whole block) resolve to the first copy: the group may reprocess that block but never
 * skips a record.
 *
 * <p>Corner cases have their own {@link TranslationMethod}: nothing consumed, committed below log
 * start (retention), committed at the end, empty partition. A record missing on the target is
 * waited for as long as the {@link ReplicationWait} allows; every partition has a bound on the
 * records read.
 */
public final class OffsetTranslator {

  private static final int CHUNK = 500;
  /** The copy is usually among the first records at its timestamp: start small, grow while scanning. */
  private static final int FIRST_TARGET_CHUNK = 16;
  private static final int BACKWARD_WINDOW_GROWTH = 8;

  private final long maxRecordsScanned;

  public OffsetTranslator(long maxRecordsScanned) {
    if (maxRecordsScanned <= 0) {
      throw new IllegalArgumentException("maxRecordsScanned must be positive");
    }
    this.maxRecordsScanned = maxRecordsScanned;
  }

  private record Outcome(long targetOffset, TranslationMethod method, String evidence) {}

  /** A copy found on the target; {@code following} is the readable record after it, when the same read returned it. */
  private record Match(LogRecord copy, long recordsBefore, Optional<LogRecord> following) {}

  /** Counts records read for one partition and stops past the bound. */
  private final class Scan {
    private final String partition;
    private long used;

    Scan(String partition) {
      this.partition = partition;
    }

    List<LogRecord> read(PartitionLog log, long fromOffset, int maxRecords) {
      List<LogRecord> records = log.read(fromOffset, maxRecords);
      used += records.size();
      if (used > maxRecordsScanned) {
        throw new TranslationException(OffsetFailureType.SCAN_LIMIT_EXCEEDED,
            partition + ": read more than " + maxRecordsScanned + " records without establishing the offset;"
                + " raise maxRecordsScanned, or check that record timestamps of this topic are roughly in order");
      }
      return records;
    }
  }

  /**
   * Translates {@code committed}, the group's committed offset on the source partition.
   *
   * @throws TranslationException when the anchor record does not reach the target in time
   *     ({@link OffsetFailureType#NOT_REPLICATED_WITHIN_BOUND}) or the scan bound is exceeded
   */
  public PartitionTranslation translate(
      String topic, int partition, long committed, PartitionLog source, PartitionLog target, ReplicationWait wait) {
    Scan scan = new Scan(topic + "-" + partition);
    long sourceStart = source.logStartOffset();
    long resumeAt = Math.max(committed, sourceStart);
    Optional<LogRecord> consumed = Optional.empty();
    Optional<LogRecord> next;
    if (committed > sourceStart) {
      // One read usually yields both the last consumed record (at committed - 1) and the next one.
      List<LogRecord> around = scan.read(source, resumeAt - 1, 2);
      if (!around.isEmpty() && around.get(0).offset() < resumeAt) {
        consumed = Optional.of(around.get(0));
        next = around.size() > 1 ? Optional.of(around.get(1)) : Optional.empty();
      } else {
        next = first(around);
        consumed = lastRecordBefore(source, resumeAt - 1, sourceStart, scan);
      }
    } else {
      next = first(scan.read(source, resumeAt, 1));
    }
    Outcome outcome;
    if (consumed.isPresent()) {
      outcome = afterConsumed(consumed.get(), next, resumeAt, source, target, wait, scan);
    } else if (next.isPresent()) {
      outcome = atFirstUnconsumed(next.get(), committed, sourceStart, source, target, wait, scan);
    } else {
      outcome = emptySource(source, target, scan);
    }
    return new PartitionTranslation(
        topic, partition, committed, outcome.targetOffset(), outcome.method(), outcome.evidence(), scan.used, 0L);
  }

  private Outcome afterConsumed(LogRecord consumed, Optional<LogRecord> next, long resumeAt,
      PartitionLog source, PartitionLog target, ReplicationWait wait, Scan scan) {
    long occurrence = occurrenceInMillisecond(source, consumed, scan);
    Match match = findOnTarget(target, consumed, occurrence, OptionalLong.empty(), wait, scan);
    long candidate = match.copy().offset() + 1;
    boolean gap = consumed.offset() < resumeAt - 1;
    StringBuilder evidence = new StringBuilder("last consumed source record ").append(consumed.describe())
        .append(" is target ").append(match.copy().describe()).append(occurrenceNote(occurrence));
    if (gap) {
      evidence.append("; source offsets ").append(consumed.offset() + 1).append("..").append(resumeAt - 1)
          .append(source.compacted()
              ? " were compacted away"
              : " hold transaction markers or aborted records");
    }
    Optional<LogRecord> atCandidate = match.following().isPresent()
        ? match.following()
        : first(scan.read(target, candidate, 1));
    if (next.isEmpty()) {
      evidence.append("; the source has no record from ").append(resumeAt).append(" on");
      evidence.append(atCandidate.isEmpty()
          ? ", nor has the target after the copy (target end " + target.endOffset() + ")"
          : "; the target holds records from " + atCandidate.get().offset()
              + " on (produced on the target, or replayed by MirrorMaker): the group will read them");
      return new Outcome(candidate, TranslationMethod.LOG_END, evidence.toString());
    }
    TranslationMethod method = !gap
        ? TranslationMethod.EXACT_MATCH
        : source.compacted() ? TranslationMethod.COMPACTED_NEAREST_EARLIER : TranslationMethod.TRANSACTION_GAP;
    LogRecord following = next.get();
    if (atCandidate.isEmpty()) {
      evidence.append("; next source record ").append(following.describe())
          .append(" not on the target yet and nothing follows the copy");
      return new Outcome(candidate, method, evidence.toString());
    }
    if (atCandidate.get().sameContentAs(following)) {
      evidence.append("; next source record ").append(following.describe())
          .append(" is the next target record ").append(atCandidate.get().describe());
      return new Outcome(candidate, method, evidence.toString());
    }
    Match nextCopy = findOnTarget(target, following, 1, OptionalLong.of(candidate), wait, scan);
    evidence.append("; skipped ").append(nextCopy.recordsBefore()).append(" target record(s) from ").append(candidate)
        .append(" that no source record at or after the committed offset accounts for (copies of records compacted")
        .append(" away on the source, or MirrorMaker duplicates); next source record ").append(following.describe())
        .append(" is target ").append(nextCopy.copy().describe());
    return new Outcome(nextCopy.copy().offset(), method, evidence.toString());
  }

  private Outcome atFirstUnconsumed(LogRecord next, long committed, long sourceStart,
      PartitionLog source, PartitionLog target, ReplicationWait wait, Scan scan) {
    long occurrence = occurrenceInMillisecond(source, next, scan);
    Match match = findOnTarget(target, next, occurrence, OptionalLong.empty(), wait, scan);
    String copy = "first record the group reads, " + next.describe() + ", is target " + match.copy().describe()
        + occurrenceNote(occurrence);
    if (committed < sourceStart) {
      return new Outcome(match.copy().offset(), TranslationMethod.BEFORE_LOG_START,
          "committed offset " + committed + " is below source log start " + sourceStart
              + " (retention or DeleteRecords removed records the group never read; it resumes at log start,"
              + " as with auto.offset.reset=earliest); " + copy);
    }
    return new Outcome(match.copy().offset(), TranslationMethod.NOTHING_CONSUMED,
        "no readable source record below committed offset " + committed + "; " + copy);
  }

  private Outcome emptySource(PartitionLog source, PartitionLog target, Scan scan) {
    String sourceState = "the source holds no readable record (log start " + source.logStartOffset()
        + ", end " + source.endOffset() + ")";
    Optional<LogRecord> firstOnTarget = first(scan.read(target, target.logStartOffset(), 1));
    if (firstOnTarget.isEmpty()) {
      return new Outcome(target.endOffset(), TranslationMethod.EMPTY_PARTITION,
          sourceState + ", nor does the target: target end " + target.endOffset());
    }
    if (source.endOffset() == 0) {
      return new Outcome(target.logStartOffset(), TranslationMethod.EMPTY_PARTITION,
          sourceState + " and never held one: every target record was produced on the target, the group reads"
              + " them from target log start " + target.logStartOffset());
    }
    return new Outcome(target.endOffset(), TranslationMethod.EMPTY_PARTITION,
        sourceState + ": its records were removed or aborted; the target records from " + firstOnTarget.get().offset()
            + " are their copies, so the group resumes at target end " + target.endOffset());
  }

  /** The last readable record below {@code resumeAt}, searching backwards in growing windows. */
  private Optional<LogRecord> lastRecordBefore(PartitionLog source, long resumeAt, long logStart, Scan scan) {
    long window = 1;
    while (resumeAt > logStart) {
      long from = Math.max(logStart, resumeAt - window);
      LogRecord last = null;
      long offset = from;
      while (offset < resumeAt) {
        List<LogRecord> chunk = scan.read(source, offset, (int) Math.min(CHUNK, resumeAt - offset));
        if (chunk.isEmpty()) {
          break;
        }
        for (LogRecord record : chunk) {
          if (record.offset() < resumeAt) {
            last = record;
          }
        }
        offset = chunk.get(chunk.size() - 1).offset() + 1;
      }
      if (last != null) {
        return Optional.of(last);
      }
      if (from == logStart) {
        return Optional.empty();
      }
      window *= BACKWARD_WINDOW_GROWTH;
    }
    return Optional.empty();
  }

  /** Which occurrence (1-based) of identical records with the same timestamp {@code record} is on the source. */
  private long occurrenceInMillisecond(PartitionLog log, LogRecord record, Scan scan) {
    OptionalLong start = log.offsetForTimestamp(record.timestamp());
    if (start.isEmpty() || start.getAsLong() >= record.offset()) {
      return 1;
    }
    long occurrence = 0;
    long offset = start.getAsLong();
    while (offset <= record.offset()) {
      List<LogRecord> chunk = scan.read(log, offset, (int) Math.min(CHUNK, record.offset() - offset + 1));
      if (chunk.isEmpty()) {
        break;
      }
      for (LogRecord candidate : chunk) {
        if (candidate.offset() <= record.offset() && candidate.sameContentAs(record)) {
          occurrence++;
        }
      }
      offset = chunk.get(chunk.size() - 1).offset() + 1;
    }
    return Math.max(1, occurrence);
  }

  /**
   * The {@code occurrence}-th target record with the same timestamp and content as {@code record},
   * scanning from {@code startOffset} (or from the record's timestamp), waiting for replication at
   * the target's end.
   */
  private Match findOnTarget(PartitionLog target, LogRecord record, long occurrence, OptionalLong startOffset,
      ReplicationWait wait, Scan scan) {
    String missing = "copy of source record " + record.describe() + " in " + scan.partition;
    OptionalLong offset = startOffset;
    long seen = 0;
    long passed = 0;
    int chunkSize = FIRST_TARGET_CHUNK;
    while (true) {
      if (offset.isEmpty()) {
        offset = target.offsetForTimestamp(record.timestamp());
        if (offset.isEmpty()) {
          awaitReplication(wait, missing, target);
          continue;
        }
      }
      List<LogRecord> chunk = scan.read(target, offset.getAsLong(), chunkSize);
      chunkSize = Math.min(CHUNK, chunkSize * 4);
      if (chunk.isEmpty()) {
        awaitReplication(wait, missing, target);
        continue;
      }
      for (int i = 0; i < chunk.size(); i++) {
        LogRecord candidate = chunk.get(i);
        if (candidate.sameContentAs(record) && ++seen == occurrence) {
          return new Match(candidate, passed, i + 1 < chunk.size() ? Optional.of(chunk.get(i + 1)) : Optional.empty());
        }
        passed++;
      }
      offset = OptionalLong.of(chunk.get(chunk.size() - 1).offset() + 1);
    }
  }

  private static void awaitReplication(ReplicationWait wait, String missing, PartitionLog target) {
    if (!wait.awaitMore(missing)) {
      throw new TranslationException(OffsetFailureType.NOT_REPLICATED_WITHIN_BOUND,
          missing + " not found up to target end " + target.endOffset() + " within the wait bound: MirrorMaker has not"
              + " copied it yet, or the target topic was not written by MirrorMaker with the source's timestamps"
              + " (e.g. message.timestamp.type=LogAppendTime, or a transform changed the records)");
    }
  }

  private static String occurrenceNote(long occurrence) {
    return occurrence > 1 ? " (occurrence " + occurrence + " of identical records in that millisecond)" : "";
  }

  private static Optional<LogRecord> first(List<LogRecord> records) {
    return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
  }
}
