package dev.runbook.kafka.fence;

import java.util.List;

/**
 * What a fence check saw on the source over its window: the partitions that grew (end offsets
 * sampled over the whole window, {@code samples} times) and the producers whose last write fell in
 * the window ({@code writers}). The source is fenced when no partition grew; writers alone (a skewed
 * clock can date an old write into the window) are evidence, not proof.
 */
public record FenceReport(long windowMillis, int partitions, int samples, List<PartitionGrowth> grown, List<ActiveProducer> writers,
    long tookMillis) {

  public FenceReport {
    grown = List.copyOf(grown);
    writers = List.copyOf(writers);
  }

  /** Whether no partition of the migrated topics grew on the source during the window. */
  public boolean fenced() {
    return grown.isEmpty();
  }

  /** One line for a fact or a parked step: what grew, and who wrote. */
  public String describe() {
    String watched = partitions + " source partitions watched for " + windowMillis + " ms (" + samples + " samples)";
    if (fenced()) {
      return watched + ": none grew";
    }
    return watched + ": " + grown.size() + " still grow: " + String.join("; ", grown.stream().map(PartitionGrowth::describe).toList())
        + "; " + (writers.isEmpty() ? "the broker names no producer (not idempotent?)"
            : "producers writing in the window: " + String.join("; ", writers.stream().map(ActiveProducer::describe).toList()));
  }

  /** A partition whose end offset moved during the window, from {@code startOffset} to {@code endOffset}. */
  public record PartitionGrowth(String topic, int partition, long startOffset, long endOffset) {

    public String describe() {
      return topic + "-" + partition + " +" + (endOffset - startOffset) + " (" + startOffset + " -> " + endOffset + ")";
    }
  }
}
