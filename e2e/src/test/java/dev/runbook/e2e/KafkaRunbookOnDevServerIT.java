package dev.runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.cli.RunbookCli;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.browser.ChromiumSession;
import dev.runbook.testkit.temporal.LocalTemporal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka runbook end to end against a real {@code temporal server start-dev}: the operator starts,
 * watches and decides with the {@code temporal} CLI and ours; the worker is its own JVM, killed with
 * SIGKILL while an activity is in flight; its outside world ({@link OutsideWorld}) outlives it on disk,
 * so the test checks what was done, exactly once, and by which worker process; the Temporal UI is
 * opened in headless Chromium and its screenshots kept under {@code e2e/target/ui-artifacts/}.
 */
class KafkaRunbookOnDevServerIT {

  static final Path EXAMPLE = Path.of("../deploy/examples/kafka-plan.yaml");
  static final Duration WAIT = Duration.ofSeconds(90);
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SOURCE = InMemoryKafkaWorkerMain.SOURCE;
  static final String TARGET = InMemoryKafkaWorkerMain.TARGET;

  /** What the approved runbook does to the example plan's world, in order (CONSUMERS_FIRST). */
  static final List<String> COMPLETED_RUN = List.of(
      "apply cluster payments", "apply topics [orders, invoices]",
      "apply users [orders-processor, invoice-mailer, checkout, payments-gateway]", "apply mirrormaker payments-mirror",
      "stop shop/orders-processor", "translate orders-processor SOURCE_TO_TARGET",
      "repoint shop/orders-processor to " + TARGET, "start shop/orders-processor x2",
      // The example plan names invoice-mailer's isolation.level (READ_UNCOMMITTED); the translation gets it.
      "stop billing/invoice-mailer", "translate invoice-mailer SOURCE_TO_TARGET read_uncommitted",
      "repoint billing/invoice-mailer to " + TARGET, "start billing/invoice-mailer x2",
      // Before the first producer moves, the reverse flow starts, so that a rollback loses nothing written on the target.
      "apply mirrormaker payments-mirror-back",
      "stop shop/checkout", "repoint shop/checkout to " + TARGET, "start shop/checkout x2",
      "stop billing/payments-gateway", "repoint billing/payments-gateway to " + TARGET, "start billing/payments-gateway x2",
      "delete mirrormaker payments-mirror", "delete mirrormaker payments-mirror-back",
      "delete source topics [payments-mirror-back-connect-configs, payments-mirror-back-connect-offsets,"
          + " payments-mirror-back-connect-status]");
  /** The changes made before the first gate ({@code go-live}) opens. */
  static final int BEFORE_GO_LIVE = 4;
  /** The changes made once the first consumer group ({@code orders-processor}) runs on the target. */
  static final int FIRST_GROUP_CUT_OVER = 8;

  /** A rollback asked for while the first group is cut over: every undo once, newest first. */
  static final List<String> ROLLED_BACK_AFTER_FIRST_GROUP = Stream.concat(COMPLETED_RUN.subList(0, FIRST_GROUP_CUT_OVER).stream(),
      Stream.of("stop shop/orders-processor", "translate orders-processor TARGET_TO_SOURCE",
          "repoint shop/orders-processor to " + SOURCE, "start shop/orders-processor x2",
          "delete mirrormaker payments-mirror", "delete users [orders-processor, invoice-mailer, checkout, payments-gateway]",
          "delete topics [orders, invoices]", "delete cluster payments")).toList();
  /** The child runbook that moves the first consumer group (ids follow the plan's target, one live migration per target). */
  static final String FIRST_GROUP_CHILD = "kafka-migration-kafka-payments/group/orders-processor";
  /** The undo changes made before the offsets are translated back (the undo the worker is killed in). */
  static final int BEFORE_TRANSLATING_BACK = FIRST_GROUP_CUT_OVER + 1;

  /** Where the Temporal UI's screenshots and rendered DOM are kept (a test artifact; relative to {@code e2e/}). */
  static final Path UI_ARTIFACTS = Path.of("target/ui-artifacts");

  @TempDir static Path dir;
  static LocalTemporal server;
  static Path temporalCli;
  static final StringBuilder skipReason = new StringBuilder();

  @TempDir Path runDir;
  OutsideWorld world;

  @BeforeAll
  static void startServer() {
    TemporalCli.findBinary(skipReason).ifPresent(binary -> {
      temporalCli = binary;
      server = LocalTemporal.startDevServer(binary, dir);
    });
  }

  @BeforeEach
  void requireServer() {
    Assumptions.assumeTrue(server != null, skipReason::toString);
    world = new OutsideWorld(runDir);
  }

  /**
   * Terminates what a failed test left running: every run shares the example plan's target, so its
   * consumer-group children (named after the target) would collide with the next test's.
   */
  @AfterEach
  void terminateLeftovers() {
    if (server == null) {
      return;
    }
    TemporalCli.Result running = temporal("workflow", "list", "--query", "ExecutionStatus=\"Running\"", "-o", "json");
    if (running.code() != 0 || running.out().isBlank()) {
      return;
    }
    for (JsonNode execution : readJson(running.out())) {
      String leftover = execution.path("execution").path("workflowId").asText();
      temporal("workflow", "terminate", "--workflow-id", leftover, "--reason", "left running by a test");
    }
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
      assertFalse(accepts(server.address()), "the dev server still listens on " + server.address());
    }
  }

  @Test
  void operatorRunsTheKafkaRunbookWithTheTemporalCli() throws Exception {
    String id = "kafka-e2e-cli";
    try (WorkerProcess worker = WorkerProcess.start(server.address(), world)) {
      startWithTemporalCli(id);

      JsonNode atGoLive = awaitGate(id, "go-live");
      assertEquals("WAITING_FOR_GATE", atGoLive.get("status").asText());
      assertEquals(List.of("alice", "bob"), strings(atGoLive.get("pendingGate").get("approvers")));
      assertEquals(COMPLETED_RUN.subList(0, BEFORE_GO_LIVE), world.changes());

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
      assertEquals(COMPLETED_RUN, world.changes());
      assertEquals(1, world.pids().size(), "one worker did everything");
    }
  }

  @Test
  void runSurvivesAWorkerKilledDuringTheCatchUpWaitAndARestartedServer() throws Exception {
    String id = "kafka-e2e-crash";
    world.hold("catch-up");
    WorkerProcess first = WorkerProcess.start(server.address(), world);
    try {
      startWithTemporalCli(id);
      awaitInFlight(id, "AwaitCatchUp", first);
    } finally {
      first.kill();
    }
    assertEquals(COMPLETED_RUN.subList(0, BEFORE_GO_LIVE), world.changes());
    world.release();

    WorkerProcess second = WorkerProcess.start(server.address(), world);
    try (second) {
      JsonNode atGoLive = awaitGate(id, "go-live");
      assertEquals("DONE", stepState(atGoLive, "await replication catch-up"));
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
    assertEquals(COMPLETED_RUN, world.changes(), "each change exactly once across the kill and the restart");
    assertEquals(madeBy(first, BEFORE_GO_LIVE, second, COMPLETED_RUN.size()), world.changedBy());
    JsonNode catchUp = startedAttempts(id, "AwaitCatchUp").get(0);
    assertTrue(catchUp.get("attempt").asInt() >= 2, "the wait cut off by the kill ran again: " + catchUp);
    assertTrue(catchUp.get("identity").asText().startsWith(second.pid() + "@"), "the new worker ran it: " + catchUp);
  }

  @Test
  void rollbackSurvivesAWorkerKilledDuringAnUndo() throws Exception {
    String id = "kafka-e2e-rollback";
    OutsideWorld.State before = OutsideWorld.State.of(InMemoryKafkaWorkerMain.world());
    world.hold("consuming orders-processor", "translate orders-processor TARGET_TO_SOURCE");
    WorkerProcess first = WorkerProcess.start(server.address(), world);
    try {
      startWithTemporalCli(id);
      awaitGate(id, "go-live");
      TemporalCli.Result approved = temporal("workflow", "signal", "--workflow-id", id, "--name", "decision",
          "--input", decision("go-live", "bob", null));
      assertEquals(0, approved.code(), approved.both());
      // The group moves in its own child runbook; the operator rolls that group back where it waits.
      awaitInFlight(FIRST_GROUP_CHILD, "AwaitGroupConsuming", first);
      assertEquals(COMPLETED_RUN.subList(0, FIRST_GROUP_CUT_OVER), world.changes());

      TemporalCli.Result rollback = temporal("workflow", "signal", "--workflow-id", FIRST_GROUP_CHILD, "--name", "action",
          "--input", action("ROLLBACK", "bob", "orders-processor does not consume on the target"));
      assertEquals(0, rollback.code(), rollback.both());
      awaitInFlight(FIRST_GROUP_CHILD, "TranslateGroup", first);
    } finally {
      first.kill();
    }
    assertEquals(ROLLED_BACK_AFTER_FIRST_GROUP.subList(0, BEFORE_TRANSLATING_BACK), world.changes());
    world.release();

    WorkerProcess second = WorkerProcess.start(server.address(), world);
    try (second) {
      // The group's child finishes its undo on the new worker; the migration then parks, and the
      // operator rolls the whole migration back.
      awaitClosed(FIRST_GROUP_CHILD);
      Eventually.await(id + " parked at the consumer groups", WAIT, () -> progress(id),
          progress -> progress != null && "PARKED".equals(stepState(progress, "cut over 2 consumer groups")));
      TemporalCli.Result rollback = temporal("workflow", "signal", "--workflow-id", id, "--name", "action",
          "--input", action("ROLLBACK", "bob", "orders-processor does not consume on the target"));
      assertEquals(0, rollback.code(), rollback.both());
      awaitClosed(id);
      String status = ourCli("status", id, "--address", server.address());
      assertTrue(status.contains("status ROLLED_BACK"), status);
      assertTrue(status.contains("rollback requested by bob (orders-processor does not consume on the target)"), status);
      String group = ourCli("status", FIRST_GROUP_CHILD, "--address", server.address());
      assertTrue(group.contains("status ROLLED_BACK"), group);
    }
    assertEquals(ROLLED_BACK_AFTER_FIRST_GROUP, world.changes(), "each undo exactly once, newest first, across the kill");
    assertEquals(madeBy(first, BEFORE_TRANSLATING_BACK, second, ROLLED_BACK_AFTER_FIRST_GROUP.size()), world.changedBy());
    assertEquals(before, world.state(), "apps on the source with their replicas, offsets back on the source, nothing left on the target");
  }

  @Test
  void temporalUiShowsTheRunItsSearchAttributesAndItsPendingGate() throws Exception {
    StringBuilder noChromium = new StringBuilder();
    Optional<Path> chromium = ChromiumSession.findBinary(noChromium);
    Assumptions.assumeTrue(chromium.isPresent(), noChromium::toString);
    String id = "kafka-e2e-ui";
    try (WorkerProcess worker = WorkerProcess.start(server.address(), world)) {
      startWithTemporalCli(id);
      String phase = awaitGate(id, "go-live").get("phase").asText();
      String runId = describe(id).get("execution").get("runId").asText();
      Path runPage = UI_ARTIFACTS.resolve("temporal-ui-run.png");
      Path listPage = UI_ARTIFACTS.resolve("temporal-ui-awaiting-go-live.png");
      Files.deleteIfExists(runPage);
      Files.deleteIfExists(listPage);

      try (ChromiumSession browser = ChromiumSession.start(chromium.get(), runDir, 1600, 1000)) {
        String run = browser.capture(server.uiUrl().orElseThrow() + "/namespaces/default/workflows/" + id + "/" + runId + "/search-attributes",
            text -> text.contains("\"RunbookAwaiting\": \"gate:go-live\""), Duration.ofSeconds(60), runPage);
        assertTrue(run.contains(id), run);
        assertTrue(run.contains("RUNNING"), run);
        assertTrue(run.contains("KafkaMigrationWorkflow"), run);
        assertTrue(run.contains("\"RunbookPhase\": \"" + phase + "\""), run);
        assertTrue(run.contains("\"RunbookStatus\": \"WAITING_FOR_GATE\""), run);

        String query = URLEncoder.encode("RunbookAwaiting=\"gate:go-live\"", StandardCharsets.UTF_8).replace("+", "%20");
        String list = browser.capture(server.uiUrl().orElseThrow() + "/namespaces/default/workflows?query=" + query,
            text -> text.contains(id), Duration.ofSeconds(60), listPage);
        assertTrue(list.contains("RUNNING"), list);
      }
      assertTrue(Files.readString(runPage.resolveSibling("temporal-ui-run.html")).contains("gate:go-live"));
      for (Path png : List.of(runPage, listPage)) {
        byte[] image = Files.readAllBytes(png);
        assertTrue(image.length > 10_000 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G', png + " is not a screenshot");
      }
      TemporalCli.Result terminated = temporal("workflow", "terminate", "--workflow-id", id, "--reason", "UI checked");
      assertEquals(0, terminated.code(), terminated.both());
    }
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

  /**
   * Waits until the server reports an activity of {@code type} started by {@code worker} (its identity is
   * {@code <pid>@host}) and heartbeating: it is surely in flight there, not finished, not yet retried.
   */
  private JsonNode awaitInFlight(String id, String type, WorkerProcess worker) {
    String identity = worker.pid() + "@";
    return Eventually.await(type + " in flight on worker " + worker.pid(), WAIT, () -> {
      for (JsonNode pending : readJson(temporal("workflow", "describe", "--workflow-id", id, "-o", "json").out())
          .path("pendingActivities")) {
        if (type.equals(pending.path("activityType").path("name").asText())) {
          return pending;
        }
      }
      return null;
    }, pending -> pending != null && "PENDING_ACTIVITY_STATE_STARTED".equals(pending.path("state").asText())
        && pending.hasNonNull("lastHeartbeatTime") && pending.path("lastWorkerIdentity").asText().startsWith(identity));
  }

  /** The recorded start (attempt, worker identity) of each execution of activities of {@code type}, oldest first. */
  private List<JsonNode> startedAttempts(String id, String type) {
    TemporalCli.Result shown = temporal("workflow", "show", "--workflow-id", id, "-o", "json");
    assertEquals(0, shown.code(), shown.both());
    List<String> scheduled = new ArrayList<>();
    List<JsonNode> started = new ArrayList<>();
    for (JsonNode event : readJson(shown.out()).path("events")) {
      JsonNode schedule = event.path("activityTaskScheduledEventAttributes");
      if (type.equals(schedule.path("activityType").path("name").asText())) {
        scheduled.add(event.path("eventId").asText());
      }
      JsonNode start = event.path("activityTaskStartedEventAttributes");
      if (scheduled.contains(start.path("scheduledEventId").asText())) {
        started.add(start);
      }
    }
    return started;
  }

  private static String stepState(JsonNode progress, String step) {
    for (JsonNode each : progress.path("steps")) {
      if (step.equals(each.path("name").asText())) {
        return each.path("state").asText();
      }
    }
    return null;
  }

  /** Who made each change: {@code first} the first {@code firstCount}, {@code second} the rest of {@code total}. */
  private static List<String> madeBy(WorkerProcess first, int firstCount, WorkerProcess second, int total) {
    List<String> pids = new ArrayList<>(Collections.nCopies(firstCount, String.valueOf(first.pid())));
    pids.addAll(Collections.nCopies(total - firstCount, String.valueOf(second.pid())));
    return pids;
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

  /** The payload of the {@code action} signal, as the Temporal UI's Send Signal or {@code temporal workflow signal} sends it. */
  private static String action(String action, String operator, String comment) {
    return JSON.createObjectNode().put("action", action).put("operator", operator).put("comment", comment).toString();
  }

  private static TemporalCli.Result temporal(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", server.address()));
    return TemporalCli.run(temporalCli, CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static boolean accepts(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String ourCli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RunbookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    return out.toString();
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
