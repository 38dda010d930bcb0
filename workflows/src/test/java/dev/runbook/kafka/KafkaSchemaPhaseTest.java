package dev.runbook.kafka;

import static dev.runbook.testing.KafkaTestEstate.SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Schema Registry phase of the Kafka runbook: copied before replication, verified before go-live, undone on rollback. */
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
  void copiesSchemasAfterTheTopicsBeforeReplicationAndVerifiesThemBeforeGoLive() {
    KafkaMigrationWorkflow run = start(planWithRegistry());
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = RunbookProbe.result(run, Duration.ofSeconds(30));
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of("apply cluster prod", "apply topics [orders, billing]",
            "apply users [orders-consumer, billing-consumer, orders-producer]", "copy schemas [orders, billing]",
            "apply mirrormaker prod-mirror", "verify schemas [orders, billing]", "stop apps/orders-consumer"),
        world.changes.subList(0, 7));
    assertEquals(7L, KafkaFacts.SCHEMA_VERSIONS_COPIED.in(outcome.progress().facts()).orElseThrow());
    assertEquals("schemas match: 2 subjects, 7 versions, 6 schema ids",
        KafkaFacts.SCHEMA_VERIFICATION.in(outcome.progress().facts()).orElseThrow());
    recordHistory(planWithRegistry().workflowId(), "kafka-schemas-completed.json");
  }

  @Test
  void aSchemaDifferenceParksBeforeGoLiveAndRollbackRemovesTheCopy() {
    registries.differences = List.of("orders-value/2: schema id 7 on the source, 9 on the target");
    KafkaMigrationWorkflow run = start(planWithRegistry());

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals("verify schemas", parked.parkedStep());
    run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "bob", "ids differ"));

    assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    int removed = world.changes.indexOf("remove copied schemas [orders, billing]");
    assertEquals(world.changes.indexOf("delete mirrormaker prod-mirror") + 1, removed);
    assertEquals("delete users [orders-consumer, billing-consumer, orders-producer]", world.changes.get(removed + 1));
    recordHistory(planWithRegistry().workflowId(), "kafka-schemas-rolled-back.json");
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

  private static KafkaMigrationPlan planWithRegistry() {
    KafkaMigrationPlan p = KafkaTestEstate.plan(Cutover.Order.CONSUMERS_FIRST);
    return new KafkaMigrationPlan(p.migrationId(), p.source(), p.target(), p.topics(), p.replication(), p.verification(),
        p.cutover(), p.decommission(), p.approvals(), REGISTRY);
  }

  private KafkaMigrationWorkflow start(KafkaMigrationPlan plan) {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(RunbookTestEnvironment.TASK_QUEUE).setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  private static void approve(KafkaMigrationWorkflow run, String gate) {
    RunbookProbe.awaitGate(run, gate, Duration.ofSeconds(20));
    run.decide(GateDecision.approve(gate, "alice", null));
  }

  /** Registries that record what the runbook asks of them in the world's change list. */
  public static final class FakeRegistries implements SchemaRegistryActivities {
    volatile List<String> changes = new CopyOnWriteArrayList<>();
    volatile List<String> differences = List.of();

    @Override
    public SchemaCopyResult copySchemas(SchemaRequest request) {
      changes.add("copy schemas " + request.topics());
      return new SchemaCopyResult(2, 5, 2);
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
