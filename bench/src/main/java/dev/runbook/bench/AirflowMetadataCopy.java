package dev.runbook.bench;

import dev.runbook.airflow.AirflowActivities.MetadataReport;
import dev.runbook.airflow.AirflowActivities.MetadataRequest;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import dev.runbook.airflow.client.AirflowAuth;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.Connection;
import dev.runbook.airflow.client.Pool;
import dev.runbook.airflow.client.Variable;
import dev.runbook.airflow.runbook.AirflowActivitiesImpl;
import dev.runbook.airflow.runbook.AirflowClients;
import dev.runbook.airflow.runbook.HelmReleaseWorkloads;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testkit.airflow.AirflowInstance;
import dev.runbook.testkit.airflow.AirflowPair;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * Pools, variables and connections copied by the Airflow runbook's metadata activity from the
 * source Airflow (playing Astronomer) into the target, both real Airflow 3: the source is seeded
 * through its REST API first, the copy is timed and its HTTP requests counted per instance, and
 * the target must then hold exactly the seeded objects as the source's API shows them. Everything
 * seeded is removed from both instances afterwards, so a rerun copies the same amount again.
 */
final class AirflowMetadataCopy {

  private static final String PREFIX = "bench_";
  private static final double TARGET_SECONDS = 30;

  private final AirflowPair pair;
  private final KubernetesClient kubernetes;
  private final Path reportDir;
  private final int variables;
  private final int connections;
  private final int pools;

  AirflowMetadataCopy(AirflowPair pair, KubernetesClient kubernetes, Path reportDir, int variables, int connections, int pools) {
    this.pair = pair;
    this.kubernetes = kubernetes;
    this.reportDir = reportDir;
    this.variables = variables;
    this.connections = connections;
    this.pools = pools;
  }

  List<Measure> run() {
    AirflowClient source = connect(pair.source());
    AirflowClient target = connect(pair.target());
    removeSeeded(source);
    removeSeeded(target);
    long seeding = System.nanoTime();
    seed(source);
    long seedNanos = System.nanoTime() - seeding;
    try {
      Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
      OkHttpClient counting = AirflowClient.defaultHttpClient().newBuilder().addInterceptor(chain -> {
        requests.computeIfAbsent(chain.request().url().port(), port -> new AtomicInteger()).incrementAndGet();
        return chain.proceed(chain.request());
      }).build();
      Map<String, String> environment = Map.of("BENCH_AIRFLOW_USER", pair.source().username(),
          "BENCH_AIRFLOW_PASSWORD", pair.source().password());
      ReferenceResolver secrets = new ReferenceResolver(environment, kubernetes);
      AirflowActivitiesImpl activity = new AirflowActivitiesImpl(new AirflowClients(secrets, counting), secrets,
          new HelmReleaseWorkloads(kubernetes), reportDir, LabActivities.labSettings(reportDir).pollInterval(), details -> { });

      long copying = System.nanoTime();
      MetadataReport report = activity.migrateMetadata(new MetadataRequest(endpoint(pair.source()), endpoint(pair.target()),
          new Metadata(ConflictPolicy.SKIP, Map.of(), Map.of())));
      long copyNanos = System.nanoTime() - copying;

      long created = report.created().stream().filter(label -> label.contains(PREFIX)).count();
      DataPathBenchmark.check(created == variables + connections + pools,
          "the copy created " + created + " of the " + (variables + connections + pools) + " seeded objects: " + report.summary());
      checkTargetHoldsSeeded(source, target);
      int toSource = requests.getOrDefault(pair.source().baseUrl().getPort(), new AtomicInteger()).get();
      int toTarget = requests.getOrDefault(pair.target().baseUrl().getPort(), new AtomicInteger()).get();
      return List.of(
          Measure.of("seeded on the source through its REST API",
              String.format(Locale.ROOT, "%,d variables, %,d connections, %,d pools in %s", variables, connections, pools,
                  Measure.seconds(seedNanos))),
          Measure.against("copy by the metadata activity (connect, compare, write)", Measure.seconds(copyNanos),
              "< " + (long) TARGET_SECONDS + " s", copyNanos / 1e9 < TARGET_SECONDS),
          Measure.of("HTTP requests made", String.format(Locale.ROOT, "%d (source %d, target %d)", toSource + toTarget,
              toSource, toTarget)),
          Measure.of("target holds the seeded objects", "all " + (variables + connections + pools)
              + ", equal to the source's, field by field"));
    } finally {
      removeSeeded(source);
      removeSeeded(target);
    }
  }

  private static AirflowClient connect(AirflowInstance instance) {
    return AirflowClient.connect(instance.baseUrl().toString(),
        new AirflowAuth.UsernamePassword(instance.username(), instance.password()));
  }

  private static AirflowEndpoint endpoint(AirflowInstance instance) {
    return new AirflowEndpoint(instance.baseUrl().toString(), null, SecretRef.env("BENCH_AIRFLOW_USER"),
        SecretRef.env("BENCH_AIRFLOW_PASSWORD"));
  }

  private void seed(AirflowClient source) {
    List<Pool> seededPools = new ArrayList<>();
    for (int i = 0; i < pools; i++) {
      seededPools.add(new Pool(String.format(Locale.ROOT, "%spool_%03d", PREFIX, i), 1 + i % 16,
          "benchmark pool " + i, i % 2 == 0));
    }
    List<Variable> seededVariables = new ArrayList<>();
    for (int i = 0; i < variables; i++) {
      seededVariables.add(new Variable(String.format(Locale.ROOT, "%svar_%04d", PREFIX, i),
          "{\"table\": \"events_" + i + "\", \"partitions\": " + (i % 64) + ", \"owner\": \"team-" + (i % 7) + "\"}",
          "benchmark variable " + i));
    }
    DataPathBenchmark.check(source.upsertPools(seededPools).allSucceeded(), "seeding pools failed");
    DataPathBenchmark.check(source.setVariables(seededVariables).allSucceeded(), "seeding variables failed");
    for (int i = 0; i < connections; i++) {
      source.createConnection(Connection.of(String.format(Locale.ROOT, "%sconn_%03d", PREFIX, i), i % 2 == 0 ? "postgres" : "http",
          "host-" + i + ".internal", 5000 + i, "user_" + i, "schema_" + (i % 5), "{\"timeout\": " + (10 + i % 50) + "}",
          "benchmark connection " + i), null);
    }
  }

  /** The seeded names on the target, with the values the source's API shows for them. */
  private void checkTargetHoldsSeeded(AirflowClient source, AirflowClient target) {
    same("variables", seeded(source.listVariables(), Variable::key), seeded(target.listVariables(), Variable::key), variables);
    same("pools", seeded(source.listPools(), Pool::name), seeded(target.listPools(), Pool::name), pools);
    Function<Connection, Connection> withoutPassword = c -> new Connection(c.connectionId(), c.connType(), c.description(),
        c.host(), c.login(), c.schema(), c.port(), c.extra(), null);
    same("connections", seeded(source.listConnections().stream().map(withoutPassword).toList(), Connection::connectionId),
        seeded(target.listConnections().stream().map(withoutPassword).toList(), Connection::connectionId), connections);
  }

  private static <T> Map<String, T> seeded(List<T> items, Function<T, String> name) {
    return items.stream().filter(item -> name.apply(item).startsWith(PREFIX))
        .collect(Collectors.toMap(name, Function.identity()));
  }

  private static <T> void same(String what, Map<String, T> onSource, Map<String, T> onTarget, int expected) {
    DataPathBenchmark.check(onSource.size() == expected && onSource.equals(onTarget), what + ": the source has "
        + onSource.size() + " seeded, the target " + onTarget.size() + " (expected " + expected + ")"
        + (onSource.size() == onTarget.size() ? ", with different values" : ""));
  }

  private static void removeSeeded(AirflowClient client) {
    client.listConnections().stream().map(Connection::connectionId).filter(id -> id.startsWith(PREFIX))
        .forEach(client::deleteConnection);
    client.listVariables().stream().map(Variable::key).filter(key -> key.startsWith(PREFIX)).forEach(client::deleteVariable);
    client.listPools().stream().map(Pool::name).filter(name -> name.startsWith(PREFIX)).forEach(client::deletePool);
  }
}
