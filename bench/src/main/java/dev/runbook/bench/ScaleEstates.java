package dev.runbook.bench;

import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationPlan.Dags;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.RunInterval;
import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testing.InMemoryAirflowWorld;
import dev.runbook.testing.InMemoryKafkaWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generated estates of a given size, each a plan and the in-memory world it migrates: Kafka with
 * {@code groups} consumer groups (one app each) spread over topics holding {@code partitions}
 * partitions in all, and Airflow with {@code dags} hourly DAGs.
 */
final class ScaleEstates {

  static final String APPROVER = "alice";
  static final int PARTITIONS_PER_TOPIC = 50;
  static final int PRODUCERS = 5;

  private static final String SOURCE = "pkc-bench.confluent.cloud:9092";
  private static final String TARGET = "bench-kafka-bootstrap.kafka.svc:9092";
  private static final Approvals APPROVALS = new Approvals(new GatePolicy(List.of(APPROVER), 1, null, null), null, null);

  record KafkaEstate(KafkaMigrationPlan plan, InMemoryKafkaWorld world) {}

  record AirflowEstate(AirflowMigrationPlan plan, InMemoryAirflowWorld world) {}

  private ScaleEstates() {}

  static KafkaEstate kafka(int groups, int partitions, int parallelism) {
    List<TopicSpec> topics = new ArrayList<>();
    for (int t = 0; t < Math.max(1, partitions / PARTITIONS_PER_TOPIC); t++) {
      topics.add(new TopicSpec(String.format("events.%03d", t), PARTITIONS_PER_TOPIC, 3, Map.of()));
    }
    List<GroupInfo> found = new ArrayList<>();
    List<ConsumerGroupCutover> cutover = new ArrayList<>();
    List<AppRef> apps = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      String group = String.format("consumer-%04d", g);
      found.add(new GroupInfo(group, "Stable", 1, List.of(topics.get(g % topics.size()).name()), 0));
      AppRef app = app(group);
      apps.add(app);
      cutover.add(new ConsumerGroupCutover(group, List.of(app), null));
    }
    List<AppRef> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(app(String.format("producer-%02d", p)));
    }
    InMemoryKafkaWorld world = new InMemoryKafkaWorld(topics, found, SOURCE, TARGET);
    apps.forEach(app -> world.withApp(app, 2));
    producers.forEach(app -> world.withApp(app, 2));
    KafkaMigrationPlan plan = new KafkaMigrationPlan(
        "bench-" + groups,
        KafkaEndpoint.plaintext(SOURCE),
        // Plaintext, said explicitly: orchestration is measured, and the in-memory apps have no credentials.
        new KafkaMigrationPlan.TargetCluster("kafka", "bench-" + groups, 3, "100Gi", "plain", 3, false, "none"),
        new KafkaMigrationPlan.TopicSelection(".*", null),
        null,
        null,
        new Cutover(Cutover.Order.CONSUMERS_FIRST, cutover, producers, parallelism),
        new KafkaMigrationPlan.Decommission(false),
        APPROVALS);
    return new KafkaEstate(plan, world);
  }

  static AirflowEstate airflow(int dags) {
    String source = "https://astro.bench.example/api/v2";
    String target = "http://airflow-api.airflow.svc:8080/api/v2";
    Instant lastRun = Instant.parse("2026-11-22T01:00:00Z");
    InMemoryAirflowWorld world = new InMemoryAirflowWorld(source, target);
    List<String> order = new ArrayList<>();
    for (int d = 0; d < dags; d++) {
      String dag = String.format("dag_%03d", d);
      order.add(dag);
      world.withDag(dag, Duration.ofHours(1), false, null, false, List.of(RunInterval.at(lastRun)),
          RunInterval.at(lastRun.plusSeconds(3600)), RunInterval.at(lastRun));
    }
    AirflowMigrationPlan plan = new AirflowMigrationPlan(
        "bench-" + dags,
        new AirflowMigrationPlan.Source(new AirflowEndpoint(source, SecretRef.env("ASTRO_TOKEN"), null, null), null),
        new AirflowMigrationPlan.Target(new AirflowEndpoint(target, null, SecretRef.env("AIRFLOW_USER"),
            SecretRef.env("AIRFLOW_PASSWORD")), "airflow", "airflow"),
        new Metadata(Metadata.ConflictPolicy.FAIL, Map.of(), Map.of()),
        new Dags(order, null, null, null, null),
        new AirflowMigrationPlan.Cutover(null, IntervalRiskPolicy.MARK_DONE, 100),
        APPROVALS);
    return new AirflowEstate(plan, world);
  }

  private static AppRef app(String name) {
    return new AppRef("apps", name, "app", new ConfigLocation("KAFKA_BOOTSTRAP_SERVERS", null, null, null));
  }
}
