package dev.runbook.report;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kernel.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report charts, read from a run's progress through the runbooks' typed facts: the
 * catch-up's lag samples, the records per partition verification counted, each consumer group's
 * cutover pause and each DAG batch's times. Nothing comes from anywhere but the run itself.
 */
record ReportData(
    List<LagSample> lag,
    List<PartitionRecords> partitions,
    long partitionsVerified,
    Map<String, Long> pauses,
    List<Batch> batches) {

  /** A DAG batch: when its cutover began, when it was ready for its gate, when the gate was decided (0: not yet). */
  record Batch(String name, long dags, long startedAt, long readyAt, long decidedAt) {}

  static ReportData of(Progress progress) {
    Map<String, String> facts = progress.facts();
    List<Batch> batches = new ArrayList<>();
    AirflowFacts.BATCH_STARTED_AT.allIn(facts).forEach((batch, startedAt) -> batches.add(new Batch(batch,
        AirflowFacts.BATCH_DAGS_MOVED.in(facts, batch).orElse(0L), startedAt,
        AirflowFacts.BATCH_READY_AT.in(facts, batch).orElse(0L), AirflowFacts.BATCH_DECIDED_AT.in(facts, batch).orElse(0L))));
    batches.sort((a, b) -> Long.compare(a.startedAt(), b.startedAt()));
    List<PartitionRecords> partitions = KafkaFacts.VERIFIED_PARTITIONS.in(facts).orElse(List.of());
    return new ReportData(KafkaFacts.LAG_SAMPLES.in(facts).orElse(List.of()), partitions,
        KafkaFacts.VERIFIED_PARTITION_COUNT.in(facts).orElse((long) partitions.size()),
        new TreeMap<>(KafkaFacts.GROUP_PAUSE.allIn(facts)), batches);
  }
}
