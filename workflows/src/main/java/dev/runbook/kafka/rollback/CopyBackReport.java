package dev.runbook.kafka.rollback;

import java.util.List;

/**
 * The copy-back once complete: {@code written} records written on the target since the reverse
 * flow started, all found on the source in their order; {@code copied} records the reverse flow
 * wrote there; {@code duplicates} of them a second copy of a record already copied (MirrorMaker 2
 * delivers at least once: a task restarted before it committed its position sends again), each
 * named in {@code duplicateRecords} (the first few).
 */
public record CopyBackReport(int partitions, long written, long copied, long duplicates, List<String> duplicateRecords,
    long waitedMillis) {

  public CopyBackReport {
    duplicateRecords = duplicateRecords == null ? List.of() : List.copyOf(duplicateRecords);
  }

  public String describe() {
    return written + " records written on the target since the reverse flow started, all on the source in order ("
        + partitions + " partitions); " + copied + " copied back, "
        + (duplicates == 0 ? "no duplicates" : duplicates + " duplicate(s) on the source: " + String.join("; ", duplicateRecords));
  }
}
