package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.testkit.browser.HeadlessChromium;
import dev.runbook.testkit.browser.RenderedCharts;
import dev.runbook.testkit.world.AirflowRehearsal;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab run unattended, as a newcomer's first command would, with its figures checked. */
class LabIT {

  @TempDir Path out;

  @Test
  void unattendedRehearsalRunsBothRunbooksWithEveryRecordProcessedExactlyOnce() throws Exception {
    System.setProperty("runbook.home", "..");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Lab lab = new Lab(new PrintStream(screen, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader("")));
    new CommandLine(lab).parseArgs("--auto-approve", "--out", out.toString());

    LabSummary summary = lab.rehearse();

    assertEquals(RunbookStatus.COMPLETED, summary.kafkaStatus(), summary.kafkaMessage());
    assertTrue(summary.allAppsOnTarget(), summary.placements().toString());
    // How many samples the catch-up takes depends on the machine's speed (MirrorMaker 2 may copy the
    // backlog before the first read on a busy one): a figure, printed, not asserted.
    List<Long> lag = summary.lagSamples().stream().map(LagSample::total).toList();
    System.out.println("catch-up lag samples (records): " + lag);
    assertFalse(lag.isEmpty(), "the catch-up sampled the lag");
    for (int i = 1; i < lag.size(); i++) {
      assertTrue(lag.get(i) <= lag.get(i - 1), "the lag never grows while MirrorMaker 2 catches up: " + lag);
    }
    assertTrue(lag.get(lag.size() - 1) <= 50, "the gate opened within the lab plan's maxLagRecords (50): " + lag);
    assertEquals(2, summary.deliveries().size());
    summary.deliveries().forEach((group, account) -> {
      assertTrue(account.produced() > 100, group + ": " + account);
      assertEquals(0, account.duplicates(), group + ": " + account);
      assertEquals(0, account.lost(), group + ": " + account);
      assertTrue(summary.cutoverPauseMillis().get(group) > 0, group + " has no measured cutover pause");
    });
    assertTrue(Files.exists(out.resolve("lab-kafka/verification.csv")));
    LabSummary.Schemas schemas = summary.schemas();
    assertTrue(schemas != null, "the lab rehearses the Schema Registry where Apicurio Registry runs: " + screen);
    assertTrue(schemas.subjects() >= 20 && schemas.versions() >= 60, schemas.toString());
    assertEquals("schemas match: " + schemas.subjects() + " subjects, " + (schemas.versions() + 1) + " versions",
        schemas.verification().substring(0, schemas.verification().lastIndexOf(',')), "every version and the late one, IDs equal");
    schemas.decodings().forEach((group, decoding) -> {
      assertTrue(decoding.onTarget() > 0, group + ": " + decoding);
      assertTrue(decoding.everyRecordThroughTheTarget(), group + ": " + decoding);
    });
    assertTrue(schemas.decodings().get("orders-processor").withLateVersion() > 0, schemas.toString());
    assertTrue(summary.render().contains("every record processed exactly once"), summary.render());
    assertTrue(screen.toString(StandardCharsets.UTF_8).contains("WAITING AT GATE 'go-live'"));
    if (AirflowRehearsal.installed()) {
      assertEquals(RunbookStatus.COMPLETED, summary.airflow().status(), summary.airflow().message());
      String rendered = summary.render();
      int first = rendered.indexOf("  batch-1: ");
      int second = rendered.indexOf("  batch-2: ");
      assertTrue(first != -1 && second > first, "batches in the order they ran: " + rendered);
    } else {
      assertTrue(System.getenv("RUNBOOK_REQUIRE_AIRFLOW") == null, "Airflow is required here but not installed");
      assertTrue(summary.render().contains("Airflow runbook: not rehearsed"), summary.render());
    }
    assertEquals(AirflowRehearsal.installed() ? 2 : 1, summary.reportPages().size(), summary.reportPages().toString());
    assertTrue(summary.render().contains("migration report of kafka-migration-"), summary.render());
    checkKafkaReport(summary.reportPages().values().iterator().next());
    if (AirflowRehearsal.installed()) {
      checkAirflowReport(summary.reportPages().values().stream().skip(1).findFirst().orElseThrow());
    }
    System.out.println(summary.render());
  }

  /** The real run's charts, as Chromium renders them: lag of both topics, records of each partition, each group's pause. */
  private static void checkKafkaReport(Path page) throws Exception {
    keep(page);
    HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
    Path png = chromium.screenshot(page, artifacts().resolve("kafka-report.png"), 1000, 2800);
    RenderedCharts charts = RenderedCharts.fromDom(chromium.dumpDom(page));
    RenderedCharts.Chart lag = charts.titled("Replication lag over time");
    assertEquals(4, lag.drawnPaths(), "axes, total and one line per topic: " + lag);
    assertTrue(lag.texts().containsAll(List.of("total", "orders", "payments")), lag.texts().toString());
    RenderedCharts.Chart records = charts.titled("Records per partition");
    assertEquals(2 * 5 + 2, records.drawnRects(), "source and target bars of 5 partitions and 2 legend keys: " + records);
    assertTrue(records.texts().containsAll(List.of("orders-0", "orders-2", "payments-1")), records.texts().toString());
    RenderedCharts.Chart pauses = charts.titled("Consumer cutover pause per group");
    assertEquals(2, pauses.drawnRects(), pauses.toString());
    assertTrue(pauses.texts().containsAll(List.of("orders-processor", "payments-ledger")), pauses.texts().toString());
    assertFalse(Files.readString(page).contains("DAG batch"), "a Kafka report carries no Airflow section");
    List<String> groupRows = Files.readAllLines(page.resolveSibling("report.md")).stream()
        .filter(line -> line.contains(" steps in its own run)")).toList();
    assertEquals(2, groupRows.size(), "one row per consumer group, from its child run: " + groupRows);
    assertTrue(groupRows.get(0).contains("group orders-processor (") && groupRows.get(0).contains("COMPLETED"), groupRows.get(0));
    assertTrue(groupRows.get(1).contains("group payments-ledger (") && groupRows.get(1).contains("COMPLETED"), groupRows.get(1));
    assertTrue(RenderedCharts.pixelsOfColour(png, 0x2563eb, 24) > 500, "the charts' blue is not on " + png);
  }

  private static void checkAirflowReport(Path page) throws Exception {
    keep(page);
    HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
    chromium.screenshot(page, artifacts().resolve("airflow-report.png"), 1000, 2400);
    RenderedCharts charts = RenderedCharts.fromDom(chromium.dumpDom(page));
    assertEquals(1, charts.charts().size(), charts.toString());
    RenderedCharts.Chart batches = charts.titled("DAG batch timeline");
    assertEquals(2 * 2 + 2, batches.drawnRects(), "cutover and gate wait of 2 batches and 2 legend keys: " + batches);
    assertTrue(batches.texts().containsAll(List.of("batch-1 (4 DAGs)", "cutover", "gate wait")), batches.texts().toString());
    assertTrue(batches.texts().stream().anyMatch(text -> text.startsWith("batch-2 (")), batches.texts().toString());
    assertFalse(Files.readString(page).contains("Replication lag"), "an Airflow report carries no Kafka section");
  }

  /** Keeps a run's report directory after the build (the rehearsal's own directory is temporary). */
  private static void keep(Path page) throws Exception {
    Path target = artifacts().resolve(page.getParent().getFileName());
    try (var files = Files.list(page.getParent())) {
      Files.createDirectories(target);
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static Path artifacts() throws Exception {
    return Files.createDirectories(Path.of("target/report-artifacts"));
  }
}
