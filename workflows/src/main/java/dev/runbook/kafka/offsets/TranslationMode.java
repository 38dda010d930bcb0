package dev.runbook.kafka.offsets;

/**
 * How a committed offset is carried to the other cluster: {@code EXACT} matches the last consumed
 * record by timestamp and content hash; {@code MM2_CHECKPOINT} takes MirrorMaker 2's checkpoint,
 * which is approximate and only used when the plan asks for it.
 */
public enum TranslationMode {
  EXACT,
  MM2_CHECKPOINT
}
