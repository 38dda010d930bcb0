package dev.runbook.bench;

import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.KafkaActivities.GroupConsumingRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.kafka.InProcessMirrorMaker2;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.RecordingConsumer;
import dev.runbook.testkit.kafka.SequenceProducer;
import dev.runbook.testkit.kubernetes.AppWorld;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import dev.runbook.testkit.kubernetes.StrimziBackend;
import dev.runbook.testkit.kubernetes.StrimziReconciler;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;

/**
 * The pause of one consumer group of many partitions in the lab setting: a live producer on the
 * source, MirrorMaker 2 copying to the target, the group's app a Deployment on the mock Kubernetes
 * API whose pods are a real consumer. The cutover runs the runbook's own activities in the
 * runbook's order (stop, move offsets, repoint, start, see the group consume on the target) and
 * times each; the offset move reports its translate / commit / check split itself. Afterwards every
 * produced record must have been processed exactly once, across both clusters.
 */
final class CutoverPause {

  private static final String NAMESPACE = "bench";
  private static final String TOPIC = "bench.cutover";
  private static final String GROUP = "cutover-group";
  private static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  private static final AppRef APP = new AppRef(NAMESPACE, "cutover-consumer", "app", new ConfigLocation(BOOTSTRAP_ENV, null, null, null));
  static final int RECORDS_PER_SECOND = 400;
  private static final double TARGET_SECONDS = 2.0;
  private static final long CAUGHT_UP_LAG = 10;

  private final KafkaTestCluster source;
  private final KafkaTestCluster target;
  private final MockKubernetes kubernetes;
  private final LabActivities activities;
  private final int partitions;

  CutoverPause(KafkaTestCluster source, KafkaTestCluster target, MockKubernetes kubernetes, LabActivities activities, int partitions) {
    this.source = source;
    this.target = target;
    this.kubernetes = kubernetes;
    this.activities = activities;
    this.partitions = partitions;
  }

  List<Measure> run() throws Exception {
    source.createTopic(TOPIC, partitions);
    target.createTopic(TOPIC, partitions);
    SequenceProducer producer = new SequenceProducer(TOPIC, "cutover-producer", RECORDS_PER_SECOND, 0);
    RecordingConsumer consumer = new RecordingConsumer(GROUP, List.of(TOPIC));
    Map<String, String> mirror = InProcessMirrorMaker2.migrationConfig(
        "source", source.bootstrapServers(), "target", target.bootstrapServers(), 100);
    mirror.put("source->target.topics", TOPIC.replace(".", "\\."));
    mirror.put("source->target.groups.exclude", GROUP);
    try (InProcessMirrorMaker2 mirrorMaker = InProcessMirrorMaker2.start(mirror, Duration.ofSeconds(120));
         StrimziReconciler reconciler = StrimziReconciler.start(kubernetes.client(), new NoClusters(), deploymentOf(consumer))) {
      producer.start(source.bootstrapServers());
      deploy();
      awaitCommittedEverywhere(Duration.ofMinutes(2));
      KafkaEndpoint from = KafkaEndpoint.plaintext(source.bootstrapServers());
      KafkaEndpoint to = KafkaEndpoint.plaintext(target.bootstrapServers());
      KafkaActivities kafka = activities.kafka();
      // As at the go-live gate: MirrorMaker 2 keeps up with the live producer.
      kafka.awaitCatchUp(CatchUpRequest.withinLag(from, to, List.of(TOPIC), CAUGHT_UP_LAG, null));
      List<Measure> measures = cutOver(from, to, kafka, activities.apps(), activities.offsets());

      producer.stop();
      DeliveryAccount account = awaitDrained(producer, consumer, Duration.ofMinutes(2));
      DataPathBenchmark.check(account.lost() == 0 && account.duplicates() == 0,
          "after the cutover the group lost or repeated records: " + account);
      return concat(measures, Measure.of("records produced / processed across the cutover",
          String.format(Locale.ROOT, "%,d / %,d: no loss, no duplicate", account.produced(), account.processed())));
    } finally {
      producer.stop();
      consumer.stop();
    }
  }

  private List<Measure> cutOver(KafkaEndpoint from, KafkaEndpoint to, KafkaActivities kafka, AppActivities apps,
      OffsetActivities offsets) {
    long stopping = System.nanoTime();
    AppSnapshot before = apps.stopApp(APP);
    long moving = System.nanoTime();
    GroupTranslationReport moved = offsets.translateGroup(
        GroupTranslationRequest.exact(GROUP, from, to, KafkaPlanDefaults.REPLICATION_WAIT));
    long repointing = System.nanoTime();
    apps.repointApp(new RepointRequest(APP, to.bootstrapServers()));
    long starting = System.nanoTime();
    apps.startApp(new StartRequest(APP, before.replicas()));
    long awaiting = System.nanoTime();
    kafka.awaitGroupConsuming(new GroupConsumingRequest(to, GROUP, Duration.ofMinutes(5)));
    long consuming = System.nanoTime();

    DataPathBenchmark.check(moved.committed() && moved.verification().verified() && moved.partitions().size() == partitions,
        "the offset move reported " + moved.partitions().size() + " partitions, committed=" + moved.committed()
            + ", verification " + moved.verification());
    GroupTranslationReport.Timings split = moved.timings();
    long translateAndCommit = split.translateMillis() + split.commitMillis();
    return List.of(
        Measure.of("stop: scale the Deployment to 0, its pods gone", millis(moving - stopping)),
        Measure.of("translate: read committed offsets, find each partition's record on the target",
            split.translateMillis() + " ms"),
        Measure.of("commit: check the group is idle on the target, write " + partitions + " offsets", split.commitMillis() + " ms"),
        Measure.against("translate + commit, " + partitions + " partitions", translateAndCommit + " ms",
            "<= " + (long) (TARGET_SECONDS * 1000) + " ms", translateAndCommit <= TARGET_SECONDS * 1000),
        Measure.of("check after commit: the next record is the same on both sides", split.verifyMillis() + " ms"),
        Measure.of("start: repoint + restore replicas and roll out + group consuming on the target",
            millis(consuming - repointing) + " (" + millis(starting - repointing) + " + " + millis(awaiting - starting) + " + "
                + millis(consuming - awaiting) + ")"),
        Measure.of("whole pause: stopped to consuming on the target", millis(consuming - stopping)));
  }

  private static String millis(long nanos) {
    return nanos / 1_000_000 + " ms";
  }

  private static List<Measure> concat(List<Measure> measures, Measure last) {
    List<Measure> all = new ArrayList<>(measures);
    all.add(last);
    return all;
  }

  private void deploy() {
    kubernetes.client().apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
        .withNewMetadata().withName(APP.deployment()).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec()
            .withReplicas(1)
            .withNewSelector().addToMatchLabels("app", APP.deployment()).endSelector()
            .withNewTemplate()
                .withNewMetadata().addToLabels("app", APP.deployment()).endMetadata()
                .withNewSpec().addNewContainer().withName(APP.container()).withImage("bench/consumer:1")
                    .addNewEnv().withName(BOOTSTRAP_ENV).withValue(source.bootstrapServers()).endEnv()
                .endContainer().endSpec()
            .endTemplate()
        .endSpec()
        .build()).create();
  }

  /** The consumer runs wherever its Deployment's pods would: stopped at 0 replicas, else on the bootstrap in its env. */
  private static AppWorld deploymentOf(RecordingConsumer consumer) {
    String[] runningOn = {null};
    return state -> {
      if (!state.name().equals(APP.deployment())) {
        return;
      }
      String bootstrap = state.replicas() == 0 ? null : state.env().get(BOOTSTRAP_ENV);
      if (!Objects.equals(bootstrap, runningOn[0])) {
        consumer.stop();
        if (bootstrap != null) {
          consumer.start(bootstrap);
        }
        runningOn[0] = bootstrap;
      }
    };
  }

  /** A consumer group at work has committed offsets on every partition before it is moved. */
  private void awaitCommittedEverywhere(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = source.admin()) {
      while (admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().size() < partitions) {
        DataPathBenchmark.check(System.nanoTime() < deadline, GROUP + " has not committed on all " + partitions
            + " partitions within " + timeout);
        Thread.sleep(200);
      }
    }
  }

  private static DeliveryAccount awaitDrained(SequenceProducer producer, RecordingConsumer consumer, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    DeliveryAccount account = DeliveryAccount.of(producer.produced(), consumer.processed());
    while (account.lost() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      account = DeliveryAccount.of(producer.produced(), consumer.processed());
    }
    return account;
  }

  /** The cutover provisions nothing: only Deployments are reconciled. */
  private static final class NoClusters implements StrimziBackend {

    @Override
    public RunningCluster startCluster(String namespace, String name) {
      throw new UnsupportedOperationException("the cutover benchmark creates no Kafka resource");
    }

    @Override
    public void stopCluster(String namespace, String name) {
      throw new UnsupportedOperationException("the cutover benchmark creates no Kafka resource");
    }

    @Override
    public void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs) {
      throw new UnsupportedOperationException("the cutover benchmark creates no KafkaTopic");
    }

    @Override
    public void deleteTopic(String bootstrapServers, String topic) {
      throw new UnsupportedOperationException("the cutover benchmark creates no KafkaTopic");
    }

    @Override
    public AutoCloseable startMirrorMaker(Map<String, String> properties) {
      throw new UnsupportedOperationException("the cutover benchmark runs MirrorMaker 2 itself");
    }
  }
}
