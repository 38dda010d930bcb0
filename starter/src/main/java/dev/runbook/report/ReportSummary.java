package dev.runbook.report;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kernel.AuditEntry;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.Verdict;
import dev.runbook.report.ReportData.Batch;
import dev.runbook.report.ReportData.Group;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The top of a report, what a reader forwarded it wants first: what moved, what verification found
 * lost or doubled, each consumer group's pause and partitions, and who decided each gate when.
 */
final class ReportSummary {

  /** One line of the summary. */
  record Row(String label, String value) {}

  /** Groups listed one by one; the steps table and the CSV have them all. */
  static final int MAX_GROUPS = 20;

  private ReportSummary() {}

  static List<Row> of(Progress progress, ReportData data, List<AuditEntry> audit) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("outcome", progress.status() + (progress.outcomeMessage() == null ? "" : ": " + progress.outcomeMessage())));
    if (data.kind().kafka()) {
      kafka(progress.facts(), data, rows);
    }
    if (data.kind().airflow()) {
      airflow(progress.facts(), data, rows);
    }
    approvals(progress.pendingGate(), audit, rows);
    return rows;
  }

  private static void kafka(Map<String, String> facts, ReportData data, List<Row> rows) {
    List<String> moved = new ArrayList<>();
    KafkaFacts.SOURCE_TOPICS.in(facts).ifPresent(topics -> moved.add(count(topics, "topic")));
    KafkaFacts.SOURCE_PARTITIONS.in(facts).ifPresent(partitions -> moved.add(count(partitions, "partition")));
    if (!data.partitions().isEmpty()) {
      moved.add(count(data.sourceRecords(), "record") + " (" + number(data.targetRecords()) + " on the target)");
    }
    rows.add(new Row("moved", moved.isEmpty() ? "nothing yet" : String.join(", ", moved)));
    if (data.partitions().isEmpty()) {
      rows.add(new Row("records lost / doubled", "not verified in this run"));
    } else {
      String over = data.partitionsVerified() > data.partitions().size()
          ? " (over the first " + number(data.partitions().size()) + " of " + number(data.partitionsVerified()) + " partitions verified)"
          : "";
      rows.add(new Row("records lost", differences(data.partitions(), p -> p.sourceRecords() - p.targetRecords()) + over));
      rows.add(new Row("records doubled", differences(data.partitions(), p -> p.targetRecords() - p.sourceRecords()) + over));
    }
    if (data.groups().isEmpty()) {
      rows.add(new Row("consumer groups", "none cut over"));
      return;
    }
    rows.add(new Row("consumer groups", KafkaFacts.GROUPS_CUT_OVER.in(facts).map(cutOver -> cutOver + " on the target")
        .orElse(data.groups().size() + " started")));
    for (Group group : data.groups().subList(0, Math.min(MAX_GROUPS, data.groups().size()))) {
      List<String> parts = new ArrayList<>();
      parts.add(group.pauseMillis() == null ? "not cut over" : "paused " + KafkaFacts.GROUP_PAUSE.describe(group.pauseMillis().toString()));
      if (group.partitions() != null) {
        parts.add(count(group.partitions(), "partition"));
      }
      if (group.run() != null) {
        parts.add("its run " + group.run().status()
            + (group.run().parkedStep() == null ? "" : " at step '" + group.run().parkedStep() + "'"));
      }
      rows.add(new Row("group " + group.name(), String.join(", ", parts)));
    }
    if (data.groups().size() > MAX_GROUPS) {
      rows.add(new Row("other groups", (data.groups().size() - MAX_GROUPS) + " more, in the steps table"));
    }
  }

  /** The sum of the positive differences, and the partitions they are in (at most five named). */
  private static String differences(List<PartitionRecords> partitions, ToLongFunction<PartitionRecords> difference) {
    List<PartitionRecords> off = partitions.stream().filter(p -> difference.applyAsLong(p) > 0).toList();
    if (off.isEmpty()) {
      return "0";
    }
    List<String> named = off.stream().limit(5).map(p -> p.topic() + "-" + p.partition() + ": " + number(difference.applyAsLong(p)))
        .toList();
    return number(off.stream().mapToLong(difference).sum()) + " (" + String.join(", ", named)
        + (off.size() > named.size() ? ", and " + (off.size() - named.size()) + " more partitions" : "") + ")";
  }

  private static void airflow(Map<String, String> facts, ReportData data, List<Row> rows) {
    long dags = data.batches().stream().mapToLong(Batch::dags).sum();
    String perBatch = String.join(", ", data.batches().stream().map(batch -> batch.name() + ": " + batch.dags()).toList());
    String moved = data.batches().isEmpty() ? "nothing yet" : count(dags, "DAG") + " in " + count(data.batches().size(), "batch")
        + " (" + perBatch + ")";
    rows.add(new Row("moved", moved + AirflowFacts.SOURCE_DAGS.in(facts).map(source -> ", of " + number(source) + " on the source")
        .orElse("")));
    Map<String, Long> intervals = AirflowFacts.BATCH_INTERVALS_CHECKED.allIn(facts);
    if (!intervals.isEmpty()) {
      rows.add(new Row("intervals checked", number(intervals.values().stream().mapToLong(Long::longValue).sum())));
    }
    AirflowFacts.METADATA.in(facts).ifPresent(metadata -> rows.add(new Row(AirflowFacts.METADATA.label(""), metadata)));
  }

  /** Per gate, who decided it when; then refused decisions and operator actions, if any. */
  private static void approvals(PendingGate pending, List<AuditEntry> audit, List<Row> rows) {
    Map<String, List<String>> byGate = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    for (AuditEntry entry : audit) {
      String when = " (" + time(entry.at()) + ")";
      if (!entry.accepted()) {
        refused.add(entry.actor() + " " + entry.decision() + " " + entry.subject() + when + ": " + entry.reason());
      } else if (verdict(entry.decision()).isPresent()) {
        String verb = verdict(entry.decision()).get() == Verdict.APPROVE ? "approved by " : "rejected by ";
        byGate.computeIfAbsent(entry.subject(), gate -> new ArrayList<>()).add(verb + entry.actor() + when
            + (entry.comment() == null || entry.comment().isBlank() ? "" : " “" + entry.comment() + "”"));
      } else {
        actions.add(entry.decision().toLowerCase(Locale.ROOT) + " of " + entry.subject() + " by " + entry.actor() + when);
      }
    }
    if (pending != null) {
      byGate.computeIfAbsent(pending.name(), gate -> new ArrayList<>()).add("waiting since " + time(pending.openedAt())
          + ", approvals " + pending.approvedBy().size() + "/" + pending.requiredApprovals());
    }
    byGate.forEach((gate, decisions) -> rows.add(new Row("gate " + gate, String.join("; ", decisions))));
    if (byGate.isEmpty()) {
      rows.add(new Row("approvals", "no gate was decided in this run"));
    }
    if (!refused.isEmpty()) {
      rows.add(new Row("refused decisions", String.join("; ", refused)));
    }
    if (!actions.isEmpty()) {
      rows.add(new Row("operator actions", String.join("; ", actions)));
    }
  }

  private static Optional<Verdict> verdict(String decision) {
    return Arrays.stream(Verdict.values()).filter(verdict -> verdict.name().equals(decision)).findFirst();
  }

  private static String count(long n, String noun) {
    return number(n) + " " + noun + (n == 1 ? "" : noun.endsWith("ch") ? "es" : "s");
  }

  /** UTC time to the second: a summary is read, not correlated. */
  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
