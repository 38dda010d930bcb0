package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.testkit.fakes.InMemoryKafkaWorld;
import dev.runbook.testkit.temporal.LocalTemporal;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
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
    assertEquals("error: " + plan + ": cutover.consumerGroups[1].grop: unknown field (known: apps, group)\n", result.err);
  }

  @Test
  void namesAWrongTypeWithItsPath() throws Exception {
    Path plan = write(Files.readString(EXAMPLE).replace("replicas: 3", "replicas: three"));
    Result result = cli("start", "kafka", "--plan", plan.toString(), "--dry-run");
    assertEquals(1, result.code);
    assertEquals("error: " + plan + ": target.replicas: 'three' is not a whole number\n", result.err);
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
    try (LocalTemporal temporal = LocalTemporal.start(0)) {
      WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
      Worker worker = factory.newWorker("runbooks");
      KafkaMigrationWorkflowImpl.IMPLEMENTATIONS.forEach(worker::registerWorkflowImplementationTypes);
      worker.registerActivitiesImplementations(world);
      factory.start();
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
