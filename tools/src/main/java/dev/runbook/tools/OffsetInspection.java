package dev.runbook.tools;

import dev.runbook.kafka.offsets.PartitionTranslation;

import static dev.runbook.kafka.offsets.TranslationReportWriter.csvField;

/**
 * Whether a group's committed offset on the target points at exactly the record after the last one
 * it consumed on the source, and if not, how far off it is.
 *
 * @param expectedTarget the exact translated offset; null when translation failed ({@code note} says why)
 * @param targetCommitted the offset committed on the target; null when none is
 * @param reprocessed records the group would read a second time (offset difference on the target)
 * @param skipped records the group would never read
 */
public record OffsetInspection(String group, String topic, int partition, String sourceState, String targetState,
    long sourceCommitted, Long expectedTarget, Long targetCommitted, Status status, long reprocessed, long skipped,
    String note) {

  /** The verdict for one partition. */
  public enum Status { EXACT, REPROCESSES, SKIPS, NOT_COMMITTED, UNTRANSLATABLE }

  static final String CSV_HEADER = "group,topic,partition,source_state,target_state,source_committed,"
      + "expected_target_offset,target_committed,status,reprocessed,skipped,note";

  /** Compares the target's committed offset with the exact translation of the source's. */
  static OffsetInspection of(String group, String sourceState, String targetState, PartitionTranslation exact,
      Long targetCommitted) {
    long expected = exact.targetOffset();
    Status status = targetCommitted == null ? Status.NOT_COMMITTED
        : targetCommitted < expected ? Status.REPROCESSES
        : targetCommitted > expected ? Status.SKIPS
        : Status.EXACT;
    long reprocessed = status == Status.REPROCESSES ? expected - targetCommitted : 0;
    long skipped = status == Status.SKIPS ? targetCommitted - expected : 0;
    return new OffsetInspection(group, exact.topic(), exact.partition(), sourceState, targetState, exact.sourceCommitted(),
        expected, targetCommitted, status, reprocessed, skipped, exact.method() + ": " + exact.evidence());
  }

  /** A partition whose exact target offset could not be established. */
  static OffsetInspection untranslatable(String group, String topic, int partition, String sourceState,
      String targetState, long sourceCommitted, Long targetCommitted, String reason) {
    return new OffsetInspection(group, topic, partition, sourceState, targetState, sourceCommitted, null,
        targetCommitted, Status.UNTRANSLATABLE, 0, 0, reason);
  }

  String csvLine() {
    return String.join(",", csvField(group), csvField(topic), Integer.toString(partition), sourceState, targetState,
        Long.toString(sourceCommitted), expectedTarget == null ? "" : expectedTarget.toString(),
        targetCommitted == null ? "" : targetCommitted.toString(), status.name(), Long.toString(reprocessed),
        Long.toString(skipped), csvField(note));
  }
}
