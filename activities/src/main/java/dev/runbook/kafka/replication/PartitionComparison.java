package dev.runbook.kafka.replication;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One partition compared: offset spans on both sides (a span counts transaction markers and
 * compacted-away offsets, so spans may legitimately differ), where the source's end lands on the
 * target, how many trailing records were compared by digest, and the verdict. The record counts are
 * written to the verification JSON too: the migration report charts them.
 */
public record PartitionComparison(
    String topic,
    int partition,
    long sourceStart,
    long sourceEnd,
    long targetStart,
    long targetEnd,
    long targetPositionOfSourceEnd,
    long digested,
    boolean matches,
    String note) {

  @JsonProperty
  public long sourceRecords() {
    return sourceEnd - sourceStart;
  }

  /** Records on the target up to where the source's end lands there; 0 when the source's last record is not there. */
  @JsonProperty
  public long targetRecords() {
    return targetPositionOfSourceEnd < 0 ? 0 : targetPositionOfSourceEnd - targetStart;
  }
}
