package dev.runbook.kafka.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runbook.kafka.offsets.LogRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyBackComparisonTest {

  private static LogRecord record(long offset, int content) {
    return new LogRecord(offset, 1_000 + content, new byte[] {(byte) content, 0, 0, 0});
  }

  @Test
  void everyRecordWrittenOnTheTargetCopiedInOrderIsComplete() {
    var comparison = CopyBackComparison.of(List.of(record(10, 1), record(12, 2)), List.of(record(50, 1), record(51, 2)));

    assertEquals(2, comparison.copied());
    assertEquals(0, comparison.stillToCopy());
    assertEquals(List.of(), comparison.duplicates());
    assertNull(comparison.broken());
  }

  @Test
  void recordsNotYetCopiedAreStillToCopy() {
    var comparison = CopyBackComparison.of(List.of(record(10, 1), record(12, 2), record(13, 3)), List.of(record(50, 1)));

    assertEquals(1, comparison.copied());
    assertEquals(2, comparison.stillToCopy());
    assertNull(comparison.broken());
  }

  @Test
  void aSecondCopyOfARecordAlreadyCopiedIsADuplicate() {
    var comparison = CopyBackComparison.of(List.of(record(10, 1), record(12, 2)),
        List.of(record(50, 1), record(51, 2), record(52, 2)));

    assertEquals(0, comparison.stillToCopy());
    assertEquals(List.of(52L), comparison.duplicates().stream().map(LogRecord::offset).toList());
    assertNull(comparison.broken());
  }

  @Test
  void twoIdenticalRecordsWrittenOnTheTargetNeedTwoCopies() {
    var comparison = CopyBackComparison.of(List.of(record(10, 1), record(11, 1)), List.of(record(50, 1)));

    assertEquals(1, comparison.stillToCopy());
    assertEquals(List.of(), comparison.duplicates());
  }

  @Test
  void copiesThatSkipARecordAreBrokenNotPending() {
    var comparison = CopyBackComparison.of(List.of(record(10, 1), record(12, 2)), List.of(record(50, 2)));

    assertEquals("source @50 (ts 1002, sha256 02000000) is not the next record written on the target while the next record to copy"
        + " is target @10 (ts 1001, sha256 01000000)", comparison.broken());
  }
}
