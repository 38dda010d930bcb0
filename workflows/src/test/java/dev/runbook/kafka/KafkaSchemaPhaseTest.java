package dev.runbook.kafka;

import static dev.runbook.testing.KafkaTestEstate.SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.RunbookTestEnvironment;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Schema Registry phase of the Kafka runbook: copied before replication, synced again before the
 * catch-up gate, the consumer cutover and each producer's move, verified before go-live, the source
 * locked when the last producer moves; all undone on rollback.
 */
class KafkaSchemaPhaseTest {

  private static final KafkaMigrationPlan.SchemaRegistry REGISTRY = new KafkaMigrationPlan.SchemaRegistry(
      new SchemaRegistryEndpoint("https://psrc-1.confluent.cloud", null, null, null),
      new SchemaRegistryEndpoint("http://apicurio.registry:8080", SchemaRegistryEndpoint.Kind.APICURIO, null, null),
      null, null);

  private RunbookTestEnvironment env;
  private WorkflowClient client;
  private InMemoryKafkaWorld world;
  private final FakeRegistries registries = new FakeRegistries();

  @BeforeEach
  void start() {
    world = KafkaTestEstate.world(SOURCE);
    registries.changes = world.changes;
    env = RunbookTestEnvironment.timeSkipping().start(world, registries);
    client = env.client();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void copiesSchemasBeforeReplicationSyncsThemUntilTheLastProducerMovesAndLocksTheSourceThen() {
    KafkaMigrationWorkflow run = start(planWithRegistry(REGISTRY));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = RunbookProbe.result(run, Duration.ofSeconds(30));
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of("apply cluster prod", "apply topics [orders, billing]",
            "apply users [orders-consumer, billing-consumer, orders-producer]", "copy schemas [orders, billing]",
            "apply mirrormaker prod-mirror", "copy schemas [orders, billing]", "verify schemas [orders, billing]",
            "copy schemas [orders, billing]", "stop apps/orders-consumer"),
        world.changes.subList(0, 9));
    int stopped = world.changes.indexOf("stop apps/orders-producer");
    assertEquals(List.of("stop apps/orders-producer", "set source registry mode READONLY", "copy schemas [orders, billing]"),
        world.changes.subList(stopped, stopped + 3));
    assertTrue(world.changes.get(stopped + 3).startsWith("repoint apps/orders-producer"), world.changes.toString());
    assertEquals(4, world.changes.stream().filter(c -> c.startsWith("copy schemas")).count());
    assertEquals("READONLY", registries.sourceMode);
    assertEquals(8L, KafkaFacts.SCHEMA_VERSIONS_COPIED.in(outcome.progress().facts()).orElseThrow());
    assertEquals("READWRITE", KafkaFacts.SCHEMA_SOURCE_MODE.in(outcome.progress().facts()).orElseThrow());
    assertEquals("schemas match: 2 subjects, 7 versions, 6 schema ids",
        KafkaFacts.SCHEMA_VERIFICATION.in(outcome.progress().facts()).orElseThrow());
    recordHistory(planWithRegistry(REGISTRY).workflowId(), "kafka-schemas-synced-after-catch-up-completed.json");
  }

  @Test
  void rollbackAfterTheProducersMovedPutsTheSourceRegistryBackInItsModeBeforeTheProducerReturns() {
    registries.sourceMode = "READONLY_OVERRIDE";
    KafkaMigrationWorkflow run = start(planWithRegistry(REGISTRY));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION, Duration.ofSeconds(20));
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "producers misbehave on the target"));

    assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    int restored = world.changes.indexOf("set source registry mode READONLY_OVERRIDE");
    int locked = world.changes.indexOf("set source registry mode READONLY");
    assertTrue(locked >= 0 && restored > locked, world.changes.toString());
    assertEquals("stop apps/orders-producer", world.changes.get(restored + 1));
    assertTrue(world.changes.get(restored + 2).startsWith("await copy-back"), world.changes.toString());
    assertTrue(world.changes.get(restored + 3).startsWith("repoint apps/orders-producer"), world.changes.toString());
    assertEquals("READONLY_OVERRIDE", registries.sourceMode);
    recordHistory(planWithRegistry(REGISTRY).workflowId(), "kafka-schemas-unlocked-rolled-back.json");
  }

  @Test
  void aPlanThatKeepsTheSourceWritableSyncsWithoutLocking() {
    KafkaMigrationPlan.SchemaRegistry unlocked = new KafkaMigrationPlan.SchemaRegistry(
        REGISTRY.source(), REGISTRY.target(), null, false);
    KafkaMigrationWorkflow run = start(planWithRegistry(unlocked));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    assertEquals(RunbookStatus.COMPLETED, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    assertEquals(4, world.changes.stream().filter(c -> c.startsWith("copy schemas")).count());
    assertFalse(world.changes.stream().anyMatch(c -> c.startsWith("set source registry mode")), world.changes.toString());
    assertEquals("READWRITE", registries.sourceMode);
  }

  @Test
  void aSchemaDifferenceParksBeforeGoLiveAndRollbackRemovesTheCopy() {
    registries.differences = List.of("orders-value/2: schema id 7 on the source, 9 on the target");
    KafkaMigrationWorkflow run = start(planWithRegistry(REGISTRY));

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals("verify schemas", parked.parkedStep());
    run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "bob", "ids differ"));

    assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    int removed = world.changes.indexOf("remove copied schemas [orders, billing]");
    assertEquals(world.changes.indexOf("delete mirrormaker prod-mirror") + 1, removed);
    assertEquals("delete users [orders-consumer, billing-consumer, orders-producer]", world.changes.get(removed + 1));
  }

  @Test
  void appsThatNameTheirRegistrySettingsMoveToTheTargetRegistryAndComeBackOnRollback() {
    KafkaMigrationPlan plan = withRegistrySettings(planWithRegistry(REGISTRY));
    KafkaMigrationWorkflow run = start(plan);
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION, Duration.ofSeconds(20));
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "consumers cannot decode on the target"));

    assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    String target = KafkaTestEstate.TARGET + " and registry http://apicurio.registry:8080/apis/ccompat/v7";
    assertEquals(List.of("repoint apps/orders-consumer to " + target, "repoint apps/billing-consumer to " + target,
            "repoint apps/orders-producer to " + target, "repoint apps/orders-producer to " + SOURCE,
            "repoint apps/billing-consumer to " + SOURCE, "repoint apps/orders-consumer to " + SOURCE),
        world.changes.stream().filter(change -> change.startsWith("repoint")).toList());
    recordHistory(plan.workflowId(), "kafka-schemas-apps-repointed-rolled-back.json");
  }

  /** The plan's apps keep their registry URL in env var SCHEMA_REGISTRY_URL (the target asks for no credentials). */
  private static KafkaMigrationPlan withRegistrySettings(KafkaMigrationPlan p) {
    java.util.function.UnaryOperator<KafkaMigrationPlan.AppRef> registry = app -> new KafkaMigrationPlan.AppRef(app.namespace(),
        app.deployment(), app.container(), app.bootstrap(), app.credentials(), app.topics(), app.transactionalId(),
        new KafkaMigrationPlan.AppSchemaRegistry(new KafkaMigrationPlan.ConfigLocation("SCHEMA_REGISTRY_URL", null, null, null),
            null, null));
    Cutover cutover = new Cutover(p.cutover().order(), p.cutover().consumerGroups().stream()
        .map(group -> new KafkaMigrationPlan.ConsumerGroupCutover(group.group(), group.apps().stream().map(registry).toList(),
            group.isolation())).toList(),
        p.cutover().producers().stream().map(registry).toList(), p.cutover().parallelism());
    return new KafkaMigrationPlan(p.migrationId(), p.source(), p.target(), p.topics(), p.replication(), p.verification(),
        cutover, p.decommission(), p.approvals(), null, p.schemaRegistry());
  }

  /** With {@code -Drunbook.recordHistory=true}: stores the run's history for {@link KafkaMigrationReplayTest}. */
  private void recordHistory(String workflowId, String file) {
    if (Boolean.getBoolean("runbook.recordHistory")) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories", file),
            client.fetchHistory(workflowId).toJson(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static KafkaMigrationPlan planWithRegistry(KafkaMigrationPlan.SchemaRegistry registry) {
    KafkaMigrationPlan p = KafkaTestEstate.plan(Cutover.Order.CONSUMERS_FIRST);
    return new KafkaMigrationPlan(p.migrationId(), p.source(), p.target(), p.topics(), p.replication(), p.verification(),
        p.cutover(), p.decommission(), p.approvals(), null, registry);
  }

  private KafkaMigrationWorkflow start(KafkaMigrationPlan plan) {
    return RunbookProbe.startKafka(client, plan);
  }

  private static void approve(KafkaMigrationWorkflow run, String gate) {
    RunbookProbe.approveAsAlice(run, gate);
  }

  /** Registries that record what the runbook asks of them in the world's change list; each copy finds one version more. */
  public static final class FakeRegistries implements SchemaRegistryActivities {
    volatile List<String> changes = new CopyOnWriteArrayList<>();
    volatile List<String> differences = List.of();
    volatile String sourceMode = "READWRITE";
    private final AtomicInteger copies = new AtomicInteger();

    @Override
    public SchemaCopyResult copySchemas(SchemaRequest request) {
      changes.add("copy schemas " + request.topics());
      int copy = copies.incrementAndGet();
      return new SchemaCopyResult(2, copy == 1 ? 5 : 1, copy == 1 ? 0 : 4 + copy - 1);
    }

    @Override
    public String readSourceMode(KafkaMigrationPlan.SchemaRegistry registry) {
      return sourceMode;
    }

    @Override
    public void setSourceMode(SourceModeRequest request) {
      changes.add("set source registry mode " + request.mode());
      sourceMode = request.mode();
    }

    @Override
    public void removeCopiedSchemas(SchemaRequest request) {
      changes.add("remove copied schemas " + request.topics());
    }

    @Override
    public SchemaVerificationReport verifySchemas(SchemaRequest request) {
      changes.add("verify schemas " + request.topics());
      return new SchemaVerificationReport(2, 7, 6, differences);
    }
  }
}
