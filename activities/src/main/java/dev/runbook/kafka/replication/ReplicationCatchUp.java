package dev.runbook.kafka.replication;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.KafkaActivities.CatchUpReport;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kernel.FailureType;
import dev.runbook.metrics.RunbookMeters;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until MirrorMaker 2 has copied the source's topics up to a lag bound, measured by content
 * ({@link ReplicationProgress}), recording the lag as metrics and as samples for the report.
 */
public final class ReplicationCatchUp {

  private static final Logger log = LoggerFactory.getLogger(ReplicationCatchUp.class);

  /** At most this many lag samples per catch-up wait go into its report. */
  private static final int LAG_SAMPLES = 120;

  private final KafkaClientFactory clients;
  private final Duration pollInterval;
  private final RunbookMeters meters;

  public ReplicationCatchUp(KafkaClientFactory clients, Duration pollInterval, RunbookMeters meters) {
    this.clients = clients;
    this.pollInterval = pollInterval;
    this.meters = meters;
  }

  /** Polls the lag until its largest partition is within the request's bound; {@code onPoll} hears every look. */
  public CatchUpReport await(CatchUpRequest request, Consumer<CatchUpReport> onPoll) {
    long started = System.currentTimeMillis();
    LagHistory history = new LagHistory(LAG_SAMPLES);
    try (ReplicationProgress progress = new ReplicationProgress(clients, request.source(), request.target())) {
      Map<TopicPartition, Long> snapshot = request.toSnapshot() ? progress.sourceEnds(request.topics()) : null;
      while (true) {
        Map<TopicPartition, Long> lag = progress.lag(request.topics(), snapshot);
        long now = System.currentTimeMillis();
        meters.replicationLag(request.meterTags(), history.add(now, lag).byTopic());
        long max = lag.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long total = lag.values().stream().mapToLong(Long::longValue).sum();
        CatchUpReport report = new CatchUpReport(lag.size(), max, total, now - started, history.samples());
        onPoll.accept(report);
        if (max <= request.maxLagRecords()) {
          return report;
        }
        log.info("replication lag: max {} records, total {} over {} partitions", max, total, lag.size());
        try {
          Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ServiceFailure.of(FailureType.INTERRUPTED, "interrupted");
        }
      }
    }
  }
}
