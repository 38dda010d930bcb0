package dev.runbook.report;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.report.ReportData.Batch;
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
 * The charts of a migration report, those of its runbook only (a Kafka run has no DAG batches, an
 * Airflow run no replication lag), each drawn when the run has data to show or else replaced by one
 * sentence saying why there is none.
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
    List<Chart> charts = new ArrayList<>();
    if (data.kind().kafka()) {
      charts.addAll(List.of(lag(data.lag()), records(data), pauses(data)));
    }
    if (data.kind().airflow()) {
      charts.add(batches(data.batches()));
    }
    return charts;
  }

  private static Chart lag(List<LagSample> samples) {
    String title = "Replication lag over time";
    String file = "replication-lag.svg";
    if (samples.isEmpty()) {
      return new Chart(file, title, null, "no replication lag was measured in this run (no catch-up phase ran)");
    }
    if (samples.size() == 1) {
      return new Chart(file, title, null, "one lag sample only (" + samples.get(0).total() + " records behind): the target "
          + "had caught up at the first measurement, so there is no curve to draw");
    }
    if (samples.stream().allMatch(sample -> sample.total() == 0)) {
      return new Chart(file, title, null, "the lag was 0 records at each of the " + samples.size() + " samples: the target "
          + "kept up from the start, so there is no curve to draw");
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
    return new Chart(file, title,
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
    List<Bar> bars = data.groups().stream().filter(group -> group.pauseMillis() != null)
        .map(group -> new Bar(group.name(), group.pauseMillis() / 1000.0)).toList();
    if (bars.isEmpty()) {
      return new Chart("cutover-pause.svg", title, null, "no consumer group was cut over in this run");
    }
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
