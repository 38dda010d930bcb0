package dev.runbook.kafka;

import static dev.runbook.testing.KafkaTestEstate.SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.kafka.fence.FenceReport.PartitionGrowth;
import dev.runbook.kafka.fence.LiveMember;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.RunbookTestEnvironment;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source's clients at go-live (listed in the gate's evidence, or blocking it by plan policy) and
 * the fence check once the last producer moved (parks while the source grows, passes once it stops).
 */
class KafkaSourceFenceTest {

  private static final String FENCE_STEP = "check nobody writes to the source";
  private static final String CLIENTS_STEP = "check source clients before go-live";
  private static final LiveMember STRAY_MEMBER = new LiveMember("reports-cron", "cron-1", "/10.0.0.7", List.of("orders"));
  private static final ActiveProducer ORDERS_WRITER = new ActiveProducer("orders", 1, 4001, 0, 1_700_000_000_000L, "nightly-export");
  private static final ActiveProducer BILLING_WRITER = new ActiveProducer("billing", 0, 4002, 3, 1_700_000_000_500L, null);

  private RunbookTestEnvironment env;
  private WorkflowClient client;
  private InMemoryKafkaWorld world;

  @BeforeEach
  void start() {
    world = KafkaTestEstate.world(SOURCE);
    env = RunbookTestEnvironment.timeSkipping().start(world);
    client = env.client();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void theFenceCheckParksWhileTheSourceKeepsGrowingAndPassesOnceItStops() throws Exception {
    world.sourceGrowth = List.of(new PartitionGrowth("orders", 1, 100, 140));
    world.sourceProducers.add(ORDERS_WRITER);
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST, null, Duration.ofSeconds(30)));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals(FENCE_STEP, parked.parkedStep());
    assertEquals("cutover producers", parked.phase());
    assertEquals("SourceStillWritten: 5 source partitions watched for 30000 ms (2 samples): 1 still grow: orders-1 +40 (100 -> 140); "
        + "producers writing in the window: orders-1: producer 4001 (epoch 0, transactional id 'nightly-export'), last write at "
        + "1700000000000; stop the writer and retry (a new window is watched), or skip to go on knowingly",
        parked.steps().get(parked.steps().size() - 1).lastError());
    assertTrue(world.changes.contains("start apps/orders-producer x3"), world.changes.toString());
    assertFalse(world.changes.contains("delete mirrormaker prod-mirror"), world.changes.toString());

    world.sourceGrowth = List.of();
    run.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "bob", "stopped the old ReplicaSet"));
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = RunbookProbe.result(run, Duration.ofSeconds(30));
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)), world.fenceWindows);
    assertEquals("5 source partitions watched for 30000 ms (2 samples): none grew",
        KafkaFacts.FENCE_CHECK.in(outcome.progress().facts()).orElseThrow());
    assertEquals(30_000L, KafkaFacts.FENCE_CHECK_TOOK.in(outcome.progress().facts()).orElseThrow());
    if (Boolean.getBoolean("runbook.recordHistory")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories", "kafka-fence-retried-completed.json"),
          client.fetchHistory(KafkaTestEstate.plan(Cutover.Order.CONSUMERS_FIRST).workflowId()).toJson(true));
    }
  }

  @Test
  void aProducerWhoseTopicsNoProducerLeftOnTheSourceWritesIsFencedOnItsOwnBeforeTheNextMoves() throws Exception {
    env.close();
    KafkaMigrationPlan.AppRef billingProducer = KafkaTestEstate.app("billing-producer");
    world = KafkaTestEstate.world(SOURCE).withApp(billingProducer, 1);
    env = RunbookTestEnvironment.timeSkipping().start(world);
    client = env.client();
    world.sourceGrowth = List.of(new PartitionGrowth("orders", 1, 100, 101));
    KafkaMigrationPlan base = plan(Cutover.Order.CONSUMERS_FIRST, null, Duration.ofSeconds(30));
    KafkaMigrationPlan.AppRef orders = KafkaTestEstate.ORDERS_PRODUCER;
    Cutover cutover = base.cutover();
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(base.migrationId(), base.source(), base.target(), base.topics(),
        base.replication(), base.verification(), new Cutover(cutover.order(), cutover.consumerGroups(), List.of(
            new KafkaMigrationPlan.AppRef(orders.namespace(), orders.deployment(), orders.container(), orders.bootstrap(),
                orders.credentials(), List.of("orders"), null),
            new KafkaMigrationPlan.AppRef(billingProducer.namespace(), billingProducer.deployment(), billingProducer.container(),
                billingProducer.bootstrap(), billingProducer.credentials(), List.of("billing"), null)),
            cutover.parallelism(), null, Duration.ofSeconds(30)), base.decommission(), base.approvals()));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals("check apps/orders-producer's topics stop growing on the source", parked.parkedStep());
    assertTrue(parked.steps().get(parked.steps().size() - 1).lastError().startsWith(
        "SourceStillWritten: 3 source partitions watched for 30000 ms (2 samples): 1 still grow: orders-1 +1 (100 -> 101)"),
        parked.toString());
    assertFalse(world.changes.contains("stop apps/billing-producer"), "the next producer moved before: " + world.changes);

    world.sourceGrowth = List.of();
    run.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "bob", "deleted the old orders-producer pod"));
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    assertEquals(RunbookStatus.COMPLETED, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    assertTrue(world.changes.contains("start apps/billing-producer x1"), world.changes.toString());
    assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)), world.fenceWindows,
        "orders twice (parked, then retried), then every topic once the last producer moved");
    if (Boolean.getBoolean("runbook.recordHistory")) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories", "kafka-producer-fence-retried.json"),
          client.fetchHistory(base.workflowId()).toJson(true));
    }
  }

  @Test
  void producersFirstRunsTheFenceCheckBeforeAnyGroupMovesAndAnOperatorMaySkipItKnowingly() {
    world.sourceGrowth = List.of(new PartitionGrowth("billing", 0, 7, 8));
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.PRODUCERS_FIRST, null, null));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals(FENCE_STEP, parked.parkedStep());
    assertTrue(parked.steps().get(parked.steps().size() - 1).lastError().contains(
        "1 still grow: billing-0 +1 (7 -> 8); the broker names no producer (not idempotent?)"), parked.toString());
    assertFalse(world.changes.contains("stop apps/orders-consumer"), "a group moved before the fence check: " + world.changes);
    run.act(new OperatorAction(OperatorAction.Kind.SKIP, null, "bob", "the audit job writes billing; it moves next week"));
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    assertEquals(RunbookStatus.COMPLETED, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
    assertEquals(List.of(KafkaPlanDefaults.FENCE_WINDOW), world.fenceWindows);
    assertTrue(world.changes.contains("stop apps/orders-consumer"), world.changes.toString());
  }

  @Test
  void theGoLiveEvidenceListsUnplannedGroupsAndTheProducerIdsWritingPerTopic() {
    world.unplannedMembers.add(STRAY_MEMBER);
    world.sourceProducers.addAll(List.of(ORDERS_WRITER, BILLING_WRITER));
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST, null, null));

    Progress atGate = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.GO_LIVE, Duration.ofSeconds(20));
    String clients = "consumer groups not in the plan with live members: group 'reports-cron' member 'cron-1' from /10.0.0.7 on "
        + "[orders]; producer ids writing lately, by topic: billing [4002]; orders [4001]";
    assertTrue(atGate.pendingGate().evidence().endsWith("\nsource clients: " + clients
        + " (unplanned clients listed for the approver: cutover.unplannedClients is REPORT)"), atGate.pendingGate().evidence());
    assertEquals(clients, KafkaFacts.SOURCE_CLIENTS.in(atGate.facts()).orElseThrow());
    assertEquals(List.of("take inventory of source clients", CLIENTS_STEP), atGate.steps().stream()
        .map(step -> step.name()).filter(name -> name.contains("source clients")).toList());
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.GO_LIVE, "alice", "find out who runs reports-cron"));
    assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
  }

  @Test
  void blockingPolicyParksBeforeTheGateUntilTheUnplannedGroupIsGone() {
    world.unplannedMembers.add(STRAY_MEMBER);
    world.sourceProducers.add(ORDERS_WRITER);
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST, Cutover.UnplannedClients.BLOCK, null));

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, Duration.ofSeconds(20));
    assertEquals(CLIENTS_STEP, parked.parkedStep());
    assertNull(parked.pendingGate());
    assertEquals("UnplannedClients: clients the plan does not move use the source (cutover.unplannedClients: BLOCK): group "
        + "'reports-cron' member 'cron-1' from /10.0.0.7 on [orders]; stop them and retry, or skip to accept them",
        parked.steps().get(parked.steps().size() - 1).lastError());

    world.unplannedMembers.clear();
    run.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "bob", "reports-cron stopped"));
    Progress atGate = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.GO_LIVE, Duration.ofSeconds(20));
    assertTrue(atGate.pendingGate().evidence().endsWith("\nsource clients: no consumer group outside the plan reads the migrated "
        + "topics; producer ids writing lately, by topic: orders [4001]"), atGate.pendingGate().evidence());
  }

  @Test
  void anOperatorsSkipAcceptsBlockingClientsAndTheEvidenceSaysSo() {
    world.unplannedMembers.add(STRAY_MEMBER);
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST, Cutover.UnplannedClients.BLOCK, null));
    RunbookProbe.awaitProgress(run, p -> CLIENTS_STEP.equals(p.parkedStep()), Duration.ofSeconds(20));
    run.act(new OperatorAction(OperatorAction.Kind.SKIP, null, "bob", "reports-cron reads only; it stays on the source"));

    Progress atGate = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.GO_LIVE, Duration.ofSeconds(20));
    assertTrue(atGate.pendingGate().evidence().endsWith("on [orders]; no producer wrote to the migrated topics lately"
        + " (unplanned clients accepted by an operator's skip)"), atGate.pendingGate().evidence());
  }

  private KafkaMigrationPlan plan(Cutover.Order order, Cutover.UnplannedClients unplanned, Duration fenceWindow) {
    KafkaMigrationPlan base = KafkaTestEstate.plan(order);
    Cutover cutover = base.cutover();
    return new KafkaMigrationPlan(base.migrationId(), base.source(), base.target(), base.topics(), base.replication(),
        base.verification(), new Cutover(order, cutover.consumerGroups(), cutover.producers(), cutover.parallelism(), unplanned,
            fenceWindow), base.decommission(), base.approvals());
  }

  private KafkaMigrationWorkflow start(KafkaMigrationPlan plan) {
    return RunbookProbe.startKafka(client, plan);
  }

  private static void approve(KafkaMigrationWorkflow run, String gate) {
    RunbookProbe.approveAsAlice(run, gate);
  }
}
