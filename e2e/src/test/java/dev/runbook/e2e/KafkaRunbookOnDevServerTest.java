package dev.runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.cli.RunbookCli;
import dev.runbook.testkit.Eventually;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka runbook end to end against a real {@code temporal server start-dev}: the operator starts,
 * watches and decides with the {@code temporal} CLI and ours; the worker is its own JVM; its outside
 * world (in memory) journals every change to a file, so the test checks what was done and by which
 * worker process.
 */
class KafkaRunbookOnDevServerTest {

  static final Path EXAMPLE = Path.of("../deploy/examples/kafka-plan.yaml");
  static final Duration WAIT = Duration.ofSeconds(90);
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TARGET = InMemoryKafkaWorkerMain.TARGET;

  /** What the approved runbook does to the example plan's world, in order (CONSUMERS_FIRST). */
  static final List<String> COMPLETED_RUN = List.of(
      "apply cluster payments", "apply topics [orders, invoices]",
      "apply users [orders-processor, invoice-mailer, checkout, payments-gateway]", "apply mirrormaker payments-mirror",
      "stop shop/orders-processor", "translate orders-processor SOURCE_TO_TARGET",
      "repoint shop/orders-processor to " + TARGET, "start shop/orders-processor x2",
      "stop billing/invoice-mailer", "translate invoice-mailer SOURCE_TO_TARGET",
      "repoint billing/invoice-mailer to " + TARGET, "start billing/invoice-mailer x2",
      "stop shop/checkout", "repoint shop/checkout to " + TARGET, "start shop/checkout x2",
      "stop billing/payments-gateway", "repoint billing/payments-gateway to " + TARGET, "start billing/payments-gateway x2",
      "delete mirrormaker payments-mirror");
  /** The changes made before the first gate ({@code go-live}) opens. */
  static final int BEFORE_GO_LIVE = 4;

  @TempDir static Path dir;
  static TemporalDevServer server;
  static final StringBuilder skipReason = new StringBuilder();

  @TempDir Path runDir;

  @BeforeAll
  static void startServer() {
    TemporalDevServer.findBinary(skipReason).ifPresent(binary -> server = TemporalDevServer.start(binary, dir));
  }

  @BeforeEach
  void requireServer() {
    Assumptions.assumeTrue(server != null, skipReason::toString);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
      assertFalse(TemporalDevServer.accepts(server.port()), "the dev server still listens on " + server.port());
    }
  }

  @Test
  void operatorRunsTheKafkaRunbookWithTheTemporalCli() throws Exception {
    String id = "kafka-e2e-cli";
    Path journal = runDir.resolve("journal.txt");
    try (WorkerProcess worker = WorkerProcess.start(server.address(), journal, runDir.resolve("worker.log"))) {
      startWithTemporalCli(id);

      JsonNode atGoLive = awaitGate(id, "go-live");
      assertEquals("WAITING_FOR_GATE", atGoLive.get("status").asText());
      assertEquals(List.of("alice", "bob"), strings(atGoLive.get("pendingGate").get("approvers")));
      assertEquals(COMPLETED_RUN.subList(0, BEFORE_GO_LIVE), changes(journal));

      TemporalCli.Result signalled = temporal("workflow", "signal", "--workflow-id", id, "--name", "decision",
          "--input", decision("go-live", "bob", "lag 0"));
      assertEquals(0, signalled.code(), signalled.both());

      awaitGate(id, "decommission");
      TemporalCli.Result refused = temporal("workflow", "update", "execute", "--workflow-id", id, "--name", "decide",
          "--input", decision("decommission", "mallory", null));
      assertNotEquals(0, refused.code(), refused.both());
      assertTrue(refused.both().contains("'mallory' may not decide gate 'decommission'; allowed: alice, bob, carol"),
          refused.both());

      for (String approver : List.of("alice", "carol")) {
        TemporalCli.Result accepted = temporal("workflow", "update", "execute", "--workflow-id", id, "--name", "decide",
            "--input", decision("decommission", approver, null));
        assertEquals(0, accepted.code(), accepted.both());
      }

      awaitClosed(id);
      String status = ourCli("status", id, "--address", server.address());
      assertTrue(status.contains("status COMPLETED"), status);
      assertTrue(status.contains("bob APPROVE go-live via signal — accepted — \"lag 0\""), status);
      assertFalse(status.contains("mallory"), "a refused Update is validated away before history records it: " + status);
      assertEquals(COMPLETED_RUN, changes(journal));
      assertEquals(1, pids(journal).size(), "one worker did everything");
    }
  }

  @Test
  void runSurvivesAKilledWorkerAndARestartedServer() throws Exception {
    String id = "kafka-e2e-crash";
    Path journal = runDir.resolve("journal.txt");
    Path log = runDir.resolve("worker.log");
    WorkerProcess first = WorkerProcess.start(server.address(), journal, log);
    try {
      startWithTemporalCli(id);
      awaitGate(id, "go-live");
    } finally {
      first.kill();
    }
    assertEquals(COMPLETED_RUN.subList(0, BEFORE_GO_LIVE), changes(journal));

    try (WorkerProcess second = WorkerProcess.start(server.address(), journal, log)) {
      TemporalCli.Result signalled = temporal("workflow", "signal", "--workflow-id", id, "--name", "decision",
          "--input", decision("go-live", "alice", null));
      assertEquals(0, signalled.code(), signalled.both());
      awaitGate(id, "decommission");
      ourCli("approve", id, "decommission", "--as", "alice", "--address", server.address());

      server.restart();
      JsonNode afterRestart = awaitGate(id, "decommission");
      assertEquals(List.of("alice"), strings(afterRestart.get("pendingGate").get("approvedBy")));
      ourCli("approve", id, "decommission", "--as", "bob", "--address", server.address());

      awaitClosed(id);
      assertTrue(second.isAlive(), "the worker rode out the server restart");
    }
    assertEquals(COMPLETED_RUN, changes(journal), "each change exactly once across the crash and the restart");
    List<String> pids = pids(journal);
    assertEquals(2, pids.size(), pids.toString());
    assertEquals(pids.get(0), lines(journal).get(BEFORE_GO_LIVE - 1).split(" ")[0]);
    assertEquals(pids.get(1), lines(journal).get(BEFORE_GO_LIVE).split(" ")[0]);
  }

  /** Starts the run exactly as {@code runbook start --dry-run} tells an operator to, with the plan's JSON in a file. */
  private void startWithTemporalCli(String id) throws IOException {
    String dryRun = ourCli("start", "kafka", "--plan", EXAMPLE.toString(), "--dry-run");
    String input = dryRun.substring(dryRun.indexOf("--input '") + "--input '".length(), dryRun.lastIndexOf('\''));
    Path plan = runDir.resolve("plan.json");
    Files.writeString(plan, input);
    TemporalCli.Result started = temporal("workflow", "start", "--type", "KafkaMigrationWorkflow",
        "--task-queue", "runbooks", "--workflow-id", id, "--input-file", plan.toString());
    assertEquals(0, started.code(), started.both());
  }

  private JsonNode awaitGate(String id, String gate) {
    return Eventually.await("gate '" + gate + "' open in " + id, WAIT, () -> progress(id),
        progress -> progress != null && progress.hasNonNull("pendingGate")
            && gate.equals(progress.get("pendingGate").get("name").asText()));
  }

  /** The {@code progress} query through the temporal CLI; null while no worker has answered yet. */
  private JsonNode progress(String id) {
    TemporalCli.Result result = temporal("workflow", "query", "--workflow-id", id, "--name", "progress", "-o", "json");
    if (result.code() != 0) {
      return null;
    }
    return readJson(result.out()).get("queryResult").get(0);
  }

  private void awaitClosed(String id) {
    JsonNode described = Eventually.await(id + " closed", WAIT, () -> describe(id),
        info -> !"WORKFLOW_EXECUTION_STATUS_RUNNING".equals(info.get("status").asText()));
    assertEquals("WORKFLOW_EXECUTION_STATUS_COMPLETED", described.get("status").asText(), described.toString());
  }

  private JsonNode describe(String id) {
    TemporalCli.Result result = temporal("workflow", "describe", "--workflow-id", id, "-o", "json");
    assertEquals(0, result.code(), result.both());
    return readJson(result.out()).get("workflowExecutionInfo");
  }

  private static String decision(String gate, String approver, String comment) {
    return JSON.createObjectNode().put("gate", gate).put("approver", approver).put("verdict", "APPROVE")
        .put("comment", comment).toString();
  }

  private static TemporalCli.Result temporal(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", server.address()));
    return TemporalCli.run(server.binary(), CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static String ourCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RunbookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    return out.toString();
  }

  /** The journal's changes without the worker pid that made them. */
  static List<String> changes(Path journal) throws IOException {
    return lines(journal).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
  }

  static List<String> pids(Path journal) throws IOException {
    return lines(journal).stream().map(line -> line.substring(0, line.indexOf(' '))).distinct().toList();
  }

  private static List<String> lines(Path journal) throws IOException {
    return Files.exists(journal) ? Files.readAllLines(journal) : List.of();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }
}
