package dev.runbook.report;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.report.ReportData.Batch;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.report.SvgChart.Bar;
import dev.runbook.report.SvgChart.BarGroup;
import dev.runbook.report.SvgChart.Point;
import dev.runbook.report.SvgChart.Series;
import dev.runbook.report.SvgChart.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The four charts of a migration report, each drawn from the run's data or, when the run has none
 * (an Airflow run has no replication lag), left out with a one-line note saying why.
 */
final class ReportCharts {

  /** A chart: its file name (for the Markdown report), its title, and its SVG or the note replacing it. */
  record Chart(String file, String title, String svg, String note) {

    boolean drawn() {
      return svg != null;
    }
  }

  /** More partitions than this are not drawn one by one; the CSV has them all. */
  static final int MAX_PARTITIONS = 60;

  private ReportCharts() {}

  static List<Chart> of(ReportData data) {
    return List.of(lag(data.lag()), records(data), pauses(data), batches(data.batches()));
  }

  private static Chart lag(List<LagSample> samples) {
    String title = "Replication lag over time";
    if (samples.isEmpty()) {
      return new Chart("replication-lag.svg", title, null, "no replication lag was measured in this run (no catch-up phase ran)");
    }
    long start = samples.get(0).at();
    Set<String> topics = new LinkedHashSet<>();
    samples.forEach(sample -> topics.addAll(sample.byTopic().keySet()));
    List<Series> series = new ArrayList<>();
    series.add(new Series("total", samples.stream().map(s -> new Point((s.at() - start) / 1000.0, s.total())).toList()));
    if (topics.size() > 1) {
      for (String topic : topics) {
        series.add(new Series(topic, samples.stream()
            .map(s -> new Point((s.at() - start) / 1000.0, s.byTopic().getOrDefault(topic, 0L))).toList()));
      }
    }
    return new Chart("replication-lag.svg", title,
        SvgChart.lines(title, "seconds since the catch-up began", "records not yet on the target", series), null);
  }

  private static Chart records(ReportData data) {
    String title = "Records per partition, source vs target";
    if (data.partitions().isEmpty()) {
      return new Chart("records-per-partition.svg", title, null, "no partition was verified in this run (no verify phase ran)");
    }
    List<PartitionRecords> shown = data.partitions().stream().limit(MAX_PARTITIONS).toList();
    List<BarGroup> groups = shown.stream().map(p -> new BarGroup(p.topic() + "-" + p.partition(),
        List.of((double) p.sourceRecords(), (double) p.targetRecords()))).toList();
    String drawnTitle = data.partitionsVerified() > shown.size()
        ? title + " (first " + shown.size() + " of " + data.partitionsVerified() + ")" : title;
    return new Chart("records-per-partition.svg", title, SvgChart.groupedBars(drawnTitle, "records", List.of("source", "target"), groups),
        null);
  }

  private static Chart pauses(ReportData data) {
    String title = "Consumer cutover pause per group";
    if (data.pauses().isEmpty()) {
      return new Chart("cutover-pause.svg", title, null, "no consumer group was cut over in this run");
    }
    List<Bar> bars = data.pauses().entrySet().stream().map(e -> new Bar(e.getKey(), e.getValue() / 1000.0)).toList();
    return new Chart("cutover-pause.svg", title, SvgChart.horizontalBars(title, "s", bars), null);
  }

  private static Chart batches(List<Batch> batches) {
    String title = "DAG batch timeline";
    List<Batch> started = batches.stream().filter(b -> b.readyAt() > 0).toList();
    if (started.isEmpty()) {
      return new Chart("dag-batches.svg", title, null, "no DAG batch was cut over in this run");
    }
    long origin = started.get(0).startedAt();
    List<Span> spans = new ArrayList<>();
    for (Batch batch : started) {
      String row = batch.name() + " (" + batch.dags() + " DAGs)";
      spans.add(new Span(row, (batch.startedAt() - origin) / 1000.0, (batch.readyAt() - origin) / 1000.0, "cutover"));
      if (batch.decidedAt() > 0) {
        spans.add(new Span(row, (batch.readyAt() - origin) / 1000.0, (batch.decidedAt() - origin) / 1000.0, "gate wait"));
      }
    }
    return new Chart("dag-batches.svg", title,
        SvgChart.timeline(title, "seconds since the first batch began", List.of("cutover", "gate wait"), spans), null);
  }
}
