package dev.runbook.kafka.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.offsets.OffsetTranslator.GroupIsolationChoice;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OffsetTranslatorTest {

  private static final long T0 = 1_700_000_000_000L;

  private final OffsetTranslator translator = new OffsetTranslator(10_000);
  private final InMemoryPartitionLog source = new InMemoryPartitionLog();
  private final InMemoryPartitionLog target = new InMemoryPartitionLog();

  private PartitionTranslation translate(long committed) {
    return translator.translate("orders", 0, committed, source, target, ReplicationWait.NONE);
  }

  /** Target offsets start later than the source's, as when the target topic held earlier data. */
  private void shiftTargetBy(int records) {
    for (int i = 0; i < records; i++) {
      target.append(T0 - 1_000_000 + i, "old-" + i, "old");
    }
  }

  private void produce(int count) {
    for (int i = 0; i < count; i++) {
      source.append(T0 + source.endOffset(), "k" + source.endOffset(), "v" + source.endOffset());
    }
  }

  @Test
  void resumesJustAfterTheCopyOfTheLastConsumedRecord() {
    shiftTargetBy(100);
    produce(50);
    source.replicateTo(target, 0);

    PartitionTranslation result = translate(20);

    assertEquals(120, result.targetOffset());
    assertEquals(TranslationMethod.EXACT_MATCH, result.method());
    assertTrue(result.evidence().contains("@19"), result.evidence());
  }

  @Test
  void tellsApartIdenticalRecordsWithinOneMillisecond() {
    source.append(T0, "a", "1");
    for (int i = 0; i < 5; i++) {
      source.append(T0, "same", "same");
    }
    source.append(T0, "b", "2");
    shiftTargetBy(10);
    source.replicateTo(target, 0);

    PartitionTranslation afterThirdIdentical = translate(4);

    assertEquals(14, afterThirdIdentical.targetOffset());
    assertTrue(afterThirdIdentical.evidence().contains("occurrence 3"), afterThirdIdentical.evidence());
  }

  @Test
  void skipsASecondCopyMirrorMakerWroteWhenItRetried() {
    produce(10);
    for (long offset = 0; offset < 10; offset++) {
      target.append(source.at(offset));
      if (offset == 4) {
        target.append(source.at(offset));
      }
    }

    PartitionTranslation result = translate(5);

    assertEquals(6, result.targetOffset(), "after both copies of source @4, at the copy of @5");
    assertTrue(result.evidence().contains("skipped 1"), result.evidence());
  }

  @Test
  void anchorsOnTheNearestSurvivorWhenCompactionRemovedTheLastConsumedRecord() {
    InMemoryPartitionLog compactedSource = new InMemoryPartitionLog(true);
    for (int i = 0; i < 10; i++) {
      compactedSource.append(T0 + i, "k" + i, "v" + i);
    }
    compactedSource.replicateTo(target, 0);
    compactedSource.compactAway(5);
    compactedSource.compactAway(6);

    PartitionTranslation result = translator.translate("orders", 0, 7, compactedSource, target, ReplicationWait.NONE);

    assertEquals(7, result.targetOffset(), "target still holds copies of @5 and @6, which the group consumed");
    assertEquals(TranslationMethod.COMPACTED_NEAREST_EARLIER, result.method());
    assertTrue(result.evidence().contains("skipped 2"), result.evidence());
  }

  @Test
  void stepsOverTransactionMarkersAndAbortedRecords() {
    produce(5);
    source.appendInvisible(1);
    source.appendInvisible(4);
    long firstAfterAbort = source.append(T0 + 100, "k-after", "v-after");
    source.appendInvisible(1);
    source.replicateTo(target, 0);

    PartitionTranslation committedAfterAbortedTransaction = translate(firstAfterAbort);
    PartitionTranslation committedAtEnd = translate(source.endOffset());

    assertEquals(5, committedAfterAbortedTransaction.targetOffset());
    assertEquals(TranslationMethod.TRANSACTION_GAP, committedAfterAbortedTransaction.method());
    assertEquals(6, committedAtEnd.targetOffset());
    assertEquals(TranslationMethod.LOG_END, committedAtEnd.method());
  }

  @Test
  void committedAtTheEndResumesAfterTheLastCopy() {
    produce(30);
    shiftTargetBy(7);
    source.replicateTo(target, 0);

    PartitionTranslation result = translate(30);

    assertEquals(37, result.targetOffset());
    assertEquals(TranslationMethod.LOG_END, result.method());
  }

  @Test
  void committedZeroStartsAtTheCopyOfTheFirstRecord() {
    shiftTargetBy(3);
    produce(10);
    source.replicateTo(target, 0);

    PartitionTranslation result = translate(0);

    assertEquals(3, result.targetOffset());
    assertEquals(TranslationMethod.NOTHING_CONSUMED, result.method());
  }

  @Test
  void committedBelowLogStartResumesAtTheCopyOfTheFirstSurvivingRecord() {
    produce(100);
    source.replicateTo(target, 0);
    source.deleteBefore(60);

    PartitionTranslation result = translate(20);

    assertEquals(60, result.targetOffset());
    assertEquals(TranslationMethod.BEFORE_LOG_START, result.method());
  }

  @Test
  void emptyPartitionResumesAtTheTargetEnd() {
    source.appendInvisible(3);
    target.appendInvisible(2);

    PartitionTranslation result = translate(3);

    assertEquals(2, result.targetOffset());
    assertEquals(TranslationMethod.EMPTY_PARTITION, result.method());
  }

  @Test
  void neverWrittenSourcePartitionLeavesRecordsProducedOnTheTargetToBeRead() {
    target.append(T0, "new", "on-target");

    PartitionTranslation result = translate(0);

    assertEquals(0, result.targetOffset());
    assertEquals(TranslationMethod.EMPTY_PARTITION, result.method());
  }

  @Test
  void waitsForTheLastConsumedRecordToBeReplicated() {
    produce(10);
    source.replicateTo(target, 0);
    source.append(T0 + 50, "late", "late");
    AtomicInteger waits = new AtomicInteger();
    ReplicationWait replicateOnSecondWait = missing -> {
      if (waits.incrementAndGet() == 2) {
        source.replicateTo(target, 10);
      }
      return true;
    };

    PartitionTranslation result = translator.translate("orders", 0, 11, source, target, replicateOnSecondWait);

    assertEquals(11, result.targetOffset());
    assertEquals(2, waits.get());
  }

  @Test
  void failsClearlyWhenTheRecordDoesNotArriveWithinTheBound() {
    produce(10);
    source.replicateTo(target, 0);
    source.append(T0 + 50, "late", "late");

    TranslationException failure = assertThrows(TranslationException.class, () -> translate(11));

    assertEquals(OffsetFailureType.NOT_REPLICATED_WITHIN_BOUND, failure.type());
    assertTrue(failure.getMessage().contains("@10"), failure.getMessage());
  }

  @Test
  void stopsScanningPastTheBound() {
    for (int i = 0; i < 2_000; i++) {
      source.append(T0, "burst-" + i, "v");
    }
    source.replicateTo(target, 0);
    OffsetTranslator stingy = new OffsetTranslator(1_000);

    TranslationException failure = assertThrows(TranslationException.class,
        () -> stingy.translate("orders", 0, 1_900, source, target, ReplicationWait.NONE));

    assertEquals(OffsetFailureType.SCAN_LIMIT_EXCEEDED, failure.type());
  }

  private OffsetTranslator.Translated translate(long committed, GroupIsolationChoice isolation) {
    return translator.translate("orders", 0, committed, source, target, isolation, ReplicationWait.NONE);
  }

  /** Source: 5 committed records, an aborted transaction of 4 and its marker, 5 committed records, each with a marker. */
  private void produceWithAbortedTransactionAt5() {
    produce(5);
    source.appendInvisible(1);
    for (int i = 0; i < 4; i++) {
      source.appendAborted(T0 + 5 + i, "aborted-" + i, "aborted");
    }
    source.appendInvisible(1);
    for (int i = 0; i < 5; i++) {
      source.append(T0 + 20 + i, "after-" + i, "after");
    }
    source.appendInvisible(1);
  }

  @Test
  void readCommittedGroupSkipsTheCopiesOfAbortedRecordsAReadUncommittedReplicatorMade() {
    shiftTargetBy(3);
    produceWithAbortedTransactionAt5();
    source.replicateUncommittedTo(target, 0);

    PartitionTranslation beforeAborted = translate(5);
    PartitionTranslation afterAborted = translate(11);

    assertEquals(3 + 9, beforeAborted.targetOffset(), "the copy of the first record after the aborted ones");
    assertEquals(3 + 9, afterAborted.targetOffset());
    assertEquals(GroupIsolation.READ_COMMITTED, afterAborted.sourceView());
    assertTrue(afterAborted.evidence().contains("the replicator copied (it reads uncommitted)"), afterAborted.evidence());
    assertTrue(afterAborted.evidence().contains("4 copies of aborted records"), afterAborted.evidence());
  }

  @Test
  void partitionEndingInAnAbortedTransactionTranslatesToTheTargetEndForAReadCommittedGroup() {
    shiftTargetBy(3);
    produce(5);
    source.appendInvisible(1);
    for (int i = 0; i < 4; i++) {
      source.appendAborted(T0 + 5 + i, "aborted-" + i, "aborted");
    }
    source.appendInvisible(1);
    source.replicateUncommittedTo(target, 0);

    PartitionTranslation atEnd = translate(source.endOffset());

    assertEquals(3 + 9, atEnd.targetOffset(), "after the copies of the aborted records, at the target end");
    assertEquals(target.endOffset(), atEnd.targetOffset());
    assertEquals(TranslationMethod.LOG_END, atEnd.method());
  }

  @Test
  void readUncommittedGroupInsideAnAbortedTransactionResumesAtTheCopyOfTheNextAbortedRecord() {
    shiftTargetBy(3);
    produceWithAbortedTransactionAt5();
    source.replicateUncommittedTo(target, 0);

    OffsetTranslator.Translated given = translate(8, GroupIsolationChoice.given(GroupIsolation.READ_UNCOMMITTED));

    assertEquals(3 + 7, given.translation().targetOffset(), "read_uncommitted, the group read aborted @6 and @7");
    assertEquals(GroupIsolation.READ_UNCOMMITTED, given.translation().sourceView());
    assertTrue(given.translation().evidence().contains("group reads read_uncommitted (given)"),
        given.translation().evidence());
  }

  @Test
  void infersReadUncommittedFromACommittedOffsetDirectlyAfterAnAbortedRecord() {
    shiftTargetBy(3);
    produceWithAbortedTransactionAt5();
    source.replicateUncommittedTo(target, 0);

    OffsetTranslator.Translated inside = translate(8, GroupIsolationChoice.infer());
    OffsetTranslator.Translated beforeAborted = translate(5, GroupIsolationChoice.infer());

    assertEquals(3 + 7, inside.translation().targetOffset());
    assertTrue(inside.inferredUncommitted());
    assertTrue(inside.translation().evidence().contains("inferred: committed offset 8 directly follows aborted record @7"),
        inside.translation().evidence());
    assertEquals(3 + 9, beforeAborted.translation().targetOffset(), "cannot tell: read_committed");
    assertTrue(beforeAborted.assumed());
  }

  @Test
  void readUncommittedGroupOverAReadCommittedReplicatorResumesAtTheNextCommittedRecord() {
    shiftTargetBy(3);
    produceWithAbortedTransactionAt5();
    source.replicateTo(target, 0);

    OffsetTranslator.Translated inside = translate(8, GroupIsolationChoice.given(GroupIsolation.READ_UNCOMMITTED));

    assertEquals(3 + 5, inside.translation().targetOffset(), "aborted records are not on the target");
    assertEquals(GroupIsolation.READ_COMMITTED, inside.translation().sourceView());
    assertTrue(inside.translation().evidence().contains("did not copy"), inside.translation().evidence());
  }

  @Test
  void choosesTheCopyAfterWhichTheTargetContinuesAsTheSourceWhenTheReplicatorReSentABlock() {
    produce(15);
    for (long offset = 0; offset < 10; offset++) {
      target.append(source.at(offset));
    }
    source.replicateTo(target, 5);

    PartitionTranslation result = translate(8);

    assertEquals(13, result.targetOffset(), "after the second copy of @7, at target 12: b8 b9 b10 follow as on the source");
    assertTrue(result.evidence().contains("re-sends source @5"), result.evidence());
  }

  @Test
  void refusesARecordWrittenOnTheTargetBetweenTheCopies() {
    produce(10);
    for (long offset = 0; offset < 10; offset++) {
      target.append(source.at(offset));
      if (offset == 4) {
        target.append(T0 + 4, "written-on-target", "elsewhere");
      }
    }

    TranslationException failure = assertThrows(TranslationException.class, () -> translate(5));

    assertEquals(OffsetFailureType.INTERLEAVED_WRITES, failure.type());
    assertTrue(failure.getMessage().startsWith("orders-0: target record @5"), failure.getMessage());
  }

  @Test
  void refusesARecordWrittenOnTheTargetAmongTheCopiesAfterThePosition() {
    produce(10);
    for (long offset = 0; offset < 10; offset++) {
      target.append(source.at(offset));
      if (offset == 6) {
        target.append(T0 + 6, "written-on-target", "elsewhere");
      }
    }

    TranslationException failure = assertThrows(TranslationException.class, () -> translate(5));

    assertEquals(OffsetFailureType.INTERLEAVED_WRITES, failure.type());
    assertTrue(failure.getMessage().contains("target record @7"), failure.getMessage());
  }
}
