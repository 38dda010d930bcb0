package dev.runbook.kafka.offsets;

/**
 * Failure types of {@link OffsetActivities}: each is the {@code type} of a non-retryable
 * ApplicationFailure, so a workflow can branch on it and an operator can read what to fix.
 */
public enum OffsetFailureType {
  /** The request cannot be acted on: a missing endpoint, an unresolvable secret, no MM2 alias in MM2_CHECKPOINT mode. */
  INVALID_REQUEST,
  /** The group has no committed offsets on the cluster read from (wrong name, or never committed). */
  GROUP_HAS_NO_OFFSETS,
  /** The group has live members on the cluster written to; stop its apps first. */
  GROUP_ACTIVE_ON_TARGET,
  /** A topic the group consumes does not exist on the cluster written to. */
  TOPIC_MISSING_ON_TARGET,
  /** A topic has a different partition count on the two clusters; records do not map one to one. */
  PARTITION_COUNT_MISMATCH,
  /** The last consumed record did not reach the target within the request's wait bound. */
  NOT_REPLICATED_WITHIN_BOUND,
  /** Finding a record took more reads than the request allows. */
  SCAN_LIMIT_EXCEEDED,
  /** MirrorMaker 2 has no checkpoint for a partition of the group. */
  NO_CHECKPOINT,
  /**
   * The target partition holds records of its own between the replicator's copies: writers on both
   * clusters at once order it differently, so no offset is exact.
   */
  INTERLEAVED_WRITES,
  /** After committing, the group's next record on the target differs from the one on the source; the commit was undone. */
  VERIFICATION_FAILED
}
