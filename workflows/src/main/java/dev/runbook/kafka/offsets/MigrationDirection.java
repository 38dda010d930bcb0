package dev.runbook.kafka.offsets;

/**
 * Which way offsets travel: forward during cutover, or back to the source for a rollback. The
 * same translation serves both; only the roles of the two endpoints swap.
 */
public enum MigrationDirection {
  SOURCE_TO_TARGET,
  TARGET_TO_SOURCE
}
