package dev.runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.groups.GroupCutoverWorkflow;
import dev.runbook.kernel.AuditEntry;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a reader forwarded it sees it: its summary, labels, rows and charts, from runs built by hand. */
class MigrationReportTest {

  static final long T0 = 1_763_700_000_000L; // 2025-11-21T04:40:00Z
  static final String ID = "kafka-migration-payments";

  @TempDir Path dir;

  @Test
  void aKafkaReportSummarisesWhatMovedWhatWasLostOrDoubledEachGroupAndEachGateDecision() throws Exception {
    Map<String, Progress> groupRuns = new LinkedHashMap<>();
    // Cut over in the plan's order, orders-processor first: the report keeps that order, not the alphabet's.
    groupRuns.put("invoice-mailer", groupRun("invoice-mailer", T0 + 43_000, 2, List.of(
        new AuditEntry(T0 + 45_000, "bob", "translate offsets of group invoice-mailer", "RETRY", null, "update", true, null))));
    groupRuns.put("orders-processor", groupRun("orders-processor", T0 + 40_000, 1, List.of()));

    String html = html(kafkaRun(lag(3)), groupRuns);

    String summary = html.substring(html.indexOf("<h2>Summary</h2>"), html.indexOf("<h2>Charts</h2>"));
    assertEquals("""
        <h2>Summary</h2>
        <table class="summary">
        <tr><th>outcome</th><td>COMPLETED: all phases done</td></tr>
        <tr><th>moved</th><td>2 topics, 4 partitions, 3,250 records (3,249 on the target)</td></tr>
        <tr><th>records lost</th><td>2 (orders-1: 2)</td></tr>
        <tr><th>records doubled</th><td>1 (invoices-0: 1)</td></tr>
        <tr><th>consumer groups</th><td>2 of 2 on the target</td></tr>
        <tr><th>group orders-processor</th><td>paused 2.3 s, 3 partitions, its run COMPLETED</td></tr>
        <tr><th>group invoice-mailer</th><td>paused 1.1 s, 1 partition, its run COMPLETED</td></tr>
        <tr><th>gate go-live</th><td>approved by alice (2025-11-21T04:40:30Z) “lag 0”</td></tr>
        <tr><th>gate decommission</th><td>approved by alice (2025-11-21T04:41:00Z); approved by carol (2025-11-21T04:41:01Z)</td></tr>
        <tr><th>refused decisions</th><td>mallory APPROVE go-live (2025-11-21T04:40:20Z): mallory may not decide gate go-live</td></tr>
        <tr><th>operator actions</th><td>retry of group invoice-mailer: translate offsets of group invoice-mailer by bob \
        (2025-11-21T04:40:45Z)</td></tr>
        </table>
        """, summary);
    assertTrue(html.indexOf("<h2>Summary</h2>") < html.indexOf("<h2>Charts</h2>"), "the summary comes first");

    // Figures under their labels, values for people.
    assertTrue(html.contains("<tr><td>group orders-processor paused</td><td>2.3 s</td></tr>"), html);
    assertTrue(html.contains("<tr><td>group orders-processor partitions</td><td>3</td></tr>"), html);
    assertTrue(html.contains("<tr><td>topics moved</td><td>2</td></tr>"), html);
    assertTrue(html.contains("<tr><td>replication lag over the catch-up</td><td>3 samples, lag 1020 at first, 0 at last</td></tr>"),
        html);
    assertFalse(html.contains("pauseMillis"), "no raw fact key");
    assertFalse(html.contains("group.orders-processor"), "no raw fact key");

    // One row per group from its child run, right after the step that cut the groups over, in cutover order.
    int step = html.indexOf("<td>cut over 2 consumer groups</td>");
    int invoices = html.indexOf("<tr class=\"completed\"><td>cutover consumers</td><td>group invoice-mailer (5 steps in its own run)"
        + "</td><td>COMPLETED</td><td>2</td><td>2025-11-21T04:40:43Z</td><td>2.3 s</td><td></td></tr>");
    int orders = html.indexOf("<tr class=\"completed\"><td>cutover consumers</td><td>group orders-processor (5 steps in its own run)"
        + "</td><td>COMPLETED</td><td>1</td><td>2025-11-21T04:40:40Z</td><td>2.3 s</td><td></td></tr>");
    int producers = html.indexOf("<td>switch producers</td>");
    assertTrue(step > 0 && step < orders && orders < invoices && invoices < producers, html);
    assertTrue(html.contains("<td>group invoice-mailer: translate offsets of group invoice-mailer</td>"), "the child's audit: " + html);

    // Kafka's charts only, each with its data.
    assertFalse(html.contains("DAG"), "no section of the Airflow runbook: " + html);
    RenderedCharts charts = RenderedCharts.of(html);
    assertEquals(List.of("Replication lag over time", "Records per partition, source vs target", "Consumer cutover pause per group"),
        charts.titles());
    assertTrue(Files.readString(dir.resolve(MigrationReport.STEPS_CSV))
        .contains("\ngroup invoice-mailer,translate offsets of group invoice-mailer,false,DONE,2,"));
  }

  @Test
  void aLagOfOneSampleIsSaidInOneSentenceInsteadOfAnEmptyChart() throws Exception {
    String html = html(kafkaRun(lag(1)), Map.of());

    assertTrue(html.contains("<p class=\"no-chart\"><b>Replication lag over time:</b> one lag sample only (1020 records behind): "
        + "the target had caught up at the first measurement, so there is no curve to draw</p>"), html);
    assertEquals(List.of("Records per partition, source vs target", "Consumer cutover pause per group"), RenderedCharts.of(html).titles());
    assertFalse(html.contains(">0.0</text>"), "no axis of an empty chart: " + html);
    assertFalse(Files.exists(dir.resolve("replication-lag.svg")));
    assertTrue(Files.readString(dir.resolve(MigrationReport.MARKDOWN)).contains("*Replication lag over time:* one lag sample only"));
  }

  @Test
  void aLagThatWasZeroThroughoutIsSaidInOneSentence() throws Exception {
    String html = html(kafkaRun(List.of(new LagSample(T0, Map.of("orders", 0L)), new LagSample(T0 + 5_000, Map.of("orders", 0L)))),
        Map.of());

    assertTrue(html.contains("<b>Replication lag over time:</b> the lag was 0 records at each of the 2 samples: the target kept up "
        + "from the start, so there is no curve to draw</p>"), html);
  }

  @Test
  void withoutTheChildRunsEachGroupComesFromTheMigrationsFigures() throws Exception {
    String html = html(kafkaRun(lag(3)), Map.of());

    assertTrue(html.contains("<tr><th>group invoice-mailer</th><td>paused 1.1 s, 1 partition</td></tr>"), html);
    assertFalse(html.contains("in its own run"), html);
  }

  @Test
  void anAirflowReportHasTheBatchTimelineAndNoKafkaSection() throws Exception {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("source.dags", "9");
    facts.put("batch-1.startedAt", String.valueOf(T0));
    facts.put("batch-1.readyAt", String.valueOf(T0 + 6_000));
    facts.put("batch-1.decidedAt", String.valueOf(T0 + 8_000));
    facts.put("batch-1.dagsMoved", "4");
    facts.put("batch-1.intervalsChecked", "40");
    facts.put("batch-2.startedAt", String.valueOf(T0 + 9_000));
    facts.put("batch-2.readyAt", String.valueOf(T0 + 15_000));
    facts.put("batch-2.dagsMoved", "3");
    facts.put("batch-2.intervalsChecked", "12");
    Progress run = new Progress(AirflowMigrationWorkflow.RUNBOOK, "lab-airflow", RunbookStatus.COMPLETED, "decommission",
        List.of(new StepProgress("DAG parity of batch-1", "cutover batch-1", false, StepState.DONE, 1, T0, T0 + 4_000, null)),
        null, null, facts,
        List.of(new AuditEntry(T0 + 8_000, "operator", "batch-1", "APPROVE", null, "update", true, null)), "all phases done");

    String html = html(run, Map.of());

    assertTrue(html.contains("<tr><th>moved</th><td>7 DAGs in 2 batches (batch-1: 4, batch-2: 3), of 9 on the source</td></tr>\n"
        + "<tr><th>intervals checked</th><td>52</td></tr>\n"
        + "<tr><th>gate batch-1</th><td>approved by operator (2025-11-21T04:40:08Z)</td></tr>\n</table>"), html);
    assertTrue(html.contains("<tr><td>batch-1 cutover began</td><td>2025-11-21T04:40:00Z</td></tr>"), html);
    assertEquals(List.of("DAG batch timeline"), RenderedCharts.of(html).titles());
    for (String kafka : List.of("lag", "Records per partition", "Consumer", "records lost", "consumer groups")) {
      assertFalse(html.contains(kafka), "'" + kafka + "' in an Airflow report: " + html);
    }
  }

  private String html(Progress run, Map<String, Progress> groupRuns) throws Exception {
    MigrationReport.Written written = MigrationReport.write(ID, run, groupRuns, dir, Instant.ofEpochMilli(T0 + 90_000));
    return Files.readString(written.html());
  }

  /** Lag samples of two topics, 5 s apart, the last at 0. */
  static List<LagSample> lag(int count) {
    List<LagSample> samples = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      long left = count - 1 - i;
      samples.add(new LagSample(T0 + i * 5_000L, Map.of("orders", 900L * left / Math.max(1, count - 1) + (count == 1 ? 900 : 0),
          "invoices", 120L * left / Math.max(1, count - 1) + (count == 1 ? 120 : 0))));
    }
    return samples;
  }

  static Progress kafkaRun(List<LagSample> lag) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(KafkaFacts.SOURCE_TOPICS.key(), "2");
    facts.put(KafkaFacts.SOURCE_PARTITIONS.key(), "4");
    facts.put(KafkaFacts.LAG_SAMPLES.key(), KafkaFacts.LAG_SAMPLES.encode(lag));
    facts.put(KafkaFacts.VERIFIED_PARTITIONS.key(), KafkaFacts.VERIFIED_PARTITIONS.encode(List.of(
        new PartitionRecords("orders", 0, 1_200, 1_200), new PartitionRecords("orders", 1, 800, 798),
        new PartitionRecords("orders", 2, 950, 950), new PartitionRecords("invoices", 0, 300, 301))));
    facts.put(KafkaFacts.VERIFIED_PARTITION_COUNT.key(), "4");
    facts.put(KafkaFacts.GROUPS_CUT_OVER.key(), "2 of 2");
    facts.put(KafkaFacts.GROUP_PARTITIONS.key("orders-processor"), "3");
    facts.put(KafkaFacts.GROUP_PAUSE.key("orders-processor"), "2269");
    facts.put(KafkaFacts.GROUP_PARTITIONS.key("invoice-mailer"), "1");
    facts.put(KafkaFacts.GROUP_PAUSE.key("invoice-mailer"), "1100");
    return new Progress(KafkaMigrationWorkflow.RUNBOOK, "payments", RunbookStatus.COMPLETED, "decommission",
        List.of(step("discover source and check the plan", "preflight", T0, T0 + 1_000),
            step("verify target against source", "verify", T0 + 10_000, T0 + 12_000),
            step("cut over 2 consumer groups", KafkaMigrationWorkflow.CONSUMERS_PHASE, T0 + 40_000, T0 + 43_000),
            step("switch producers", "cutover producers", T0 + 43_000, T0 + 44_000)),
        null, null, facts,
        List.of(new AuditEntry(T0 + 20_000, "mallory", "go-live", "APPROVE", "me too", "signal", false,
                "mallory may not decide gate go-live"),
            new AuditEntry(T0 + 30_000, "alice", "go-live", "APPROVE", "lag 0", "update", true, null),
            new AuditEntry(T0 + 60_000, "alice", "decommission", "APPROVE", null, "update", true, null),
            new AuditEntry(T0 + 61_000, "carol", "decommission", "APPROVE", "", "update", true, null)),
        "all phases done");
  }

  /** A group's child run: five steps from T0 + 40 s, the translation run {@code translationRuns} times. */
  static Progress groupRun(String group, long at, int translationRuns, List<AuditEntry> audit) {
    return new Progress(GroupCutoverWorkflow.RUNBOOK, "payments", RunbookStatus.COMPLETED, "main",
        List.of(step("stop " + group, "main", at, at + 100),
            new StepProgress("translate offsets of group " + group, "main", false, StepState.DONE, translationRuns, at + 100, at + 500,
                null),
            step("repoint " + group, "main", at + 500, at + 600), step("start " + group, "main", at + 600, at + 700),
            step("see group " + group + " consume on the target", "main", at + 700, at + 2_269)),
        null, null, Map.of(), audit, "all phases done");
  }

  static StepProgress step(String name, String phase, long startedAt, long finishedAt) {
    return new StepProgress(name, phase, false, StepState.DONE, 1, startedAt, finishedAt, null);
  }

  /** The titles of the page's SVG charts. */
  record RenderedCharts(List<String> titles) {
    static RenderedCharts of(String html) {
      return new RenderedCharts(dev.runbook.testkit.browser.RenderedCharts.fromDom(html).charts().stream()
          .map(dev.runbook.testkit.browser.RenderedCharts.Chart::title).toList());
    }
  }
}
