package dev.runbook.testkit.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two real Airflow 3 instances of the lab, started through {@code scripts/airflow-instances.sh}:
 * {@code source} plays the Astronomer deployment (all sample DAGs, a pool, variables, connections),
 * {@code target} the self-hosted Airflow whose DAG folder tests fill batch by batch. Instances that
 * were already running and healthy are reused and left running; instances this pair started are
 * stopped by {@link #close()} or, at the latest, when the JVM exits.
 */
public final class AirflowPair implements AutoCloseable {

  /** When set (CI), a missing Airflow install fails the tests instead of skipping them. */
  public static final String REQUIRE_ENV = "RUNBOOK_REQUIRE_AIRFLOW";

  private static final Logger log = LoggerFactory.getLogger(AirflowPair.class);
  private static final String ADMIN_USER = "admin";
  private static final Pattern EXPORT = Pattern.compile("^export ([A-Z0-9_]+)='?(.*?)'?$");
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static AirflowPair shared;

  private final AirflowLabPaths paths;
  private final String adminPassword;
  private final AirflowInstance source;
  private final AirflowInstance target;
  private final boolean reused;
  private final Thread stopAtExit;
  private boolean stopped;

  private AirflowPair(AirflowLabPaths paths, String adminPassword) {
    this.paths = paths;
    this.adminPassword = adminPassword;
    long started = System.nanoTime();
    this.reused = runScript("status") == 0;
    this.stopAtExit = new Thread(this::stopInstances, "airflow-pair-stop");
    if (!reused) {
      Runtime.getRuntime().addShutdownHook(stopAtExit);
      int exit = runScript("start");
      if (exit != 0) {
        stopInstances();
        throw new IllegalStateException("scripts/airflow-instances.sh start failed (exit " + exit
            + "); its output is in " + scriptLog() + ", the instances' logs under .lab/airflow/*/logs");
      }
    }
    this.source = describe("source");
    this.target = describe("target");
    log.info("Airflow pair {} in {} s: {}, {}", reused ? "reused" : "started",
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), source, target);
  }

  /**
   * Starts the pair (or reuses running instances) for a lab or a test that manages the lifetime
   * itself. The admin password is {@code RUNBOOK_AIRFLOW_PASSWORD}, default {@code admin}.
   */
  public static AirflowPair start(AirflowLabPaths paths) {
    if (!paths.airflowInstalled()) {
      throw new IllegalStateException(missingInstallMessage(paths));
    }
    return new AirflowPair(paths, System.getenv().getOrDefault("RUNBOOK_AIRFLOW_PASSWORD", "admin"));
  }

  /**
   * The pair shared by every test in this JVM, started on first use and stopped when the JVM
   * exits. Without an Airflow install the calling test is skipped, unless {@value #REQUIRE_ENV} is
   * set, in which case it fails.
   */
  public static synchronized AirflowPair sharedForTests() {
    if (shared == null) {
      AirflowLabPaths paths = AirflowLabPaths.discover();
      if (!paths.airflowInstalled() && System.getenv(REQUIRE_ENV) == null) {
        Assumptions.abort(missingInstallMessage(paths) + " (set " + REQUIRE_ENV + " to fail instead)");
      }
      shared = start(paths);
    }
    return shared;
  }

  private static String missingInstallMessage(AirflowLabPaths paths) {
    return "Airflow is not installed in " + paths.venv() + ": run scripts/python-tools.sh";
  }

  public AirflowInstance source() {
    return source;
  }

  public AirflowInstance target() {
    return target;
  }

  /** The sample DAG file of that name, as shipped with the source. */
  public Path sampleDag(String fileName) {
    Path file = paths.sampleDagsFolder().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no sample DAG file " + fileName + " in " + paths.sampleDagsFolder());
    }
    return file;
  }

  /** Copies sample DAG files, by file name, into the target's DAG folder. */
  public void deployToTarget(String... sampleDagFileNames) {
    for (String fileName : sampleDagFileNames) {
      target.copyDagFiles(sampleDag(fileName));
    }
  }

  /** Stops the instances if this pair started them; reused instances keep running. */
  @Override
  public synchronized void close() {
    if (reused || stopped) {
      return;
    }
    stopInstances();
    Runtime.getRuntime().removeShutdownHook(stopAtExit);
  }

  private synchronized void stopInstances() {
    if (stopped) {
      return;
    }
    stopped = true;
    int exit = runScript("stop");
    if (exit != 0) {
      log.error("scripts/airflow-instances.sh stop exited {}; see {}", exit, scriptLog());
    }
  }

  private AirflowInstance describe(String name) {
    Map<String, String> env = new HashMap<>();
    for (String line : scriptOutput("env", name)) {
      Matcher export = EXPORT.matcher(line);
      if (export.matches()) {
        env.put(export.group(1), export.group(2));
      }
    }
    return new AirflowInstance(
        name,
        URI.create(env.get("AIRFLOW__API__BASE_URL")),
        ADMIN_USER,
        adminPassword,
        Path.of(env.get("AIRFLOW_HOME")),
        Path.of(env.get("AIRFLOW__CORE__DAGS_FOLDER")));
  }

  private Path scriptLog() {
    return paths.projectRoot().resolve(".lab/airflow-instances.log");
  }

  /** Runs the script, appending its output to {@link #scriptLog()}; returns its exit code. */
  private int runScript(String... args) {
    try {
      Files.createDirectories(scriptLog().getParent());
      Process process = scriptProcess(args)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog().toFile()))
          .start();
      return awaitExit(process, args);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + paths.instancesScript(), e);
    }
  }

  private List<String> scriptOutput(String... args) {
    try {
      Process process = scriptProcess(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = awaitExit(process, args);
      if (exit != 0) {
        throw new IllegalStateException("airflow-instances.sh " + String.join(" ", args) + " exited " + exit);
      }
      return output.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + paths.instancesScript(), e);
    }
  }

  private ProcessBuilder scriptProcess(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", paths.instancesScript().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(paths.projectRoot().toFile());
    builder.environment().put("RUNBOOK_VENV", paths.venv().toString());
    builder.environment().put("RUNBOOK_AIRFLOW_PASSWORD", adminPassword);
    return builder;
  }

  private static int awaitExit(Process process, String... args) {
    try {
      if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "airflow-instances.sh " + String.join(" ", args) + " took longer than " + SCRIPT_TIMEOUT);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running airflow-instances.sh", e);
    }
  }
}
