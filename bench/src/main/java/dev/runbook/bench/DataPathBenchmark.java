package dev.runbook.bench;

import dev.runbook.testkit.airflow.AirflowLabPaths;
import dev.runbook.testkit.airflow.AirflowPair;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data path at scale, in one run on this machine: how fast the verify phase compares source
 * and target against plain consumers reading the same data, how long one consumer group of 100
 * partitions pauses at cutover (stop / translate / commit / start), and how long the metadata
 * copy of many Airflow variables, connections and pools takes against real Airflow. Each part
 * checks its own result (content compared and equal, no record lost or repeated, the target
 * holding exactly what was seeded) and fails the run rather than print a figure for a wrong result.
 *
 * <p>Arguments: {@code --small} (CI setting), or any of {@code --verify-mb N --partitions N
 * --variables N --connections N --pools N --out FILE}.
 */
public final class DataPathBenchmark {

  record Settings(boolean small, int verifyMegabytes, int partitions, int variables, int connections, int pools, Path out) {

    static Settings parse(String[] args) {
      Map<String, String> options = new HashMap<>();
      boolean small = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--small")) {
          small = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          options.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Settings(small,
          Integer.parseInt(options.getOrDefault("verify-mb", small ? "100" : "1024")),
          Integer.parseInt(options.getOrDefault("partitions", "100")),
          Integer.parseInt(options.getOrDefault("variables", small ? "100" : "1000")),
          Integer.parseInt(options.getOrDefault("connections", small ? "20" : "200")),
          Integer.parseInt(options.getOrDefault("pools", small ? "5" : "50")),
          Path.of(options.getOrDefault("out", "target/bench/data-path.md")));
    }
  }

  private DataPathBenchmark() {}

  /** Exits when done: Temporal's activity test environment leaves a non-daemon timer thread behind. */
  public static void main(String[] args) {
    try {
      run(Settings.parse(args));
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(Settings settings) throws Exception {
    Path reports = settings.out().toAbsolutePath().getParent().resolve("data-path-reports");
    Files.createDirectories(reports);
    StringBuilder out = new StringBuilder(header(settings));
    try (MockKubernetes kubernetes = MockKubernetes.start();
         LabActivities activities = new LabActivities(kubernetes.client(), reports)) {
      try (KafkaTestCluster source = KafkaTestCluster.start("bench-source");
           KafkaTestCluster target = KafkaTestCluster.start("bench-target")) {
        out.append(Measure.table("Verification throughput",
            "The verify activity (the runbook's verify phase) against plain consumers reading the same data from"
                + " both clusters in the same run; MB counts key + value bytes read on both sides.",
            new VerificationThroughput(source, target, activities.kafka(), settings.verifyMegabytes()).run()));
        out.append(Measure.table("Cutover pause per consumer group", String.format(Locale.ROOT,
                "One group of %d partitions, its app a Deployment on the mock Kubernetes API, a producer writing %d"
                    + " records/s to the source, MirrorMaker 2 copying; the runbook's activities with the lab's settings"
                    + " (waits poll every 500 ms).", settings.partitions(), CutoverPause.RECORDS_PER_SECOND),
            new CutoverPause(source, target, kubernetes, activities, settings.partitions()).run()));
      }
      out.append(airflowSection(settings, kubernetes, reports));
    }
    String report = out.toString();
    System.out.println(report);
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    Files.writeString(settings.out(), report, StandardCharsets.UTF_8);
    System.out.println("written to " + settings.out().toAbsolutePath());
  }

  private static String airflowSection(Settings settings, MockKubernetes kubernetes, Path reports) {
    String heading = "Airflow metadata";
    AirflowLabPaths paths = AirflowLabPaths.discover(System.getenv(), Path.of(System.getProperty("runbook.home", ".")));
    if (!paths.airflowInstalled()) {
      check(System.getenv(AirflowPair.REQUIRE_ENV) == null, "Airflow is not installed in " + paths.venv()
          + " and " + AirflowPair.REQUIRE_ENV + " is set: run scripts/python-tools.sh");
      return "## " + heading + "\n\nSkipped: Airflow is not installed in " + paths.venv() + " (scripts/python-tools.sh).\n\n";
    }
    try (AirflowPair pair = AirflowPair.start(paths)) {
      return Measure.table(heading, String.format(Locale.ROOT,
              "Two real Airflow 3 instances (%s); the source seeded through its REST API, then copied to the target by"
                  + " the runbook's metadata activity (onConflict SKIP).", pair.source().baseUrl() + ", " + pair.target().baseUrl()),
          new AirflowMetadataCopy(pair, kubernetes.client(), reports, settings.variables(), settings.connections(),
              settings.pools()).run());
    }
  }

  private static String header(Settings settings) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    return String.format(Locale.ROOT, "# Data path benchmark (%s setting)%n%n%s, %d cores, %.0f GB RAM, load average %.1f"
            + " at start, Java %s (%s).%n%n", settings.small() ? "small" : "full",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), memory / 1e9,
        os.getSystemLoadAverage(), System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }

  /** Fails the run: a benchmark whose result is wrong must not print a figure. */
  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException("benchmark check failed: " + failure);
    }
  }
}
