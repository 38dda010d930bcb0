package dev.runbook.kafka.offsets;

import java.util.Locale;

/**
 * A consumer's {@code isolation.level}: whether it reads records of aborted transactions. Offset
 * translation reads each cluster the way the group and the replicator read it.
 */
public enum GroupIsolation {
  /** Aborted records are invisible: the consumer skips them. */
  READ_COMMITTED,
  /** Every record, aborted or not (Kafka's default for consumers and MirrorMaker 2's). */
  READ_UNCOMMITTED;

  /** The value Kafka's {@code isolation.level} takes. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
