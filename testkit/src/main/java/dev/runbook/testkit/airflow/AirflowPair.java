package dev.runbook.testkit.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
  private final Placement placement;
  private final AirflowInstance source;
  private final AirflowInstance target;
  private final boolean reused;
  private final Thread stopAtExit;
  private boolean stopped;

  /**
   * Where a pair lives and how it is told apart from any other Airflow on the machine: its instances'
   * homes ({@code RUNBOOK_AIRFLOW_LAB}), API ports (each also takes the next two for its log servers) and
   * admin password. {@link #DEFAULT} is the script's own defaults, which the tests share.
   */
  public record Placement(Path home, int sourcePort, int targetPort, String password) {

    public static final Placement DEFAULT = new Placement(null, 0, 0,
        System.getenv().getOrDefault("RUNBOOK_AIRFLOW_PASSWORD", "admin"));

    /** A pair of its own under {@code home}: free ports and a random password, so no other Airflow can pass for it. */
    public static Placement isolated(Path home) {
      int source = freePortTriple(0);
      return new Placement(home, source, freePortTriple(source), UUID.randomUUID().toString());
    }

    void applyTo(Map<String, String> environment) {
      environment.put("RUNBOOK_AIRFLOW_PASSWORD", password);
      if (home != null) {
        environment.put("RUNBOOK_AIRFLOW_LAB", home.toString());
        environment.put("RUNBOOK_AIRFLOW_SOURCE_PORT", String.valueOf(sourcePort));
        environment.put("RUNBOOK_AIRFLOW_TARGET_PORT", String.valueOf(targetPort));
      }
    }

    /** A port p, other than {@code avoid}'s three, with p, p + 1 and p + 2 free. */
    private static int freePortTriple(int avoid) {
      for (int attempt = 0; attempt < 50; attempt++) {
        try (ServerSocket first = new ServerSocket(0)) {
          int port = first.getLocalPort();
          if (port + 2 < 65536 && Math.abs(port - avoid) > 2 && free(port + 1) && free(port + 2)) {
            return port;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("no free port for Airflow", e);
        }
      }
      throw new IllegalStateException("no three consecutive free ports for Airflow");
    }

    private static boolean free(int port) {
      try (ServerSocket probe = new ServerSocket(port)) {
        return true;
      } catch (IOException taken) {
        return false;
      }
    }
  }

  private AirflowPair(AirflowLabPaths paths, Placement placement, boolean fresh) {
    this.paths = paths;
    this.placement = placement;
    long started = System.nanoTime();
    if (fresh) {
      requireScript("reset");
    }
    this.reused = !fresh && runScript("status") == 0;
    this.stopAtExit = new Thread(this::stopInstances, "airflow-pair-stop");
    if (!reused) {
      Runtime.getRuntime().addShutdownHook(stopAtExit);
      try {
        requireScript("start");
      } catch (IllegalStateException e) {
        stopInstances();
        throw e;
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
    requireInstalled(paths);
    return new AirflowPair(paths, Placement.DEFAULT, false);
  }

  /** Deletes what an earlier pair left at {@code placement} (processes, homes), then starts a new pair there. */
  public static AirflowPair startFresh(AirflowLabPaths paths, Placement placement) {
    requireInstalled(paths);
    return new AirflowPair(paths, placement, true);
  }

  private static void requireInstalled(AirflowLabPaths paths) {
    if (!paths.airflowInstalled()) {
      throw new IllegalStateException(missingInstallMessage(paths));
    }
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
        placement.password(),
        Path.of(env.get("AIRFLOW_HOME")),
        Path.of(env.get("AIRFLOW__CORE__DAGS_FOLDER")));
  }

  /** Where the script's output goes: beside the instances' homes. */
  public Path scriptLog() {
    Path home = placement.home() != null ? placement.home() : paths.projectRoot().resolve(".lab/airflow");
    return home.resolveSibling(home.getFileName() + "-instances.log");
  }

  /** Runs the script; when it fails, throws with its last line (the cause) and the log that holds the rest. */
  private void requireScript(String command) {
    int exit = runScript(command);
    if (exit != 0) {
      throw new IllegalStateException("scripts/airflow-instances.sh " + command + " failed (exit " + exit + "): "
          + lastScriptLine() + " (log: " + scriptLog() + ")");
    }
  }

  private String lastScriptLine() {
    try {
      List<String> lines = Files.readAllLines(scriptLog());
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("[airflow-instances] ")) {
          return lines.get(i).substring("[airflow-instances] ".length());
        }
      }
      return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "no output";
    }
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
      Process process = scriptProcess(args).redirectError(ProcessBuilder.Redirect.appendTo(scriptLog().toFile())).start();
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
    placement.applyTo(builder.environment());
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
