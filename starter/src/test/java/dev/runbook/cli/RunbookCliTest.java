package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.testkit.browser.HeadlessChromium;
import dev.runbook.testkit.browser.RenderedCharts;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testkit.temporal.LocalTemporal;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import dev.runbook.kernel.UnreadableInputInterceptor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as an operator types it: plans from files, a real Temporal frontend on a port, a worker. */
class RunbookCliTest {

  static final Path EXAMPLE = Path.of("../deploy/examples/kafka-plan.yaml");

  @TempDir Path dir;

  @Test
  void dryRunAcceptsTheExamplePlanAndShowsTheTemporalCommand() {
    Result result = cli("start", "kafka", "--plan", EXAMPLE.toString(), "--dry-run");
    assertEquals(0, result.code, result.err);
    assertTrue(result.out.startsWith(
        "plan OK: would start KafkaMigrationWorkflow as kafka-migration-kafka-payments on task queue runbooks\n"), result.out);
    assertTrue(result.out.contains("temporal workflow start --type KafkaMigrationWorkflow --task-queue runbooks"
        + " --workflow-id kafka-migration-kafka-payments --input '{\"migrationId\":\"payments-kafka\""), result.out);
    assertTrue(result.out.contains("\nrecord headers added: runbook.copied-to-target (null value) on every record MirrorMaker 2"
        + " copies to the target, runbook.copied-to-source on every record the reverse flow copies back to the source once"
        + " producers move; set replication.provenanceHeaders: false for clients that cannot tolerate them\n"
        + "rollback after producers moved: each producer waits, stopped, until the reverse flow has copied back everything"
        + " written on the target, in order per partition;"), result.out);
  }

  @Test
  void recordsWhoStartsSoATwoPersonGateCanRefuseThem() throws Exception {
    Path plan = write(Files.readString(EXAMPLE).replace("minApprovers: 2", "twoPerson: true"));
    Result started = cli("start", "kafka", "--plan", plan.toString(), "--dry-run", "--as", "carol");
    assertEquals(0, started.code, started.err);
    assertTrue(started.out.contains("\"startedBy\":\"carol\""), started.out);

    Result alone = cli("start", "kafka", "--plan", write(Files.readString(plan)
        .replace("approvers: [alice, bob, carol]", "approvers: [alice, carol]")).toString(), "--dry-run", "--as", "carol");
    assertEquals(1, alone.code);
    assertTrue(alone.err.endsWith("  - approvals.gates.decommission.twoPerson: 2 approvers other than 'carol', who started "
        + "the run, are required but only 1 listed\n"), alone.err);

    Result someoneElse = cli("start", "kafka", "--plan", write(Files.readString(plan) + "  startedBy: dave\n").toString(),
        "--dry-run", "--as", "carol");
    assertEquals(1, someoneElse.code);
    assertEquals("error: approvals.startedBy: the plan says 'dave' but 'carol' is starting it; remove the field "
        + "(the CLI records who starts)\n", someoneElse.err);
  }

  @Test
  void namesAnUnknownFieldWithItsPath() throws Exception {
    Path plan = write(Files.readString(EXAMPLE).replace("    - group: invoice-mailer", "    - grop: invoice-mailer"));
    Result result = cli("start", "kafka", "--plan", plan.toString(), "--dry-run");
    assertEquals(1, result.code);
    assertEquals("error: " + plan + ": cutover.consumerGroups[1].grop: unknown field (known: apps, group, isolation)\n", result.err);
  }

  @Test
  void refusesAReportDirectoryNamedByAWorkflowIdThatIsNotAPlainName() {
    Result result = cli("report", "../etc", "--address", "127.0.0.1:1");
    assertEquals(1, result.code);
    assertEquals("error: workflow id '../etc' is not a plain directory name: give --out DIR\n", result.err);
    assertEquals(1, cli("report", "..", "--address", "127.0.0.1:1").code);
    assertTrue(Files.notExists(Path.of("reports")), "nothing written");
  }

  @Test
  void aServerThatCannotBeReachedIsOneLineNamingItsAddressAndHowToPointElsewhere() {
    for (String[] command : List.of(new String[] {"list", "--address", "127.0.0.1:1"},
        new String[] {"status", "kafka-migration-x", "--address", "127.0.0.1:1"})) {
      Result result = cli(command);
      assertEquals(1, result.code, result.err);
      assertEquals("", result.out, "no table header above the error");
      assertTrue(result.err.startsWith("error: cannot reach Temporal at 127.0.0.1:1 ("), result.err);
      assertTrue(result.err.endsWith("or point at one with --address or RUNBOOK_TEMPORAL_ADDRESS\n"), result.err);
      assertEquals(1, result.err.lines().count(), result.err);
    }
  }

  @Test
  void namesAWrongTypeWithItsPath() throws Exception {
    Path plan = write(Files.readString(EXAMPLE).replace("replicas: 3", "replicas: three"));
    Result result = cli("start", "kafka", "--plan", plan.toString(), "--dry-run");
    assertEquals(1, result.code);
    assertEquals("error: " + plan + ": target.replicas: 'three' is not a whole number\n", result.err);
  }

  @Test
  void namesABadEnumValueWithItsPathAndTheAllowedValues() throws Exception {
    Path kafka = write(Files.readString(EXAMPLE).replace("order: CONSUMERS_FIRST", "order: CONSUMER_FIRST"));
    Result kafkaResult = cli("start", "kafka", "--plan", kafka.toString(), "--dry-run");
    assertEquals(1, kafkaResult.code);
    assertEquals("error: " + kafka + ": cutover.order: 'CONSUMER_FIRST' is not one of CONSUMERS_FIRST, PRODUCERS_FIRST\n",
        kafkaResult.err);

    Path airflow = write(Files.readString(Path.of("../deploy/examples/airflow-plan.yaml")).replace("onConflict: FAIL", "onConflict: MERGE"));
    Result airflowResult = cli("start", "airflow", "--plan", airflow.toString(), "--dry-run");
    assertEquals(1, airflowResult.code);
    assertEquals("error: " + airflow + ": metadata.onConflict: 'MERGE' is not one of FAIL, SKIP, OVERWRITE\n", airflowResult.err);
  }

  @Test
  void startHelpNamesBothRunbooksAndEveryDefault() {
    Result help = cli("start", "--help");
    assertEquals(0, help.code, help.err);
    assertTrue(help.out.contains("<runbook>             Which runbook: kafka, airflow\n"), help.out);
    assertTrue(help.out.contains("default 127.0.0.1:7233"), help.out);
    assertTrue(help.out.contains("--verbose"), help.out);
    assertFalse(help.out.contains("null"), help.out);
  }

  @Test
  void listsEveryProblemOfAnInvalidPlan() throws Exception {
    Path plan = write(Files.readString(EXAMPLE)
        .replace("minApprovers: 2", "minApprovers: 4")
        .replace("include: \"(orders|payments|invoices)(\\\\..*)?\"", "include: \"(orders\"")
        .replace("- group: invoice-mailer", "- group: orders-processor"));
    Result result = cli("start", "kafka", "--plan", plan.toString(), "--dry-run");
    assertEquals(1, result.code);
    assertEquals(plan + ": 3 problem(s):\n"
        + "  - topics.include: '(orders' is not a valid regular expression (Unclosed group)\n"
        + "  - cutover.consumerGroups[1].group: 'orders-processor' is listed twice\n"
        + "  - approvals.gates.decommission.minApprovers: 4 approvals required but only 3 approver(s) listed\n", result.err);
  }

  @Test
  void startsWatchesAndDecidesAgainstARealFrontend() throws Exception {
    InMemoryKafkaWorld world = exampleWorld();
    try (LocalTemporal temporal = LocalTemporal.start(0)) {
      WorkerFactory factory = startWorker(temporal, world);
      String address = temporal.address();
      String id = "kafka-migration-kafka-payments";

      Result started = cli("start", "kafka", "--plan", EXAMPLE.toString(), "--address", address);
      assertEquals(0, started.code, started.err);
      assertEquals("started " + id + "\n  watch:   runbook status " + id + " --watch\n", started.out);
      assertEquals("error: a runbook with id '" + id + "' is already running (one migration per target)\n",
          cli("start", "kafka", "--plan", EXAMPLE.toString(), "--address", address).err);

      String status = awaitStatus(address, id, "WAITING AT GATE 'go-live'");
      assertTrue(status.contains("$ runbook approve " + id + " go-live --as YOUR_NAME"), status);
      assertTrue(status.contains("[done]    create Kafka cluster"), status);

      Result refused = cli("approve", id, "go-live", "--as", "mallory", "--address", address);
      assertEquals(1, refused.code);
      assertEquals("error: refused: 'mallory' may not decide gate 'go-live'; allowed: alice, bob\n", refused.err);

      Result approved = cli("approve", id, "go-live", "--as", "alice", "--comment", "lag 0", "--address", address);
      assertEquals("APPROVE by alice at gate 'go-live': approved: continuing\n", approved.out);
      awaitStatus(address, id, "WAITING AT GATE 'decommission'");
      Result first = cli("approve", id, "decommission", "--as", "alice", "--address", address);
      assertEquals("APPROVE by alice at gate 'decommission': waiting for 1 more approval(s)\n", first.out, first.err);
      cli("approve", id, "decommission", "--as", "carol", "--address", address);

      String done = awaitStatus(address, id, "status COMPLETED");
      assertTrue(done.contains("alice APPROVE go-live via update — accepted — \"lag 0\""), done);
      assertTrue(world.changes.contains("delete mirrormaker payments-mirror"));
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void writesTheReportOfARunThatChromiumRendersWithItsCharts() throws Exception {
    InMemoryKafkaWorld world = exampleWorld();
    world.partitionRecords.put("orders", List.of(1_200L, 800L, 950L));
    world.partitionRecords.put("invoices", List.of(300L));
    long t0 = 1_763_700_000_000L;
    world.lagSamples.addAll(List.of(new LagSample(t0, Map.of("orders", 900L, "invoices", 120L)),
        new LagSample(t0 + 5_000, Map.of("orders", 400L, "invoices", 30L)),
        new LagSample(t0 + 10_000, Map.of("orders", 0L, "invoices", 0L))));
    try (LocalTemporal temporal = LocalTemporal.start(0)) {
      WorkerFactory factory = startWorker(temporal, world);
      String address = temporal.address();
      String id = "kafka-migration-kafka-payments";
      assertEquals(0, cli("start", "kafka", "--plan", EXAMPLE.toString(), "--address", address).code);
      awaitStatus(address, id, "WAITING AT GATE 'go-live'");
      // Refused by signal: recorded in the audit trail (an update would be refused before any record).
      temporal.client().newUntypedWorkflowStub(id).signal(RunbookControl.DECISION_SIGNAL,
          GateDecision.approve("go-live", "mallory", "me too"));
      awaitStatus(address, id, "mallory APPROVE go-live via signal — REFUSED");
      cli("approve", id, "go-live", "--as", "alice", "--comment", "lag 0", "--address", address);
      awaitStatus(address, id, "WAITING AT GATE 'decommission'");
      cli("approve", id, "decommission", "--as", "alice", "--address", address);
      cli("approve", id, "decommission", "--as", "carol", "--address", address);
      awaitStatus(address, id, "status COMPLETED");

      // Kept after the build as a sample, beside the screenshot.
      Path out = Path.of("target/report-artifacts", id);
      Result report = cli("report", id, "--out", out.toString(), "--address", address);
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);

      assertEquals(0, report.code, report.err);
      assertTrue(report.out.startsWith("report of " + id + " (COMPLETED) in " + out + "\n  open:  " + out.resolve("report.html")
          + "\n"), report.out);
      for (String file : List.of("report.md", "replication-lag.svg", "records-per-partition.svg", "cutover-pause.svg",
          "steps.csv", "approvals.csv", "progress.json", "verification.csv")) {
        assertTrue(report.out.contains("         " + out.resolve(file) + "\n"), file + " not listed: " + report.out);
        assertTrue(Files.size(out.resolve(file)) > 0, file);
      }
      // Drawn from the run itself: the CLI needs nothing from the worker's disk.
      assertEquals(List.of("topic,partition,source_records,target_records", "orders,0,1200,1200", "orders,1,800,800",
          "orders,2,950,950", "invoices,0,300,300"), Files.readAllLines(out.resolve("verification.csv")));
      List<String> approvals = Files.readAllLines(out.resolve("approvals.csv"));
      assertEquals("at,actor,subject,decision,channel,accepted,reason,comment", approvals.get(0));
      assertEquals(5, approvals.size(), approvals.toString());
      assertTrue(approvals.get(1).endsWith(",mallory,go-live,APPROVE,signal,false,\"'mallory' may not decide gate 'go-live';"
          + " allowed: alice, bob\",me too"), approvals.get(1));
      String markdown = Files.readString(out.resolve("report.md"));
      assertTrue(markdown.contains("![Replication lag over time](replication-lag.svg)"), markdown);
      assertFalse(markdown.contains("DAG"), "a Kafka report has no section of the Airflow runbook: " + markdown);
      assertTrue(markdown.contains("| verify | verify target against source | DONE | 1 |"), markdown);
      for (String group : List.of("orders-processor", "invoice-mailer")) {
        assertTrue(markdown.matches("(?s).*\\| cutover consumers \\| group " + group + " \\(\\d+ steps in its own run\\) \\| COMPLETED \\|.*"),
            "one row per group from its child run: " + markdown);
      }

      HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
      Path artifacts = Files.createDirectories(Path.of("target/report-artifacts"));
      Path png = chromium.screenshot(out.resolve("report.html"), artifacts.resolve("report.png"), 1000, 2600);
      RenderedCharts charts = RenderedCharts.fromDom(chromium.dumpDom(out.resolve("report.html")));
      assertEquals(3, charts.charts().size(), charts.toString());
      RenderedCharts.Chart lag = charts.titled("Replication lag over time");
      assertEquals(4, lag.drawnPaths(), "axes and three lines: " + lag);
      assertTrue(lag.texts().containsAll(List.of("total", "orders", "invoices", "10", "seconds since the catch-up began")),
          lag.texts().toString());
      RenderedCharts.Chart records = charts.titled("Records per partition");
      assertEquals(2 * 4 + 2, records.drawnRects(), "source and target bars of 4 partitions and 2 legend keys: " + records);
      assertTrue(records.texts().containsAll(List.of("orders-0", "orders-2", "invoices-0", "source", "target")), records.texts().toString());
      RenderedCharts.Chart pauses = charts.titled("Consumer cutover pause per group");
      assertEquals(2, pauses.drawnRects(), pauses.toString());
      assertTrue(pauses.texts().containsAll(List.of("orders-processor", "invoice-mailer")), pauses.texts().toString());
      assertTrue(RenderedCharts.pixelsOfColour(png, 0x2563eb, 24) > 500, "the charts' blue is not on the screenshot " + png);
    }
  }

  private static InMemoryKafkaWorld exampleWorld() {
    String source = "pkc-4r297.europe-west1.gcp.confluent.cloud:9092";
    InMemoryKafkaWorld world = new InMemoryKafkaWorld(
        List.of(new TopicSpec("orders", 3, 3, Map.of()), new TopicSpec("invoices", 1, 3, Map.of())),
        List.of(new GroupInfo("orders-processor", "Stable", 1, List.of("orders"), 0),
            new GroupInfo("invoice-mailer", "Stable", 1, List.of("invoices"), 0)),
        source, "payments-kafka-bootstrap.kafka.svc:9092");
    for (String app : List.of("shop/orders-processor", "billing/invoice-mailer", "shop/checkout", "billing/payments-gateway")) {
      String[] parts = app.split("/");
      world.withApp(new AppRef(parts[0], parts[1], "app", new ConfigLocation("X", null, null, null)), 1);
    }
    return world;
  }

  private static WorkerFactory startWorker(LocalTemporal temporal, InMemoryKafkaWorld world) {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client(), WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new UnreadableInputInterceptor()).build());
    Worker worker = factory.newWorker("runbooks");
    KafkaMigrationWorkflowImpl.IMPLEMENTATIONS.forEach(worker::registerWorkflowImplementationTypes);
    worker.registerActivitiesImplementations(world);
    factory.start();
    return factory;
  }

  private String awaitStatus(String address, String id, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Result last = null;
    while (System.nanoTime() < deadline) {
      last = cli("status", id, "--address", address);
      if (last.out.contains(expected)) {
        return last.out;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("status never showed '" + expected + "'; last: " + last.out + last.err);
  }

  private Path write(String content) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, content);
    return plan;
  }

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RunbookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private record Result(int code, String out, String err) {}
}
