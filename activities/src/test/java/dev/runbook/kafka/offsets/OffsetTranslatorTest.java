package dev.runbook.kafka.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
