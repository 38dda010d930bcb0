package dev.runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.temporal.LocalTemporal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./runbook} command as an operator types it, each a real process through the script: it
 * prints its own output and not one log line, stack trace or logging-framework notice (they go to
 * {@code .runbook/logs/}). The first call of each module may build it, so each is warmed up once first.
 */
class CommandOutputIT {

  static final Path RUNBOOK = Path.of("..", "runbook").toAbsolutePath().normalize();
  static final Duration BUILD = Duration.ofMinutes(10);
  static final Duration CALL = Duration.ofSeconds(60);
  static final String ID = "kafka-migration-kafka-payments";

  /** A timestamp, a level, a logger, a stack frame, or a notice of SLF4J or logback itself. */
  static final Pattern LOG_LINE = Pattern.compile("^\\s*\\d{2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}"
      + "|\\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\b|SLF4J|^\\s+at [\\w.$]+\\(|^Caused by:|Exception\\b|\\|-\\w+ in ch\\.qos");

  @TempDir static Path dir;
  static LocalTemporal server;
  static final StringBuilder skipReason = new StringBuilder();

  @BeforeAll
  static void buildAndStartServer() throws Exception {
    for (List<String> warmUp : List.of(List.of("--help"), List.of("kafka", "--help"), List.of("lab", "--help"))) {
      run(BUILD, warmUp.toArray(String[]::new));
    }
    TemporalCli.findBinary(skipReason).ifPresent(binary -> server = LocalTemporal.startDevServer(binary, dir));
    if (server != null) {
      workerStartLines("warm-up", BUILD);
    }
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void helpTextsAreTheCommandsOwn() {
    for (List<String> command : List.of(List.of("--help"), List.of("start", "--help"), List.of("list", "--help"),
        List.of("kafka", "--help"), List.of("airflow", "--help"), List.of("lab", "--help"))) {
      TemporalCli.Result help = run(CALL, command.toArray(String[]::new));
      assertEquals(0, help.code(), command + ": " + help.both());
      assertTrue(help.out().startsWith("Usage: "), command + ": " + help.out());
      assertEquals("", help.err(), command.toString());
      assertNoLogLine(command, help.both());
    }
  }

  @Test
  void operatorCommandsAgainstARealServerPrintTheirAnswerOnly(@TempDir Path runDir) throws Exception {
    Assumptions.assumeTrue(server != null, skipReason::toString);
    String address = server.address();
    try (WorkerProcess worker = WorkerProcess.start(address, new OutsideWorld(runDir))) {
      TemporalCli.Result started = run(CALL, "start", "kafka", "--plan", "../deploy/examples/kafka-plan.yaml",
          "--as", "carol", "--address", address);
      assertEquals("started " + ID + "\n  watch:   runbook status " + ID + " --watch\n", started.both());

      String listed = awaitOutput("WAITING_FOR_GATE", "list", "--address", address);
      List<String> rows = listed.lines().toList();
      assertEquals(2, rows.size(), listed);
      assertTrue(rows.get(0).startsWith("WORKFLOW ID "), listed);
      assertTrue(rows.get(1).matches(Pattern.quote(ID) + " +WAITING_FOR_GATE +\\S+ +gate:go-live *"), listed);

      TemporalCli.Result status = run(CALL, "status", ID, "--address", address);
      assertTrue(status.out().contains("status WAITING_FOR_GATE"), status.both());
      assertNoLogLine(List.of("status"), status.both());

      TemporalCli.Result refused = run(CALL, "approve", ID, "go-live", "--as", "mallory", "--address", address);
      assertEquals(1, refused.code());
      assertEquals("error: refused: 'mallory' may not decide gate 'go-live'; allowed: alice, bob\n", refused.both());

      TemporalCli.Result aborted = run(CALL, "abort", ID, "--as", "oncall", "--comment", "output check",
          "--address", address);
      assertEquals(0, aborted.code(), aborted.both());
      // The execution completes; its runbook ended ABORTED, and that is what the list says.
      String ended = awaitOutput("ABORTED", "list", "--all", "--address", address);
      assertTrue(ended.lines().anyMatch(row -> row.matches(Pattern.quote(ID) + " +ABORTED .*")), ended);

      TemporalCli.Result unknown = run(CALL, "status", "no-such-run", "--address", address);
      assertEquals(1, unknown.code());
      assertEquals("error: no running runbook with id 'no-such-run'\n", unknown.both());
    }
  }

  @Test
  void workerPrintsItsStartLineOnly() throws Exception {
    Assumptions.assumeTrue(server != null, skipReason::toString);
    List<String> lines = workerStartLines("output-check", CALL);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("worker polling task queue output-check on "), lines.get(0));
    assertTrue(lines.get(0).endsWith("/.runbook/logs/worker.log"), lines.get(0));
  }

  /** {@code ./runbook worker} on {@code taskQueue} until its start line, then SIGTERM; every line it printed. */
  private static List<String> workerStartLines(String taskQueue, Duration limit) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(RUNBOOK.toString(), "worker").redirectErrorStream(true);
    builder.environment().putAll(Map.of("RUNBOOK_TEMPORAL_ADDRESS", server.address(), "RUNBOOK_TASK_QUEUE", taskQueue,
        "RUNBOOK_SHUTDOWN_GRACE_SECONDS", "1"));
    Process worker = builder.start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.contains("worker polling")) {  // after a build, the line may follow Maven's colour codes
            started.complete(null);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      started.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      Thread.sleep(2_000);  // a log line written just after the start line would show here
    } finally {
      worker.destroy();
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    ended.get(30, TimeUnit.SECONDS);
    synchronized (lines) {
      if (!taskQueue.equals("warm-up")) {
        assertNoLogLine(List.of("worker"), String.join("\n", lines));
      }
      return List.copyOf(lines);
    }
  }

  private static String awaitOutput(String expected, String... command) throws InterruptedException {
    long deadline = System.nanoTime() + CALL.toNanos();
    TemporalCli.Result last = null;
    while (System.nanoTime() < deadline) {
      last = run(CALL, command);
      assertEquals(0, last.code(), last.both());
      assertNoLogLine(List.of(command), last.both());
      if (last.out().contains(expected)) {
        return last.out();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(String.join(" ", command) + " never showed " + expected + "; last: " + last.both());
  }

  private static TemporalCli.Result run(Duration limit, String... args) {
    return TemporalCli.run(RUNBOOK, limit, args);
  }

  private static void assertNoLogLine(List<String> command, String output) {
    List<String> logLines = output.lines().filter(line -> LOG_LINE.matcher(line).find()).toList();
    assertEquals(List.of(), logLines, "./runbook " + String.join(" ", command) + " printed log lines:\n" + output);
  }
}
