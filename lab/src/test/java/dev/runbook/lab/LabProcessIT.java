package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kernel.DecisionReceipt;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.airflow.AirflowLabPaths;
import dev.runbook.testkit.browser.ChromiumSession;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab as an operator starts it, as real processes from this clone, while an Airflow pair holds the
 * ports the test suite's Airflow uses (28080/28180): a first lab waits at its gate (seen in the Temporal
 * UI, decided from elsewhere), a second one at the same time is refused, the first is killed with
 * SIGKILL, and a third one cleans up what the first left and rehearses both runbooks to the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabProcessIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path ARTIFACTS = Path.of("target/lab-it").toAbsolutePath();
  static final Duration START = Duration.ofMinutes(6);
  static final String KAFKA_RUN = "kafka-migration-shop-lab";
  static final String CLEAR = "\033[H\033[2J";
  static final Pattern FRONTEND = Pattern.compile("Temporal frontend at (\\S+) .*Web UI at (\\S+)");

  static AirflowLabPaths paths;
  static boolean startedDefaultPair;
  static LabProcess first;
  static String address;
  static String ui;

  @BeforeAll
  static void startTheTestSuitesAirflowPairAndAFirstLab() throws Exception {
    paths = AirflowLabPaths.discover(System.getenv(), ROOT);
    Assumptions.assumeTrue(paths.airflowInstalled() && Files.isExecutable(paths.venv().resolve("bin/temporal")),
        "needs Airflow and the temporal CLI in " + paths.venv() + " (scripts/python-tools.sh)");
    Files.createDirectories(ARTIFACTS);
    startedDefaultPair = instancesScript("status") != 0;
    if (startedDefaultPair) {
      assertEquals(0, instancesScript("start"), "the default Airflow pair did not start; see " + ARTIFACTS.resolve("default-pair.log"));
    }
    first = LabProcess.start("first");
    String started = first.await("the first lab's Temporal", START, out -> FRONTEND.matcher(out).find());
    Matcher frontend = FRONTEND.matcher(started);
    assertTrue(frontend.find());
    address = frontend.group(1);
    ui = frontend.group(2);
    first.await("the first lab at gate go-live", START, out -> out.contains("Gate 'go-live' of " + KAFKA_RUN + " is open"));
  }

  @AfterAll
  static void stopWhatThisTestStarted() throws Exception {
    if (first != null) {
      first.close();
    }
    if (startedDefaultPair) {
      instancesScript("stop");
    }
  }

  @Test
  @Order(1)
  void theTemporalUiShowsTheLabsRunAwaitingItsGate() throws Exception {
    StringBuilder noChromium = new StringBuilder();
    Optional<Path> chromium = ChromiumSession.findBinary(noChromium);
    Assumptions.assumeTrue(chromium.isPresent(), noChromium::toString);
    assertTrue(first.output().contains(KAFKA_RUN + " started: " + ui + "/namespaces/default/workflows/" + KAFKA_RUN), first.output());
    String runId = runId(KAFKA_RUN);
    Path screenshot = ARTIFACTS.resolve("temporal-ui-lab-run.png");
    try (ChromiumSession browser = ChromiumSession.start(chromium.get(), ARTIFACTS, 1600, 1000)) {
      String page = browser.capture(ui + "/namespaces/default/workflows/" + KAFKA_RUN + "/" + runId + "/search-attributes",
          text -> text.contains("\"RunbookAwaiting\": \"gate:go-live\""), Duration.ofSeconds(60), screenshot);
      assertTrue(page.contains("\"RunbookStatus\": \"WAITING_FOR_GATE\""), page);
      assertTrue(page.contains("KafkaMigrationWorkflow"), page);
    }
    assertTrue(Files.size(screenshot) > 10_000, screenshot + " is no screenshot");
  }

  @Test
  @Order(2)
  void aSecondLabAtTheSameTimeIsRefusedWithOneLine() throws Exception {
    try (LabProcess second = LabProcess.start("second", "--auto-approve")) {
      assertEquals(2, second.awaitExit(Duration.ofSeconds(60)), second.output());
      assertEquals("runbook lab: another lab is running from this clone (pid " + first.process.pid()
          + "); wait for it to end or stop it, then start again\n", second.output());
    }
    assertTrue(first.process.isAlive(), "the refused lab must leave the running one alone");
  }

  @Test
  @Order(3)
  void aDecisionMadeElsewhereMovesTheViewOnWithoutAKeyPress() throws Exception {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowClient.newInstance(service).newUntypedWorkflowStub(KAFKA_RUN)
          .update(RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, GateDecision.approve("go-live", "operator", "from another terminal"));
    } finally {
      service.shutdownNow();
    }
    int decidedAt = first.output().length();
    String frame = first.await("a frame past go-live", Duration.ofSeconds(30), out -> {
      String since = out.substring(decidedAt);
      return since.contains(CLEAR) && !lastFrame(since).contains("Gate 'go-live'");
    });
    assertTrue(lastFrame(frame).contains(KAFKA_RUN), lastFrame(frame));
  }

  @Test
  @Order(4)
  void aLabAfterAKillOfTheEarlierOneCleansUpAndRehearsesBothRunbooks() throws Exception {
    long leftTemporal = Long.parseLong(Files.readString(ROOT.resolve(".lab/temporal/server.pid")).trim());
    long leftAirflow = Long.parseLong(Files.readString(ROOT.resolve(".lab/airflow-lab/target/run/api-server.pid")).trim());
    first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertTrue(ProcessHandle.of(leftTemporal).isPresent() && ProcessHandle.of(leftAirflow).isPresent(),
        "a SIGKILL leaves the first lab's Temporal server and Airflow running");

    try (LabProcess third = LabProcess.start("third", "--auto-approve")) {
      assertEquals(0, third.awaitExit(Duration.ofMinutes(15)), third.output());
      String out = third.output();
      assertTrue(out.contains(KAFKA_RUN + ": terminated the run an earlier lab left running"), out);
      assertTrue(out.contains("Kafka runbook: COMPLETED"), out);
      assertTrue(out.contains("Airflow runbook: COMPLETED"), out);
      assertTrue(out.contains("every record processed exactly once"), out);
    }
    assertFalse(ProcessHandle.of(leftTemporal).map(ProcessHandle::isAlive).orElse(false), "the first lab's Temporal server is left");
    assertFalse(ProcessHandle.of(leftAirflow).map(ProcessHandle::isAlive).orElse(false), "the first lab's Airflow is left");
    assertEquals(0, instancesScript("status"), "the labs must leave the test suite's Airflow pair running and healthy");
  }

  private static String lastFrame(String output) {
    return output.substring(output.lastIndexOf(CLEAR) + CLEAR.length());
  }

  private static String runId(String workflowId) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      return service.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
          .getWorkflowExecutionInfo().getExecution().getRunId();
    } finally {
      service.shutdownNow();
    }
  }

  /** The Airflow pair on the script's defaults, as the test suite runs it. */
  private static int instancesScript(String command) throws Exception {
    ProcessBuilder script = new ProcessBuilder("bash", paths.instancesScript().toString(), command).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(ARTIFACTS.resolve("default-pair.log").toFile()));
    script.environment().put("RUNBOOK_VENV", paths.venv().toString());
    return script.start().waitFor();
  }

  /** {@code ./runbook lab} as its own JVM, its screen collected (and copied to {@code target/lab-it/<name>.out}). */
  static final class LabProcess implements AutoCloseable {
    final Process process;
    private final StringBuffer screen = new StringBuffer();
    private final Thread reader;

    private LabProcess(Process process, Path copy) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (InputStream in = process.getInputStream(); OutputStream file = Files.newOutputStream(copy)) {
          byte[] buffer = new byte[8192];
          for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            screen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            file.write(buffer, 0, read);
          }
        } catch (IOException ended) {
          // the process is gone
        }
      }, "lab-screen");
      reader.start();
    }

    static LabProcess start(String name, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-Drunbook.home=" + ROOT, "-cp", System.getProperty("java.class.path"), Lab.class.getName()));
      command.addAll(List.of(args));
      // stdin stays open and silent: the lab must never wait for it.
      ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(ARTIFACTS.resolve(name + ".err").toFile()));
      builder.environment().put("RUNBOOK_VENV", paths.venv().toString());
      return new LabProcess(builder.start(), ARTIFACTS.resolve(name + ".out"));
    }

    String output() {
      return screen.toString();
    }

    String await(String what, Duration timeout, java.util.function.Predicate<String> seen) {
      return Eventually.await(what, timeout, () -> {
        if (!process.isAlive() && !seen.test(output())) {
          throw new AssertionError("the lab exited with " + process.exitValue() + " before " + what + ": " + output());
        }
        return output();
      }, seen);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
      assertTrue(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "the lab did not end within " + timeout + ": " + output());
      reader.join(5_000);
      return process.exitValue();
    }

    @Override
    public void close() throws Exception {
      if (process.isAlive()) {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }
}
