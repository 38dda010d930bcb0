package dev.runbook.kafka.offsets;

import java.util.List;

/** The outcome of translating one group: per-partition results, whether they were committed, and the check after. */
public record GroupTranslationReport(
    String group,
    MigrationDirection direction,
    TranslationMode mode,
    List<PartitionTranslation> partitions,
    boolean committed,
    VerificationResult verification,
    long durationMillis) {

  public GroupTranslationReport {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
  }
}
