package dev.runbook.kafka.offsets;

/** Decides whether to keep waiting for a record that has not reached the other cluster yet. */
@FunctionalInterface
public interface ReplicationWait {

  /** Never waits: a missing record fails at once. */
  ReplicationWait NONE = missing -> false;

  /**
   * Pauses a little and returns true to look again, or returns false when the bound is reached.
   *
   * @param missing what is being waited for, for progress reports
   */
  boolean awaitMore(String missing);
}
