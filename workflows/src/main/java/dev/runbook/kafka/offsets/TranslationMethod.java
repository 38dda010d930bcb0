package dev.runbook.kafka.offsets;

/** How one partition's target offset was established; the evidence string gives the particulars. */
public enum TranslationMethod {
  /** The record just before the committed offset was found on the target; result = its copy + 1. */
  EXACT_MATCH,
  /** The source partition holds no readable record; the target offset is the target's end. */
  EMPTY_PARTITION,
  /** The group had consumed everything; result = just after the copy of the last source record. */
  LOG_END,
  /** The group had consumed nothing yet; result = the copy of the first source record. */
  NOTHING_CONSUMED,
  /** Compaction removed records just below the committed offset; anchored on the nearest earlier survivor. */
  COMPACTED_NEAREST_EARLIER,
  /** Transaction markers or aborted records sit just below the committed offset; anchored on the last committed record. */
  TRANSACTION_GAP,
  /** Retention removed the committed position; the group resumes at log start, so does the target. */
  BEFORE_LOG_START,
  /** MirrorMaker 2's checkpoint, approximate. */
  MM2_CHECKPOINT
}
