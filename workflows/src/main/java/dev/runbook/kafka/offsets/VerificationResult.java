package dev.runbook.kafka.offsets;

import java.util.List;

/**
 * Whether, for every partition, the next record the group reads on the cluster written to is the
 * same record (same content hash and timestamp) it would read next on the cluster read from, or
 * both are at their end.
 */
public record VerificationResult(boolean verified, int partitionsChecked, List<String> mismatches) {

  public VerificationResult {
    mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
  }
}
