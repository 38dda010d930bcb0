package dev.runbook.bench;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaCopyResult;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaRequest;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaVerificationReport;
import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.SchemaRegistryActivitiesImpl;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testkit.registry.ApicurioRegistry;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import dev.runbook.testkit.registry.SerdeRegistryClient.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * A Schema Registry of many versions moved by the runbook's schema activities between two real
 * Apicurio registries (the source read through its Confluent API, the target written through its
 * admin import): the source is filled first (subjects of twenty versions each, every version
 * referencing one shared subject), then the copy, the verification and a second copy (a sync that
 * finds nothing new, as each of the runbook's syncs until the last producer moves) are timed and their
 * HTTP requests counted per registry. The verification must find every version and ID equal.
 *
 * <p>{@code ./runbook bench-schemas [--versions N] [--out FILE]}: 10,000 versions by default, the table
 * written to {@code target/bench/schema-registry.md}. Not in CI's small benchmarks (1,000 versions take
 * about a minute there): {@code scripts/long-tests.sh} runs it.
 */
public final class SchemaRegistryCopy {

  private static final int VERSIONS_PER_SUBJECT = 20;
  private static final String SHARED = "bench-shared";

  private final ApicurioRegistry source;
  private final ApicurioRegistry target;
  private final int versions;

  SchemaRegistryCopy(ApicurioRegistry source, ApicurioRegistry target, int versions) {
    this.source = source;
    this.target = target;
    this.versions = versions;
  }

  /** Exits when done, 1 with the failure when a check fails or Apicurio Registry cannot run here. */
  public static void main(String[] args) {
    try {
      int versions = 10_000;
      java.nio.file.Path out = java.nio.file.Path.of("target/bench/schema-registry.md");
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--versions") && i + 1 < args.length) {
          versions = Integer.parseInt(args[++i]);
        } else if (args[i].equals("--out") && i + 1 < args.length) {
          out = java.nio.file.Path.of(args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      String report;
      try (ApicurioRegistry source = ApicurioRegistry.start("bench-source");
           ApicurioRegistry target = ApicurioRegistry.start("bench-target")) {
        report = Measure.table("Schema Registry copy", String.format(Locale.ROOT,
                "Two real Apicurio Registry %s instances (in-memory H2), the runbook's schema activities, %,d versions"
                    + " requested; %s, %d cores, Java %s.", ApicurioRegistry.VERSION, versions,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")),
            new SchemaRegistryCopy(source, target, versions).run());
      }
      System.out.println(report);
      java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent());
      java.nio.file.Files.writeString(out, report);
      System.out.println("written to " + out.toAbsolutePath());
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  List<Measure> run() {
    int subjects = Math.max(1, versions / VERSIONS_PER_SUBJECT);
    long filling = System.nanoTime();
    fill(subjects);
    long fillNanos = System.nanoTime() - filling;
    int total = subjects * VERSIONS_PER_SUBJECT + 1;

    Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    OkHttpClient counting = ConfluentRegistryClient.defaultHttpClient().newBuilder().addInterceptor(chain -> {
      requests.computeIfAbsent(chain.request().url().port(), port -> new AtomicInteger()).incrementAndGet();
      return chain.proceed(chain.request());
    }).build();
    SchemaRegistryActivitiesImpl activities = new SchemaRegistryActivitiesImpl(ref -> {
      throw new IllegalStateException("the benchmark's registries take no credentials");
    }, counting);
    SchemaRequest request = new SchemaRequest(new KafkaMigrationPlan.SchemaRegistry(
        new SchemaRegistryEndpoint(source.confluentApi().toString(), null, null, null),
        new SchemaRegistryEndpoint(target.baseUrl().toString(), SchemaRegistryEndpoint.Kind.APICURIO, null, null),
        new KafkaMigrationPlan.SubjectSelection(".*", null), null), List.of());

    List<Measure> rows = new ArrayList<>();
    rows.add(Measure.of("source filled (not part of the copy)", String.format(Locale.ROOT, "%,d versions in %,d subjects, %s",
        total, subjects + 1, Measure.seconds(fillNanos))));
    SchemaCopyResult copied = timed(rows, requests, "copy (discovery, conflict check, admin import)", () -> activities.copySchemas(request));
    DataPathBenchmark.check(copied.versionsWritten() == total, "the copy wrote " + copied.versionsWritten() + " of " + total);
    SchemaVerificationReport verified = timed(rows, requests, "verification (every version, every id)",
        () -> activities.verifySchemas(request));
    DataPathBenchmark.check(verified.matches() && verified.versions() == total, verified.summary());
    SchemaCopyResult synced = timed(rows, requests, "sync finding nothing new", () -> activities.copySchemas(request));
    DataPathBenchmark.check(synced.versionsWritten() == 0 && synced.alreadyPresent() == total,
        "the sync wrote " + synced.versionsWritten() + " and found " + synced.alreadyPresent() + " of " + total);
    rows.add(Measure.of("verified", verified.summary()));
    return rows;
  }

  /** Runs {@code step}, adding its time and its requests to each registry as a row. */
  private <T> T timed(List<Measure> rows, Map<Integer, AtomicInteger> requests, String step, Supplier<T> work) {
    requests.clear();
    long started = System.nanoTime();
    T result = work.get();
    long nanos = System.nanoTime() - started;
    int toSource = count(requests, source.baseUrl().getPort());
    int toTarget = count(requests, target.baseUrl().getPort());
    rows.add(Measure.of(step, String.format(Locale.ROOT, "%s; %,d requests to the source, %,d to the target",
        Measure.seconds(nanos), toSource, toTarget)));
    return result;
  }

  private static int count(Map<Integer, AtomicInteger> requests, int port) {
    AtomicInteger count = requests.get(port);
    return count == null ? 0 : count.get();
  }

  /** One shared subject, then {@code subjects} subjects of twenty versions each (each adds a field), all referencing it. */
  private void fill(int subjects) {
    SerdeRegistryClient registry = new SerdeRegistryClient(source.confluentApi());
    registry.register(SHARED, "AVRO", "{\"type\":\"record\",\"name\":\"Shared\",\"namespace\":\"bench\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"long\"}]}");
    Reference shared = new Reference("bench.Shared", SHARED, 1);
    for (int subject = 0; subject < subjects; subject++) {
      StringBuilder fields = new StringBuilder("{\"name\":\"shared\",\"type\":[\"null\",\"bench.Shared\"],\"default\":null}");
      for (int version = 1; version <= VERSIONS_PER_SUBJECT; version++) {
        String schema = "{\"type\":\"record\",\"name\":\"Record" + subject + "\",\"namespace\":\"bench\",\"fields\":[" + fields + "]}";
        registry.register("bench-" + subject + "-value", "AVRO", schema, shared);
        fields.append(",{\"name\":\"f").append(version).append("\",\"type\":\"long\",\"default\":0}");
      }
    }
  }
}
