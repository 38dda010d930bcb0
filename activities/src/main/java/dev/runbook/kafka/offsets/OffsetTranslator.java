package dev.runbook.kafka.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds, for one partition, the target offset at which a consumer group resumes exactly after the
 * last record it processed on the source. Pure logic over {@link PartitionLog}s.
 *
 * <p>The anchor is the last consumed record: the last readable source record below the committed
 * offset (transaction markers, aborted records and compacted-away records leave gaps, so it may
 * lie several offsets lower). Its copy on the target is found by timestamp ({@code
 * offsetForTimestamp}) and then by content digest, scanning forward; the result is the copy's
 * offset + 1. When several identical records share the millisecond on the source, the anchor is
 * the n-th of them, counted the same way on both sides.
 *
 * <p>Aborted transactions: the source is read as the group reads it, and the target as the
 * replicator wrote it. Where aborted records lie between the anchor and the next record, the
 * group's isolation is the one given, or inferred (a committed offset directly after an aborted
 * record is one only a read_uncommitted consumer stops at), or read_committed; whether the
 * replicator read uncommitted shows on the target: the copy of the anchor is followed by copies of
 * the aborted records. Only a read_uncommitted group over such a target is translated over the
 * read_uncommitted view of the source; otherwise copies of aborted records are skipped.
 *
 * <p>The result is then proven forward: the first target record at the result must be the copy of
 * the next source record. When it is not, the records between are copies of records the source
 * no longer shows at or after the committed offset (compacted away after replication, copies of
 * aborted records, or a second copy the replicator wrote when it retried a batch); the result
 * moves to the next record's copy, so the group reprocesses nothing. A target record between the
 * copies that is no copy of any source record was written on the target itself: the two clusters
 * order the partition differently and the translation is refused. When the target holds more
 * records after the result than the source after the next record, the target is followed further
 * in step with the source: a replicator restart that re-sent a block holding the anchor moves the
 * result after the anchor's later copy, from which the target continues as the source does.
 *
 * <p>Corner cases have their own {@link TranslationMethod}: nothing consumed, committed below log
 * start (retention), committed at the end, empty partition. A record missing on the target is
 * waited for as long as the {@link ReplicationWait} allows; every partition has a bound on the
 * records read.
 */
public final class OffsetTranslator {

  private static final int CHUNK = 500;
  /** The copy is usually among the first records at its timestamp: start small, grow while scanning. */
  static final int FIRST_TARGET_CHUNK = 16;
  private static final int BACKWARD_WINDOW_GROWTH = 8;
  /** Records at one timestamp searched on the source for the original of a target record. */
  private static final int ORIGINAL_SEARCH = 64;

  private final long maxRecordsScanned;

  public OffsetTranslator(long maxRecordsScanned) {
    if (maxRecordsScanned <= 0) {
      throw new IllegalArgumentException("maxRecordsScanned must be positive");
    }
    this.maxRecordsScanned = maxRecordsScanned;
  }

  /**
   * The group's isolation for a translation and how it was settled, in words for the evidence.
   * {@link #infer()} lets each partition's offsets decide.
   */
  public record GroupIsolationChoice(GroupIsolation level, String basis) {

    public static GroupIsolationChoice given(GroupIsolation level) {
      return new GroupIsolationChoice(level, "given");
    }

    public static GroupIsolationChoice infer() {
      return new GroupIsolationChoice(null, null);
    }
  }

  /**
   * One partition's translation, and whether its own offsets showed the group reads uncommitted
   * ({@code inferredUncommitted}) or the choice was a guess that mattered ({@code assumed}).
   */
  public record Translated(PartitionTranslation translation, boolean inferredUncommitted, boolean assumed) {}

  private record Outcome(long targetOffset, TranslationMethod method, String evidence) {}

  /** A copy found on the target; {@code following} is the readable record after it, when the same read returned it. */
  private record Match(LogRecord copy, long recordsBefore, Optional<LogRecord> following) {}

  /** Where a group committed at {@code resumeAt} stands in one view of the source. */
  private record Position(long committed, long resumeAt, Optional<LogRecord> consumed, Optional<LogRecord> next) {}

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

  /** A read_committed translation, as for a group that reads committed data only. */
  public PartitionTranslation translate(
      String topic, int partition, long committed, PartitionLog source, PartitionLog target, ReplicationWait wait) {
    return translate(topic, partition, committed, source, target,
        GroupIsolationChoice.given(GroupIsolation.READ_COMMITTED), wait).translation();
  }

  /**
   * Translates {@code committed}, the group's committed offset on the source partition.
   *
   * @param source the source partition's read_committed view (its {@link PartitionLog#uncommittedView()} is
   *     read where aborted records lie at the group's position)
   * @throws TranslationException when the anchor record does not reach the target in time
   *     ({@link OffsetFailureType#NOT_REPLICATED_WITHIN_BOUND}), the scan bound is exceeded, or the
   *     target holds records of its own between the copies ({@link OffsetFailureType#INTERLEAVED_WRITES})
   */
  public Translated translate(String topic, int partition, long committed, PartitionLog source, PartitionLog target,
      GroupIsolationChoice isolation, ReplicationWait wait) {
    Scan scan = new Scan(topic + "-" + partition);
    Position committedView = position(source, committed, scan);
    List<LogRecord> aborted = abortedAround(source, committedView, scan);
    if (aborted.isEmpty()) {
      Outcome outcome = translateIn(source, committedView, List.of(), target, wait, scan);
      return new Translated(result(topic, partition, committed, outcome, "", scan, GroupIsolation.READ_COMMITTED),
          false, false);
    }
    boolean inferred = isolation.level() == null && committedView.resumeAt() > source.logStartOffset()
        && aborted.stream().anyMatch(r -> r.offset() == committedView.resumeAt() - 1);
    GroupIsolationChoice group = isolation.level() != null ? isolation
        : inferred ? new GroupIsolationChoice(GroupIsolation.READ_UNCOMMITTED, "inferred: committed offset " + committed
            + " directly follows aborted record @" + (committed - 1) + ", where only a read_uncommitted consumer stops")
        : new GroupIsolationChoice(GroupIsolation.READ_COMMITTED, "assumed: the offsets cannot tell;"
            + " give the group's isolation if it reads uncommitted");
    boolean copied = replicatorCopiedAborted(target, committedView, aborted, source, wait, scan);
    StringBuilder note = new StringBuilder("group reads ").append(group.level().configValue()).append(" (")
        .append(group.basis()).append("); source ").append(describeRange(aborted)).append(copied
            ? " are aborted records the replicator copied (it reads uncommitted)"
            : " are aborted records the replicator did not copy (it reads committed)");
    if (group.level() == GroupIsolation.READ_UNCOMMITTED && copied) {
      PartitionLog all = source.uncommittedView();
      Outcome outcome = translateIn(all, position(all, committed, scan), List.of(), target, wait, scan);
      note.append(": the source is read uncommitted, as the group read it; ");
      return new Translated(result(topic, partition, committed, outcome, note.toString(), scan,
          GroupIsolation.READ_UNCOMMITTED), inferred, false);
    }
    note.append(group.level() == GroupIsolation.READ_UNCOMMITTED
        ? ": the group resumes at the copy of the next committed record; "
        : copied ? ": their copies on the target are skipped; " : "; ");
    Outcome outcome = translateIn(source, committedView, copied ? aborted : List.of(), target, wait, scan);
    boolean assumed = isolation.level() == null && !inferred && copied;
    return new Translated(result(topic, partition, committed, outcome, note.toString(), scan,
        GroupIsolation.READ_COMMITTED), inferred, assumed);
  }

  private static PartitionTranslation result(String topic, int partition, long committed, Outcome outcome,
      String isolationNote, Scan scan, GroupIsolation view) {
    return new PartitionTranslation(topic, partition, committed, outcome.targetOffset(), outcome.method(),
        isolationNote + outcome.evidence(), scan.used, 0L, view);
  }

  private Position position(PartitionLog source, long committed, Scan scan) {
    long sourceStart = source.logStartOffset();
    long resumeAt = Math.max(committed, sourceStart);
    if (committed <= sourceStart) {
      return new Position(committed, resumeAt, Optional.empty(), first(scan.read(source, resumeAt, 1)));
    }
    // One read usually yields both the last consumed record (at committed - 1) and the next one.
    List<LogRecord> around = scan.read(source, resumeAt - 1, 2);
    if (!around.isEmpty() && around.get(0).offset() < resumeAt) {
      return new Position(committed, resumeAt, Optional.of(around.get(0)),
          around.size() > 1 ? Optional.of(around.get(1)) : Optional.empty());
    }
    return new Position(committed, resumeAt, lastRecordBefore(source, resumeAt - 1, sourceStart, scan), first(around));
  }

  /**
   * The aborted records in the gap around the group's position: between the last consumed and the
   * next committed record, which only the read_uncommitted view shows. No gap, no read.
   */
  private List<LogRecord> abortedAround(PartitionLog source, Position at, Scan scan) {
    long from = at.consumed().map(r -> r.offset() + 1).orElse(source.logStartOffset());
    long to = at.next().isPresent() ? at.next().get().offset() : Math.max(from, source.knownEndOffset());
    if (to <= from) {
      return List.of();
    }
    List<LogRecord> aborted = new ArrayList<>();
    long offset = from;
    PartitionLog all = source.uncommittedView();
    while (offset < to) {
      List<LogRecord> chunk = scan.read(all, offset, (int) Math.min(CHUNK, to - offset));
      chunk.stream().filter(r -> r.offset() < to).forEach(aborted::add);
      if (chunk.isEmpty() || chunk.get(chunk.size() - 1).offset() + 1 >= to) {
        break;
      }
      offset = chunk.get(chunk.size() - 1).offset() + 1;
    }
    return aborted;
  }

  /** Whether the target holds copies of the aborted records, where the copy of a committed neighbour shows it. */
  private boolean replicatorCopiedAborted(PartitionLog target, Position at, List<LogRecord> aborted, PartitionLog source,
      ReplicationWait wait, Scan scan) {
    if (at.consumed().isPresent()) {
      LogRecord consumed = at.consumed().get();
      Match copy = findOnTarget(target, consumed, occurrenceInMillisecond(source, consumed, scan), OptionalLong.empty(),
          wait, scan);
      Optional<LogRecord> after = copy.following().isPresent()
          ? copy.following() : first(scan.read(target, copy.copy().offset() + 1, 1));
      return after.isPresent() && after.get().sameContentAs(aborted.get(0));
    }
    if (at.next().isPresent()) {
      LogRecord next = at.next().get();
      long copy = findOnTarget(target, next, occurrenceInMillisecond(source, next, scan), OptionalLong.empty(), wait, scan)
          .copy().offset();
      Optional<LogRecord> before = copy > target.logStartOffset() ? first(scan.read(target, copy - 1, 1)) : Optional.empty();
      return before.isPresent() && before.get().offset() == copy - 1
          && before.get().sameContentAs(aborted.get(aborted.size() - 1));
    }
    OptionalLong near = target.offsetForTimestamp(aborted.get(0).timestamp());
    return near.isPresent()
        && scan.read(target, near.getAsLong(), ORIGINAL_SEARCH).stream().anyMatch(r -> r.sameContentAs(aborted.get(0)));
  }

  /**
   * Where the first copy of the records before {@code offset} ends on the target: the anchor match
   * alone, without following both logs in step after it (re-sent blocks, records of the target's own),
   * which a group's translation needs and which costs a look-up per record the target lacks. What
   * replication progress asks ("is the source's last record on the target yet?") in a few reads,
   * however far behind the target is.
   */
  public long firstCopyEnd(String topic, int partition, long offset, PartitionLog source, PartitionLog target,
      ReplicationWait wait) {
    Scan scan = new Scan(topic + "-" + partition);
    return anchorIn(source, position(source, offset, scan), List.of(), target, wait, scan).targetOffset();
  }

  /** The translation in one view of the source; {@code abortedCopies} are aborted records whose copies the target holds. */
  private Outcome translateIn(PartitionLog view, Position at, List<LogRecord> abortedCopies, PartitionLog target,
      ReplicationWait wait, Scan scan) {
    Outcome outcome = anchorIn(view, at, abortedCopies, target, wait, scan);
    return at.consumed().isEmpty() && at.next().isEmpty() ? outcome : followInStep(outcome, at, view, abortedCopies, target, scan);
  }

  /** The offset after the anchor record's copy (the last consumed record's, else the first unconsumed one's). */
  private Outcome anchorIn(PartitionLog view, Position at, List<LogRecord> abortedCopies, PartitionLog target,
      ReplicationWait wait, Scan scan) {
    if (at.consumed().isPresent()) {
      return afterConsumed(at.consumed().get(), at.next(), at.resumeAt(), view, abortedCopies, target, wait, scan);
    }
    if (at.next().isPresent()) {
      return atFirstUnconsumed(at.next().get(), at.committed(), view, target, wait, scan);
    }
    return emptySource(view, target, scan);
  }

  private Outcome afterConsumed(LogRecord consumed, Optional<LogRecord> next, long resumeAt, PartitionLog source,
      List<LogRecord> abortedCopies, PartitionLog target, ReplicationWait wait, Scan scan) {
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
      long copiesOfAborted = copiesInOrder(target, candidate, abortedCopies, scan);
      if (copiesOfAborted > 0) {
        candidate += copiesOfAborted;
        evidence.append("; skipped the ").append(copiesOfAborted).append(" copies of aborted records after it");
        atCandidate = first(scan.read(target, candidate, 1));
      }
      evidence.append(atCandidate.isEmpty()
          ? ", nor has the target after the copy (target end " + target.knownEndOffset() + ")"
          : "; the target holds records from " + atCandidate.get().offset() + " on");
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
        .append(" that no source record at or after the committed offset accounts for (")
        .append(explainSkipped(candidate, nextCopy.copy(), consumed, source, abortedCopies, target, scan))
        .append("); next source record ").append(following.describe())
        .append(" is target ").append(nextCopy.copy().describe());
    return new Outcome(nextCopy.copy().offset(), method, evidence.toString());
  }

  /** How many target records from {@code from} are, in order, copies of {@code records}. */
  private long copiesInOrder(PartitionLog target, long from, List<LogRecord> records, Scan scan) {
    if (records.isEmpty()) {
      return 0;
    }
    List<LogRecord> onTarget = scan.read(target, from, records.size());
    int matched = 0;
    while (matched < onTarget.size() && onTarget.get(matched).offset() == from + matched
        && onTarget.get(matched).sameContentAs(records.get(matched))) {
      matched++;
    }
    return matched;
  }

  /**
   * What the target records in [{@code from}, {@code nextCopy}) are: copies of aborted records,
   * copies of earlier source records (written twice), or, on a source without compaction, records
   * no source record accounts for, which only a writer on the target explains: then the
   * translation is refused.
   */
  private String explainSkipped(long from, LogRecord nextCopy, LogRecord consumed, PartitionLog source,
      List<LogRecord> abortedCopies, PartitionLog target, Scan scan) {
    if (source.compacted()) {
      return "copies of records compacted away on the source, or copies written twice";
    }
    long offset = from;
    long aborted = 0;
    long twice = 0;
    while (offset < nextCopy.offset()) {
      List<LogRecord> chunk = scan.read(target, offset, (int) Math.min(CHUNK, nextCopy.offset() - offset));
      for (LogRecord skipped : chunk) {
        if (skipped.offset() >= nextCopy.offset()) {
          break;
        }
        if (abortedCopies.stream().anyMatch(skipped::sameContentAs)) {
          aborted++;
        } else if (original(source.uncommittedView(), skipped, scan).isPresent()) {
          twice++;
        } else {
          throw interleaved(scan.partition, skipped, "between the copy of the last consumed record "
              + consumed.describe() + " and the copy of the next one at target @" + nextCopy.offset());
        }
      }
      offset = chunk.get(chunk.size() - 1).offset() + 1;
    }
    return (aborted > 0 ? aborted + " copies of aborted records" : "")
        + (aborted > 0 && twice > 0 ? ", " : "") + (twice > 0 ? twice + " copies written twice by the replicator" : "");
  }

  private static TranslationException interleaved(String partition, LogRecord foreign, String where) {
    return new TranslationException(OffsetFailureType.INTERLEAVED_WRITES, partition + ": target record "
        + foreign.describe() + " " + where + " is no copy of any source record: something writes to this partition on"
        + " the target while the replicator copies into it, so the two clusters order its records differently and no"
        + " target offset resumes the group exactly; stop the writers on the target, or move the group with its"
        + " producers once the source is quiet; nothing was committed");
  }

  /** The source record {@code copy} is a copy of, searched among the records at its timestamp. */
  private Optional<LogRecord> original(PartitionLog source, LogRecord copy, Scan scan) {
    OptionalLong at = source.offsetForTimestamp(copy.timestamp());
    if (at.isEmpty()) {
      return Optional.empty();
    }
    return scan.read(source, at.getAsLong(), ORIGINAL_SEARCH).stream()
        .filter(r -> r.sameContentAs(copy)).findFirst();
  }

  /**
   * When the target holds more records after the result than the source could account for after
   * the next record, follows both in step from there: a block re-sent by the replicator that holds
   * the last consumed record moves the result after that record's later copy; a record of the
   * target's own followed by more copies is refused as interleaved.
   */
  private Outcome followInStep(Outcome outcome, Position at, PartitionLog source, List<LogRecord> abortedCopies,
      PartitionLog target, Scan scan) {
    long sourceAfter = at.next().map(n -> source.knownEndOffset() - n.offset()).orElse(0L);
    if (target.knownEndOffset() - outcome.targetOffset() <= sourceAfter || source.compacted()) {
      return outcome;
    }
    long result = outcome.targetOffset();
    StringBuilder evidence = new StringBuilder(outcome.evidence());
    Optional<LogRecord> expected = at.next();
    LogRecord foreign = null;
    long offset = result;
    while (true) {
      List<LogRecord> chunk = scan.read(target, offset, CHUNK);
      if (chunk.isEmpty()) {
        break;
      }
      LogRecord restartAt = null;
      for (LogRecord onTarget : chunk) {
        offset = onTarget.offset() + 1;
        if (expected.isPresent() && onTarget.sameContentAs(expected.get())) {
          if (foreign != null) {
            throw interleaved(scan.partition, foreign, "after the group's position, before the copy of source record "
                + expected.get().describe() + " at target " + onTarget.describe());
          }
          expected = first(scan.read(source, expected.get().offset() + 1, 1));
          continue;
        }
        if (abortedCopies.stream().anyMatch(onTarget::sameContentAs)) {
          continue;
        }
        Optional<LogRecord> original = original(source.uncommittedView(), onTarget, scan);
        if (original.isEmpty()) {
          foreign = foreign == null ? onTarget : foreign;
          continue;
        }
        if (at.consumed().isPresent() && original.get().offset() <= at.consumed().get().offset()) {
          restartAt = onTarget;
          evidence.append("; target ").append(onTarget.describe()).append(" re-sends source ")
              .append(original.get().describe()).append(" (a replicator restart copied a block again)");
          break;
        }
        if (expected.isEmpty() || original.get().offset() >= expected.get().offset()) {
          return new Outcome(result, outcome.method(), evidence.toString());
        }
        evidence.append("; target ").append(onTarget.describe()).append(" re-sends source ")
            .append(original.get().describe()).append(", after the group's position: it will read that block twice");
        expected = first(scan.read(source, original.get().offset() + 1, 1));
      }
      if (restartAt != null) {
        LogRecord consumed = at.consumed().get();
        Match again = findOnTarget(target, consumed, 1, OptionalLong.of(restartAt.offset()), ReplicationWait.NONE, scan);
        evidence.append(": the group resumes after its later copy of the last consumed record, target ")
            .append(again.copy().describe()).append(", after which the target continues as the source does")
            .append(" (after the first copy it would read ").append(again.copy().offset() + 1 - result)
            .append(" record(s) again)");
        result = again.copy().offset() + 1;
        offset = result;
        expected = at.next();
        foreign = null;
      }
    }
    if (foreign != null) {
      evidence.append("; target records from ").append(foreign.offset())
          .append(" are no copies of source records (written on the target): the group will read them");
    }
    return new Outcome(result, outcome.method(), evidence.toString());
  }

  private Outcome atFirstUnconsumed(LogRecord next, long committed, PartitionLog source, PartitionLog target,
      ReplicationWait wait, Scan scan) {
    long occurrence = occurrenceInMillisecond(source, next, scan);
    Match match = findOnTarget(target, next, occurrence, OptionalLong.empty(), wait, scan);
    String copy = "first record the group reads, " + next.describe() + ", is target " + match.copy().describe()
        + occurrenceNote(occurrence);
    long sourceStart = source.logStartOffset();
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

  private static String describeRange(List<LogRecord> records) {
    return records.size() == 1
        ? "record @" + records.get(0).offset()
        : records.size() + " records @" + records.get(0).offset() + "..@" + records.get(records.size() - 1).offset();
  }

  private static String occurrenceNote(long occurrence) {
    return occurrence > 1 ? " (occurrence " + occurrence + " of identical records in that millisecond)" : "";
  }

  private static Optional<LogRecord> first(List<LogRecord> records) {
    return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
  }
}
