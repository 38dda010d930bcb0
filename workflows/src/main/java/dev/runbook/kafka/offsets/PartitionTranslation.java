package dev.runbook.kafka.offsets;

/**
 * One partition's result: where the group stood on the cluster read from, where it will resume on
 * the cluster written to, and why.
 *
 * @param sourceCommitted the offset committed on the cluster read from
 * @param targetOffset the offset to commit on the cluster written to
 * @param method how the offset was established
 * @param evidence the records matched and checks passed, in words an operator can follow
 * @param recordsScanned records read to establish the result
 * @param uncertaintyRecords for MM2_CHECKPOINT: how many records before the exact position the
 *     checkpoint lands (records the group would process again); null when the exact position is
 *     unknown; 0 for exact methods
 * @param sourceView how the cluster read from was read to prove the offset (its records as a
 *     consumer with that isolation sees them); null in results recorded before it existed, which
 *     read it as read_committed
 */
public record PartitionTranslation(
    String topic,
    int partition,
    long sourceCommitted,
    long targetOffset,
    TranslationMethod method,
    String evidence,
    long recordsScanned,
    Long uncertaintyRecords,
    GroupIsolation sourceView) {

  /** The view of the source the offset was proven against; read_committed for older results. */
  public GroupIsolation sourceViewOrDefault() {
    return sourceView == null ? GroupIsolation.READ_COMMITTED : sourceView;
  }
}
