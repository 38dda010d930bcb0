package dev.runbook.metrics;

import dev.runbook.kernel.MeterTags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runbook metrics that activities measure while they work, in the worker's registry and under the
 * tags the notification metrics use ({@code runbook}, {@code migration}, {@code phase}):
 * {@value #REPLICATION_LAG} (gauge, records not yet on the target, and {@code topic}) from the
 * catch-up wait, and {@value #RECORDS_VERIFIED} (counter, records whose position and count were
 * compared on both clusters) from verification. {@link #NONE} records nothing.
 */
public final class RunbookMeters {

  public static final String REPLICATION_LAG = "runbook.replication.lag";
  public static final String RECORDS_VERIFIED = "runbook.records.verified";

  /** A registry with no backend: every meter is a no-op. */
  public static final RunbookMeters NONE = new RunbookMeters(new CompositeMeterRegistry());

  private record LagGauge(MeterTags tags, String topic) {}

  private final MeterRegistry registry;
  /** Gauges read these values; the map keeps them reachable (a registry only holds them weakly). */
  private final Map<LagGauge, AtomicLong> lag = new ConcurrentHashMap<>();

  public RunbookMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Sets the lag gauge of each topic; {@code tags} null records nothing. */
  public void replicationLag(MeterTags tags, Map<String, Long> lagByTopic) {
    if (tags == null) {
      return;
    }
    lagByTopic.forEach((topic, records) -> lag.computeIfAbsent(new LagGauge(tags, topic),
        key -> registry.gauge(REPLICATION_LAG, tags(tags).and("topic", topic), new AtomicLong())).set(records));
  }

  /** Counts records verified; {@code tags} null records nothing. */
  public void recordsVerified(MeterTags tags, long records) {
    if (tags != null) {
      registry.counter(RECORDS_VERIFIED, tags(tags)).increment(records);
    }
  }

  public static Tags tags(MeterTags tags) {
    return Tags.of("runbook", tags.runbook(), "migration", tags.migrationId(), "phase", tags.phase());
  }
}
