package dev.runbook.bench;

import dev.runbook.kafka.KafkaActivities.CatchUpReport;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.replication.ReplicationCatchUp;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.SequenceRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What one replication-lag sample costs: the catch-up wait ({@link ReplicationCatchUp}, polling
 * without pause) over partitions whose target copy is behind. MirrorMaker 2 leaves this topic alone;
 * the benchmark is the replicator, writing every record to the same partition of both clusters with
 * the same timestamp, key and value (a copy identical to MirrorMaker's), the target first half a
 * partition behind, then the rest in steps while the wait samples. The time between two samples is
 * one sample's reads ({@code ReplicationProgress.lag}: per partition the anchor match of
 * {@code OffsetTranslator.firstCopyEnd}, and the way back from the target's end).
 */
final class LagSampleCost {

  /** MirrorMaker 2 must not copy it: the benchmark copies it itself. */
  static final String TOPIC = "bench.lag";
  private static final int COPY_STEPS = 10;
  private static final Duration STEP_PAUSE = Duration.ofMillis(300);
  private static final Duration LIMIT = Duration.ofMinutes(5);

  private final KafkaTestCluster source;
  private final KafkaTestCluster target;
  private final KafkaClientFactory clients;
  private final int partitions;
  private final int recordsPerPartition;

  LagSampleCost(KafkaTestCluster source, KafkaTestCluster target, KafkaClientFactory clients, int partitions,
      int recordsPerPartition) {
    this.source = source;
    this.target = target;
    this.clients = clients;
    this.partitions = partitions;
    this.recordsPerPartition = recordsPerPartition;
  }

  /** One line: the first sample (consumers opened), then the samples taken while the backlog was copied. */
  String run() throws Exception {
    source.createTopic(TOPIC, partitions);
    target.createTopic(TOPIC, partitions);
    List<ProducerRecord<byte[], byte[]>> records = records();
    int copiedFirst = partitions * (recordsPerPartition / 2);
    try (KafkaProducer<byte[], byte[]> toSource = producer(source); KafkaProducer<byte[], byte[]> toTarget = producer(target)) {
      records.forEach(toSource::send);
      records.subList(0, copiedFirst).forEach(toTarget::send);
      toSource.flush();
      toTarget.flush();
      List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
      long started = System.nanoTime();
      CompletableFuture<CatchUpReport> wait = CompletableFuture.supplyAsync(() ->
          new ReplicationCatchUp(clients, Duration.ZERO, RunbookMeters.NONE).await(
              CatchUpRequest.toCurrentEnd(KafkaEndpoint.plaintext(source.bootstrapServers()),
                  KafkaEndpoint.plaintext(target.bootstrapServers()), List.of(TOPIC)),
              poll -> {
                DataPathBenchmark.check(System.nanoTime() - started < LIMIT.toNanos(),
                    "the catch-up over " + TOPIC + " did not end within " + LIMIT + ": lag " + poll.totalLag());
                samples.add(new long[] {System.nanoTime(), poll.totalLag()});
              }));
      while (samples.isEmpty() && !wait.isDone()) {
        Thread.sleep(10);
      }
      int step = (records.size() - copiedFirst + COPY_STEPS - 1) / COPY_STEPS;
      for (int from = copiedFirst; from < records.size(); from += step) {
        Thread.sleep(STEP_PAUSE.toMillis());
        records.subList(from, Math.min(records.size(), from + step)).forEach(toTarget::send);
        toTarget.flush();
      }
      CatchUpReport report = wait.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      DataPathBenchmark.check(report.maxLag() == 0 && report.partitions() == partitions,
          "the catch-up ended with lag " + report.maxLag() + " over " + report.partitions() + " partitions");
      return describe(samples, started);
    }
  }

  private String describe(List<long[]> samples, long started) {
    DataPathBenchmark.check(samples.get(0)[1] == (long) partitions * (recordsPerPartition - recordsPerPartition / 2),
        "the first sample saw a lag of " + samples.get(0)[1] + ", not the records still to copy");
    List<Long> withBacklog = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i)[1] > 0) {
        withBacklog.add((samples.get(i)[0] - samples.get(i - 1)[0]) / 1_000_000);
      }
    }
    withBacklog.sort(Long::compare);
    String later = withBacklog.isEmpty() ? "no later sample with a backlog" : String.format(Locale.ROOT,
        "then %d more samples with a backlog: median %d ms, max %d ms", withBacklog.size(),
        withBacklog.get(withBacklog.size() / 2), withBacklog.get(withBacklog.size() - 1));
    return String.format(Locale.ROOT, "Replication lag sample (the catch-up wait's poll) over %d partitions with a"
            + " backlog of %,d records: first sample %d ms (consumers opened), %s.%n", partitions, samples.get(0)[1],
        (samples.get(0)[0] - started) / 1_000_000, later);
  }

  /** The records in the order both clusters get them, the partitions side by side, with fixed timestamps. */
  private List<ProducerRecord<byte[], byte[]>> records() {
    long timestamp = System.currentTimeMillis();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < recordsPerPartition; i++) {
      for (int p = 0; p < partitions; p++) {
        long sequence = (long) p * 1_000_000 + i;
        records.add(new ProducerRecord<>(TOPIC, p, timestamp + i, Long.toString(sequence).getBytes(StandardCharsets.UTF_8),
            SequenceRecords.value(TOPIC, sequence)));
      }
    }
    return records;
  }

  /**
   * One request in flight, so records arrive in order, and not idempotent: on a loaded machine the
   * idempotent producer's burst of 100 partitions was refused with out-of-order sequence errors
   * for good, and the copy never completed.
   */
  private static KafkaProducer<byte[], byte[]> producer(KafkaTestCluster cluster) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1", ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }
}
