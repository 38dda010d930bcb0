package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.activities.RunbookActivities;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.RegistryContents;
import dev.runbook.kafka.schemas.RegistryDiscovery;
import dev.runbook.kafka.schemas.SchemaVerification;
import dev.runbook.kafka.schemas.SubjectSchemas;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.world.KafkaRehearsal;
import dev.runbook.testkit.world.RehearsalRegistries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Kafka runbook on real systems: two KRaft clusters, real MirrorMaker 2 built from the
 * KafkaMirrorMaker2 resource, the Kubernetes API played by fabric8's mock with a Strimzi stand-in,
 * sample apps producing and consuming throughout. Counts every record: none lost, none twice. The
 * target is secured as the plan says by default: TLS, SCRAM-SHA-512, ACLs enforced; every client
 * connects with its own KafkaUser's credentials, which reach the apps as Secret references. The
 * runbook and MirrorMaker 2 reach the source as Confluent Cloud is reached: SASL_SSL with an API key
 * over PLAIN, trusting the source's own CA, every credential a reference to the worker's environment.
 * The apps
 * write and read Avro in Confluent's wire format through two real Apicurio registries, the source's
 * filled with 20 subjects and 68 versions (references, a soft-deleted version, per-subject
 * compatibility) and one more version registered when MirrorMaker 2 starts; after its cutover every
 * consumer decodes through the target registry, which must answer every ID as the source does.
 */
class KafkaMigrationEndToEndIT {

  private static final Logger log = LoggerFactory.getLogger(KafkaMigrationEndToEndIT.class);
  static final Path LAB_PLAN = Path.of("../deploy/examples/kafka-lab-plan.yaml");
  static final String TARGET = "shop/lab";
  static final Duration RUN_LIMIT = Duration.ofMinutes(4);

  @TempDir Path reports;

  RehearsalRegistries registries;
  ConfluentRegistryClient sourceRegistry;
  ConfluentRegistryClient targetRegistry;
  KafkaRehearsal world;
  RunbookTestEnvironment env;
  WorkflowClient client;
  KafkaMigrationPlan plan;
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @BeforeEach
  void startWorld() throws Exception {
    registries = RehearsalRegistries.start(List.of("orders", "payments"));
    sourceRegistry = ConfluentRegistryClient.connect(registries.sourceApi().toString());
    targetRegistry = ConfluentRegistryClient.connect(registries.targetApi().toString());
    world = KafkaRehearsal.startWithConfluentLikeSource(40, registries);
    env = RunbookTestEnvironment.realTime().start(RunbookActivities.create(
        world.kubernetes(), new ReferenceResolver(world.sourceEnvironment(), world.kubernetes()), new LogNotifier(),
        new RunbookActivities.Settings(reports, Duration.ofMillis(300), Duration.ofMinutes(3))
            .withMeters(new RunbookMeters(metrics)))
        .toArray());
    client = env.client();
    KafkaMigrationPlan lab = PlanFiles.parse(LAB_PLAN.toString(),
        Files.readString(LAB_PLAN).replace("SOURCE_BOOTSTRAP", world.sourceBootstrap()), KafkaMigrationPlan.class);
    plan = world.withSchemaRegistry(new KafkaMigrationPlan(lab.migrationId(), world.sourceEndpoint(), lab.target(), lab.topics(), lab.replication(),
        lab.verification(), lab.cutover(), lab.decommission(), lab.approvals(), lab.authorization(), lab.schemaRegistry()));
  }

  @AfterEach
  void stopWorld() throws Exception {
    env.close();
    world.close();
    registries.close();
  }

  @Test
  void migratesEveryAppWithNoRecordLostOrProcessedTwice() throws Exception {
    long started = System.nanoTime();
    KafkaMigrationWorkflow run = start();
    Progress atGoLive = awaitGate(run, KafkaMigrationWorkflow.GO_LIVE);
    assertTrue(atGoLive.pendingGate().evidence().contains(": identical"), atGoLive.pendingGate().evidence());
    assertTrue(atGoLive.pendingGate().evidence().contains("; target listener: TLS, scram-sha-512 authentication, simple"
        + " authorization, super user User:lab-runbook only\nsource clients: no consumer group outside the plan reads the migrated"
        + " topics; producer ids writing lately, by topic: "), atGoLive.pendingGate().evidence());
    within(() -> run.decide(GateDecision.approve(KafkaMigrationWorkflow.GO_LIVE, "operator", "verified")));
    awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION);
    within(() -> run.decide(GateDecision.approve(KafkaMigrationWorkflow.DECOMMISSION, "operator", null)));

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status(), outcome.message());
    String fence = KafkaFacts.FENCE_CHECK.in(outcome.progress().facts()).orElseThrow();
    assertTrue(fence.matches("\\d+ source partitions watched for 5000 ms \\(\\d+ samples\\): none grew"), fence);
    log.info("fence check: {} in {} ms", fence, KafkaFacts.FENCE_CHECK_TOOK.in(outcome.progress().facts()).orElseThrow());
    String target = world.targetClusters().get(TARGET);
    world.placements().values().forEach(placement -> assertEquals(target, placement));

    world.stopProducers();
    Map<String, DeliveryAccount> accounts = world.awaitDrained(Duration.ofSeconds(60));
    log.info("end-to-end: {} in {} s; pauses {}", accounts, (System.nanoTime() - started) / 1_000_000_000,
        outcome.progress().facts());
    accounts.forEach((group, account) -> {
      assertTrue(account.produced() > 100, group + " produced too little to prove anything: " + account);
      assertEquals(0, account.duplicates(), group + ": " + account);
      assertEquals(0, account.lost(), group + ": " + account);
    });
    assertTrue(Files.readString(reports.resolve("lab-kafka/verification.csv")).lines().count() > 5);
    assertMetricsOfTheRealWork(outcome);
    assertEveryRecordDecodedThroughTheTargetRegistry(outcome);
  }

  /**
   * The target registry answers every subject, version and ID as the source (the late version
   * included), every consumer decoded every record it processed on the target through it, records of
   * the late version among them, and the source turned read-only when the last producer moved.
   */
  private void assertEveryRecordDecodedThroughTheTargetRegistry(RunbookOutcome outcome) {
    RegistryContents source = RegistryDiscovery.readAll(sourceRegistry);
    int versions = source.subjects().stream().mapToInt(subject -> subject.versions().size()).sum();
    assertEquals(registries.subjects(), source.subjects().size());
    assertEquals(registries.versions() + 1, versions, "the filled versions and the late one");
    assertTrue(source.subjects().size() >= 20 && versions >= 60, source.subjects().size() + " subjects, " + versions + " versions");
    SchemaVerification.Result compared = SchemaVerification.verify(sourceRegistry, targetRegistry,
        source.subjects().stream().map(SubjectSchemas::subject).toList());
    assertEquals(List.of(), compared.differences());
    assertEquals(versions, compared.versions());
    assertTrue(KafkaFacts.SCHEMA_VERIFICATION.in(outcome.progress().facts()).orElseThrow()
        .startsWith("schemas match: " + registries.subjects() + " subjects, " + versions + " versions"));
    assertEquals("READONLY", sourceRegistry.mode());
    Map<String, KafkaRehearsal.Decoding> decodings = world.decodings();
    log.info("decodings: {}", decodings);
    decodings.forEach((group, decoding) -> {
      assertTrue(decoding.onTarget() > 0, group + ": " + decoding);
      assertTrue(decoding.everyRecordThroughTheTarget(), group + ": " + decoding);
    });
    assertTrue(decodings.get("orders-processor").withLateVersion() > 0,
        "orders-producer wrote with the late version on the target: " + decodings);
  }

  /** The activities' metrics hold what they measured: the last lag of each topic, and every record verified. */
  private void assertMetricsOfTheRealWork(RunbookOutcome outcome) throws Exception {
    List<LagSample> samples = KafkaFacts.LAG_SAMPLES.in(outcome.progress().facts()).orElseThrow();
    assertFalse(samples.isEmpty(), "the catch-up kept no lag sample");
    LagSample last = samples.get(samples.size() - 1);
    assertEquals(Set.of("orders", "payments"), last.byTopic().keySet());
    last.byTopic().forEach((topic, lag) -> assertEquals(lag.doubleValue(), metrics.get(RunbookMeters.REPLICATION_LAG)
        .tags("runbook", "kafka-migration", "migration", "lab-kafka", "phase", "catch-up", "topic", topic).gauge().value(), topic));
    long verified = 0;
    for (JsonNode partition : new ObjectMapper().readTree(reports.resolve("lab-kafka/verification.json").toFile()).get("partitions")) {
      verified += partition.get("sourceRecords").asLong();
    }
    assertTrue(verified > 100, "verified " + verified);
    assertEquals(verified, metrics.get(RunbookMeters.RECORDS_VERIFIED)
        .tags("runbook", "kafka-migration", "migration", "lab-kafka", "phase", "verify").counter().count());
  }

  @Test
  void rejectingGoLiveLeavesTheWorldAsItWas() throws Exception {
    KafkaMigrationWorkflow run = start();
    awaitGate(run, KafkaMigrationWorkflow.GO_LIVE);
    assertTheTargetRefusesClientsWithoutTheirCredentials();
    within(() -> run.decide(GateDecision.reject(KafkaMigrationWorkflow.GO_LIVE, "operator", "rehearsal of a no-go")));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    world.placements().values().forEach(placement -> assertEquals(world.sourceBootstrap(), placement));
    assertTrue(world.kubernetes().resources(io.strimzi.api.kafka.model.kafka.Kafka.class).inAnyNamespace().list()
        .getItems().isEmpty());
    awaitTrue(() -> world.targetClusters().isEmpty(), "the target cluster is stopped");
    assertExactlyOnce();
  }

  @Test
  void rollbackAfterAGroupMovedBringsItBackExactly() throws Exception {
    Map<String, Object> connectionsBefore = connectionSettings();
    registries.registerLateVersion();
    RegistryContents sourceBefore = RegistryDiscovery.readAll(sourceRegistry);
    KafkaMigrationWorkflow run = start();
    awaitGate(run, KafkaMigrationWorkflow.GO_LIVE);
    within(() -> run.decide(GateDecision.approve(KafkaMigrationWorkflow.GO_LIVE, "operator", null)));
    // The migration's rollback takes effect once the groups being cut over have moved; then it moves them all back.
    awaitProgress(run, p -> KafkaFacts.GROUP_PAUSE.in(p.facts(), "orders-processor").isPresent());
    Thread.sleep(2_000);
    within(() -> run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "operator", "rehearsal of a rollback")));

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status(), outcome.message());
    assertTrue(outcome.progress().steps().stream().map(StepProgress::name).anyMatch("undo cut over consumer groups"::equals));
    world.placements().values().forEach(placement -> assertEquals(world.sourceBootstrap(), placement));
    assertEquals(connectionsBefore, connectionSettings());
    assertEquals(sourceBefore, RegistryDiscovery.readAll(sourceRegistry), "the source registry as it was");
    assertEquals(List.of(), targetRegistry.subjects(true), "the copy removed from the target");
    assertExactlyOnce();
    world.decodings().forEach((group, decoding) ->
        assertTrue(decoding.everyRecordThroughTheTarget(), group + " decoded on the target through another registry: " + decoding));
  }

  /**
   * Rollback once every group and producer runs on the target: the reverse flow has copied back to
   * the source everything the producers wrote on the target, in order per partition, before any
   * producer writes to the source again; the consumers back on the source process every record once.
   */
  @Test
  void rollbackAfterEveryProducerMovedLosesNothingWrittenOnTheTarget() throws Exception {
    KafkaMigrationWorkflow run = start();
    awaitGate(run, KafkaMigrationWorkflow.GO_LIVE);
    within(() -> run.decide(GateDecision.approve(KafkaMigrationWorkflow.GO_LIVE, "operator", null)));
    awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION);
    Thread.sleep(3_000);
    long rollbackStarted = System.nanoTime();
    within(() -> run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "operator", "rehearsal of a late rollback")));

    RunbookOutcome outcome = result(run);
    long rollbackMillis = (System.nanoTime() - rollbackStarted) / 1_000_000;
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status(), outcome.message());
    world.placements().values().forEach(placement -> assertEquals(world.sourceBootstrap(), placement));
    assertTrue(world.kubernetes().resources(io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2.class).inAnyNamespace()
        .list().getItems().isEmpty(), "both MirrorMaker 2 flows are removed");
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", world.sourceBootstrap()))) {
      assertEquals(Set.of(), admin.listTopics().names().get().stream().filter(topic -> topic.startsWith("lab-mirror-back"))
          .collect(java.util.stream.Collectors.toSet()), "the reverse flow's Connect topics are deleted from the source");
    }
    long copiedBack = KafkaFacts.RECORDS_COPIED_BACK.in(outcome.progress().facts()).orElseThrow();
    long duplicates = KafkaFacts.COPY_BACK_DUPLICATES.in(outcome.progress().facts()).orElseThrow();
    log.info("rollback after every producer moved: {} ms; {}; copy-back wait {} ms", rollbackMillis,
        KafkaFacts.COPIED_BACK.in(outcome.progress().facts()).orElseThrow(),
        KafkaFacts.COPY_BACK_WAIT.in(outcome.progress().facts()).orElseThrow());
    assertTrue(copiedBack > 50, "the producers wrote too little on the target to prove anything: " + copiedBack);
    assertEquals(0, duplicates);
    assertExactlyOnce();
    assertEquals(copiedBack, assertEachProducersRecordsInOrderOnTheSource());
  }

  /**
   * Reads every partition of the source: each producer's sequence numbers only grow along a
   * partition (its records written on the target sit between those before and after, in their
   * order). Returns how many records carry the reverse flow's header.
   */
  private long assertEachProducersRecordsInOrderOnTheSource() {
    long copies = 0;
    var sourceRecords = new dev.runbook.testkit.kafka.AvroSequenceRecords.Reader(
        new dev.runbook.testkit.registry.SerdeRegistryClient(registries.sourceApi()));
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
        "bootstrap.servers", world.sourceBootstrap(), "isolation.level", "read_committed"),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      for (String topic : List.of("orders", "payments")) {
        for (var info : consumer.partitionsFor(topic)) {
          var partition = new org.apache.kafka.common.TopicPartition(topic, info.partition());
          consumer.assign(List.of(partition));
          consumer.seekToBeginning(List.of(partition));
          long end = consumer.endOffsets(List.of(partition)).get(partition);
          Map<String, Long> lastSequence = new java.util.HashMap<>();
          while (consumer.position(partition) < end) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
              // The sample apps write Avro (one producer per topic) through the registry; plain records name their producer.
              boolean avro = record.value().length > 4 && record.value()[0] == 0;
              String value = avro ? "avro record" : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
              String producer = avro ? topic : value.substring(0, value.lastIndexOf(':'));
              long sequence = avro ? sourceRecords.decode(record.value()).sequence()
                  : dev.runbook.testkit.kafka.SequenceRecords.sequenceOf(record.value());
              Long before = lastSequence.put(producer, sequence);
              assertTrue(before == null || sequence > before, partition + " @" + record.offset() + ": " + value + " after " + before);
              if (record.headers().lastHeader(ProvenanceHeaders.COPIED_TO_SOURCE) != null) {
                copies++;
              }
            }
          }
        }
      }
    }
    return copies;
  }

  /** Each app's container env and the ConfigMaps, as Kubernetes holds them (values and references). */
  private Map<String, Object> connectionSettings() {
    Map<String, Object> settings = new java.util.TreeMap<>();
    world.kubernetes().apps().deployments().inNamespace("shop").list().getItems().forEach(deployment -> settings.put(
        deployment.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()));
    world.kubernetes().configMaps().inNamespace("shop").list().getItems().forEach(configMap -> settings.put(
        "configmap/" + configMap.getMetadata().getName(), configMap.getData()));
    return settings;
  }

  /**
   * A client that brings no credentials, or the wrong password, is refused by the target; the same
   * client with the credentials the User Operator made for orders-producer gets in.
   */
  private void assertTheTargetRefusesClientsWithoutTheirCredentials() throws Exception {
    String bootstrap = world.targetClusters().get(TARGET);
    String ca = secretValue("lab-cluster-ca-cert", "ca.crt");
    Map<String, Object> tls = Map.of("bootstrap.servers", bootstrap, "security.protocol", "SSL",
        "ssl.truststore.type", "PEM", "ssl.truststore.certificates", ca);
    assertThrows(Exception.class, () -> describeCluster(Map.of("bootstrap.servers", bootstrap)), "no TLS, no SASL");
    assertThrows(Exception.class, () -> describeCluster(tls), "TLS without SASL");
    Map<String, Object> sasl = new java.util.HashMap<>(tls);
    sasl.put("security.protocol", "SASL_SSL");
    sasl.put("sasl.mechanism", "SCRAM-SHA-512");
    sasl.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"orders-producer\""
        + " password=\"guessed\";");
    var wrongPassword = assertThrows(java.util.concurrent.ExecutionException.class, () -> describeCluster(sasl));
    assertTrue(wrongPassword.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException,
        String.valueOf(wrongPassword.getCause()));
    sasl.put("sasl.jaas.config", secretValue("orders-producer", "sasl.jaas.config"));
    assertFalse(describeCluster(sasl).isEmpty());
  }

  private static java.util.Collection<org.apache.kafka.common.Node> describeCluster(Map<String, Object> properties)
      throws Exception {
    Map<String, Object> withTimeouts = new java.util.HashMap<>(properties);
    withTimeouts.put("request.timeout.ms", 3000);
    withTimeouts.put("default.api.timeout.ms", 5000);
    try (var admin = org.apache.kafka.clients.admin.Admin.create(withTimeouts)) {
      return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
    }
  }

  private String secretValue(String secret, String key) {
    return new String(java.util.Base64.getDecoder().decode(
        world.kubernetes().secrets().inNamespace("shop").withName(secret).get().getData().get(key)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private void assertExactlyOnce() throws InterruptedException {
    world.stopProducers();
    Map<String, DeliveryAccount> accounts = world.awaitDrained(Duration.ofSeconds(60));
    log.info("accounts: {}", accounts);
    accounts.forEach((group, account) -> {
      assertTrue(account.produced() > 0, group + ": " + account);
      assertEquals(0, account.duplicates(), group + ": " + account);
      assertEquals(0, account.lost(), group + ": " + account);
    });
  }

  private KafkaMigrationWorkflow start() {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  private static Progress awaitGate(KafkaMigrationWorkflow run, String gate) {
    return awaitProgress(run, p -> p.pendingGate() != null && gate.equals(p.pendingGate().name()));
  }

  private static Progress awaitProgress(KafkaMigrationWorkflow run, Predicate<Progress> condition) {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = run.progress();
      if (condition.test(last)) {
        return last;
      }
      if (last.parkedStep() != null) {
        throw new AssertionError("a step parked: " + last.steps().get(last.steps().size() - 1));
      }
      sleep();
    }
    throw new AssertionError("condition not reached; last progress: " + last);
  }

  /** An Update that does not come back within a minute fails the test instead of hanging it. */
  private static <T> T within(java.util.function.Supplier<T> update) throws Exception {
    try {
      return java.util.concurrent.CompletableFuture.supplyAsync(update).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the Update did not complete within 60 s", e);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within 30 s: " + what);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RunbookOutcome result(KafkaMigrationWorkflow run) throws Exception {
    return WorkflowStub.fromTyped(run).getResult(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS, RunbookOutcome.class);
  }
}
