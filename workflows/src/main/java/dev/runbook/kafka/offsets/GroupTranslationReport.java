package dev.runbook.kafka.offsets;

import java.util.List;

/**
 * The outcome of translating one group: per-partition results, whether they were committed, and the check after.
 *
 * @param timings where the time went; null in reports recorded before it existed
 */
public record GroupTranslationReport(
    String group,
    MigrationDirection direction,
    TranslationMode mode,
    List<PartitionTranslation> partitions,
    boolean committed,
    VerificationResult verification,
    long durationMillis,
    Timings timings) {

  public GroupTranslationReport {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
  }

  /**
   * The phases of {@code durationMillis}: reading the committed offsets and translating every
   * partition, writing the translated offsets (0 in a dry run), and checking them afterwards.
   */
  public record Timings(long translateMillis, long commitMillis, long verifyMillis) {}
}
