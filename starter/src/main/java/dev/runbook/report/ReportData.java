package dev.runbook.report;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.groups.GroupCutoverWorkflow;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.StepProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the report shows, read from a run's progress through the runbooks' typed facts: which
 * runbook it is, the catch-up's lag samples, the records per partition verification counted, each
 * consumer group (with its own child run when it could be read) and each DAG batch's times.
 * Nothing comes from anywhere but the runs themselves.
 */
record ReportData(
    Kind kind,
    List<LagSample> lag,
    List<PartitionRecords> partitions,
    long partitionsVerified,
    List<Group> groups,
    List<Batch> batches) {

  /** Which runbook's sections the report carries: a Kafka report has no DAG batches, an Airflow report no lag. */
  enum Kind {
    KAFKA, AIRFLOW, UNKNOWN;

    boolean kafka() {
      return this != AIRFLOW;
    }

    boolean airflow() {
      return this != KAFKA;
    }

    static Kind of(String runbook) {
      if (KafkaMigrationWorkflow.RUNBOOK.equals(runbook) || GroupCutoverWorkflow.RUNBOOK.equals(runbook)) {
        return KAFKA;
      }
      return AirflowMigrationWorkflow.RUNBOOK.equals(runbook) ? AIRFLOW : UNKNOWN;
    }
  }

  /**
   * A consumer group: partitions and pause as the migration recorded them (or its child run, when
   * the migration has not yet), and its child run's progress ({@code run}, null when it was not read).
   */
  record Group(String name, Long partitions, Long pauseMillis, Progress run) {}

  /** A DAG batch: when its cutover began, when it was ready for its gate, when the gate was decided (0: not yet). */
  record Batch(String name, long dags, long startedAt, long readyAt, long decidedAt) {}

  /** {@code groupRuns}: the child run of each consumer group that could be read, by group name. */
  static ReportData of(Progress progress, Map<String, Progress> groupRuns) {
    Map<String, String> facts = progress.facts();
    List<Batch> batches = new ArrayList<>();
    AirflowFacts.BATCH_STARTED_AT.allIn(facts).forEach((batch, startedAt) -> batches.add(new Batch(batch,
        AirflowFacts.BATCH_DAGS_MOVED.in(facts, batch).orElse(0L), startedAt,
        AirflowFacts.BATCH_READY_AT.in(facts, batch).orElse(0L), AirflowFacts.BATCH_DECIDED_AT.in(facts, batch).orElse(0L))));
    batches.sort((a, b) -> Long.compare(a.startedAt(), b.startedAt()));
    List<PartitionRecords> partitions = KafkaFacts.VERIFIED_PARTITIONS.in(facts).orElse(List.of());
    return new ReportData(Kind.of(progress.runbook()), KafkaFacts.LAG_SAMPLES.in(facts).orElse(List.of()), partitions,
        KafkaFacts.VERIFIED_PARTITION_COUNT.in(facts).orElse((long) partitions.size()), groups(facts, groupRuns), batches);
  }

  /**
   * The groups the migration recorded or a child run knows of, in the order they were cut over (the
   * plan's, when one group moves at a time): by their child run's first step, then those without a
   * readable run by name.
   */
  private static List<Group> groups(Map<String, String> facts, Map<String, Progress> runs) {
    Set<String> recorded = new TreeSet<>(KafkaFacts.GROUP_PARTITIONS.allIn(facts).keySet());
    recorded.addAll(KafkaFacts.GROUP_PAUSE.allIn(facts).keySet());
    recorded.addAll(runs.keySet());
    List<String> names = new ArrayList<>(recorded);
    names.sort(Comparator.comparing((String name) -> startedAt(runs.get(name)), Comparator.nullsLast(Comparator.naturalOrder())));
    List<Group> groups = new ArrayList<>();
    for (String name : names) {
      Progress run = runs.get(name);
      Map<String, String> own = run == null ? Map.of() : run.facts();
      groups.add(new Group(name, first(KafkaFacts.GROUP_PARTITIONS.in(facts, name), KafkaFacts.GROUP_PARTITIONS.in(own, name)),
          first(KafkaFacts.GROUP_PAUSE.in(facts, name), KafkaFacts.GROUP_PAUSE.in(own, name)), run));
    }
    return groups;
  }

  private static Long startedAt(Progress run) {
    if (run == null) {
      return null;
    }
    OptionalLong first = run.steps().stream().mapToLong(StepProgress::startedAt).filter(at -> at > 0).min();
    return first.isPresent() ? first.getAsLong() : null;
  }

  private static Long first(Optional<Long> recorded, Optional<Long> fromChild) {
    return recorded.or(() -> fromChild).orElse(null);
  }

  /** Records verification counted on the source, over the partitions kept in the run's facts. */
  long sourceRecords() {
    return partitions.stream().mapToLong(PartitionRecords::sourceRecords).sum();
  }

  long targetRecords() {
    return partitions.stream().mapToLong(PartitionRecords::targetRecords).sum();
  }

  /** Records on the source that the target lacks, partition by partition. */
  long recordsLost() {
    return partitions.stream().mapToLong(p -> Math.max(0, p.sourceRecords() - p.targetRecords())).sum();
  }

  /** Records the target holds beyond the source's, partition by partition: copied twice. */
  long recordsDoubled() {
    return partitions.stream().mapToLong(p -> Math.max(0, p.targetRecords() - p.sourceRecords())).sum();
  }
}
