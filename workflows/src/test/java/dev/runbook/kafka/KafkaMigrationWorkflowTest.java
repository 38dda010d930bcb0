package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.runbook.testing.KafkaTestEstate.BILLING_CONSUMER;
import static dev.runbook.testing.KafkaTestEstate.ORDERS_CONSUMER;
import static dev.runbook.testing.KafkaTestEstate.ORDERS_PRODUCER;
import static dev.runbook.testing.KafkaTestEstate.SOURCE;
import static dev.runbook.testing.KafkaTestEstate.TARGET;
import static dev.runbook.testing.KafkaTestEstate.app;
import static dev.runbook.testing.KafkaTestEstate.plan;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Approvals;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.GatePolicy;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testing.RunbookProbe;

import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kafka.groups.CutoverCoordinatorWorkflow;
import dev.runbook.kafka.groups.GroupCutoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import dev.runbook.kafka.KafkaMigrationPlan.Replication;
import dev.runbook.kafka.rollback.CopyBackReport;
import dev.runbook.kernel.Notification;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Kafka runbook's orchestration over an in-memory world: order of changes, gates, rollbacks. */
class KafkaMigrationWorkflowTest {

  RunbookTestEnvironment env;
  WorkflowClient client;
  InMemoryKafkaWorld world;

  @BeforeEach
  void start() {
    startWith(KafkaTestEstate.world(SOURCE));
  }

  void startWith(InMemoryKafkaWorld world) {
    this.world = world;
    env = RunbookTestEnvironment.timeSkipping().start(world);
    client = env.client();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void movesEveryGroupAndProducerWhenGatesAreApproved() throws Exception {
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of(
        "apply cluster prod", "apply topics [orders, billing]",
        "apply users [orders-consumer, billing-consumer, orders-producer]", "apply mirrormaker prod-mirror",
        "stop apps/orders-consumer", "translate orders-processor SOURCE_TO_TARGET",
        "repoint apps/orders-consumer to " + TARGET, "start apps/orders-consumer x2",
        "stop apps/billing-consumer", "translate billing-processor SOURCE_TO_TARGET",
        "repoint apps/billing-consumer to " + TARGET, "start apps/billing-consumer x1",
        "apply mirrormaker prod-mirror-back",
        "stop apps/orders-producer", "repoint apps/orders-producer to " + TARGET, "start apps/orders-producer x3",
        "delete mirrormaker prod-mirror", "delete mirrormaker prod-mirror-back",
        "delete source topics [prod-mirror-back-connect-configs, prod-mirror-back-connect-offsets, prod-mirror-back-connect-status]"),
        world.changes);
    assertEquals(Map.of("apps/orders-consumer", TARGET, "apps/billing-consumer", TARGET, "apps/orders-producer", TARGET),
        world.bootstrap);
    assertEquals(Map.of("apps/orders-consumer", 2, "apps/billing-consumer", 1, "apps/orders-producer", 3), world.replicas);
    assertEquals(Map.of("orders-processor", TARGET, "billing-processor", TARGET), world.groupCluster);
    String secured = new TargetSecurity(TargetSecurity.Authentication.SCRAM_SHA_512, true, "prod-cluster-ca-cert").toString();
    assertEquals(Map.of("apps/orders-consumer", secured, "apps/billing-consumer", secured, "apps/orders-producer", secured),
        world.credentials);
    if (Boolean.getBoolean("runbook.recordHistory")) {
      // Older histories stay as recorded (before groups became children, before the secured target): they must still replay.
      String id = plan(Cutover.Order.CONSUMERS_FIRST).workflowId();
      record(id, "kafka-completed-secured.json");
      record(GroupCutoverWorkflow.workflowId(id, "orders-processor", MigrationDirection.SOURCE_TO_TARGET),
          "kafka-group-completed-secured.json");
    }
  }

  @Test
  void aGroupsIsolationFromThePlanReachesItsTranslationsBothWays() {
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    Cutover cutover = plan.cutover();
    List<ConsumerGroupCutover> groups = List.of(
        new ConsumerGroupCutover("orders-processor", List.of(ORDERS_CONSUMER), GroupIsolation.READ_UNCOMMITTED),
        cutover.consumerGroups().get(1));
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(),
        plan.topics(), plan.replication(), plan.verification(),
        new Cutover(cutover.order(), groups, cutover.producers(), cutover.parallelism()),
        plan.decommission(), plan.approvals()));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION);
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "back to the source"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertTrue(world.changes.contains("translate orders-processor SOURCE_TO_TARGET read_uncommitted"), world.changes.toString());
    assertTrue(world.changes.contains("translate orders-processor TARGET_TO_SOURCE read_uncommitted"), world.changes.toString());
    assertTrue(world.changes.contains("translate billing-processor SOURCE_TO_TARGET"), world.changes.toString());
  }

  @Test
  void rollbackAfterTheProducersMovedWaitsForTheCopyBackBeforeRepointingThenRemovesTheReverseFlow() throws Exception {
    world.copyBack = new CopyBackReport(5, 120, 121, 1, List.of("orders-0 @7 (ts 1, sha256 00000000)"), 800);
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION);
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "producers misbehave on the target"));

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    int back = world.changes.indexOf("await copy-back of 5 partitions");
    assertEquals("stop apps/orders-producer", world.changes.get(back - 1), world.changes.toString());
    assertEquals("repoint apps/orders-producer to " + KafkaTestEstate.SOURCE, world.changes.get(back + 1));
    assertEquals("delete mirrormaker prod-mirror-back", world.changes.get(back + 3));
    assertTrue(world.changes.get(back + 4).startsWith("delete source topics [prod-mirror-back-connect-configs"));
    assertTrue(world.changes.indexOf("apply mirrormaker prod-mirror-back") < world.changes.indexOf("stop apps/orders-producer"));
    assertEquals(1L, KafkaFacts.COPY_BACK_DUPLICATES.in(outcome.progress().facts()).orElseThrow());
    assertEquals(121L, KafkaFacts.RECORDS_COPIED_BACK.in(outcome.progress().facts()).orElseThrow());
    assertEquals("120 records written on the target since the reverse flow started, all on the source in order (5 partitions);"
        + " 121 copied back, 1 duplicate(s) on the source: orders-0 @7 (ts 1, sha256 00000000)",
        KafkaFacts.COPIED_BACK.in(outcome.progress().facts()).orElseThrow());
    Notification ended = world.notifications.get(world.notifications.size() - 1);
    assertEquals(1L, ended.figures().get("copyBack.duplicates"), ended.toString());
    if (Boolean.getBoolean("runbook.recordHistory")) {
      record(plan(Cutover.Order.CONSUMERS_FIRST).workflowId(), "kafka-copied-back-rolled-back.json");
    }
  }

  @Test
  void withoutProvenanceHeadersNoReverseFlowRunsAndARolledBackProducerDoesNotWait() {
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    Replication replication = plan.replication();
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        new Replication(replication == null ? null : replication.offsetLagMax(), null, null, null, null, false),
        plan.verification(), plan.cutover(), plan.decommission(), plan.approvals()));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION);
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "back"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertTrue(world.changes.stream().noneMatch(change -> change.contains("mirror-back") || change.contains("copy-back")),
        world.changes.toString());
  }

  @Test
  void movesProducersFirstWhenThePlanSaysSo() {
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.PRODUCERS_FIRST));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    assertEquals(RunbookStatus.COMPLETED, result(run).status());
    assertTrue(world.changes.indexOf("start apps/orders-producer x3") < world.changes.indexOf("stop apps/orders-consumer"));
  }

  @Test
  void rejectionAtGoLiveRemovesEverythingCreated() {
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    awaitGate(run, KafkaMigrationWorkflow.GO_LIVE);
    run.decide(GateDecision.reject(KafkaMigrationWorkflow.GO_LIVE, "alice", "lag spikes"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertTrue(world.targetResources.isEmpty(), "left on target: " + world.targetResources);
    assertEquals(List.of("delete mirrormaker prod-mirror",
        "delete users [orders-consumer, billing-consumer, orders-producer]",
        "delete topics [orders, billing]", "delete cluster prod"), world.changes.subList(4, 8));
    assertEquals(Map.of("apps/orders-consumer", SOURCE, "apps/billing-consumer", SOURCE, "apps/orders-producer", SOURCE),
        world.bootstrap);
  }

  @Test
  void rollbackOfAGroupParksTheMigrationWhoseRollbackBringsMovedGroupsBackToTheSource() {
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    Progress parked = rollBackBillingInItsChildWhenItsOffsetsFail(run);

    assertEquals("cut over 2 consumer groups", parked.parkedStep());
    assertTrue(parked.steps().get(parked.steps().size() - 1).lastError().startsWith("GroupCutoverStopped: consumer group "
        + "'billing-processor' ended ROLLED_BACK in kafka-migration-apps-prod/group/billing-processor"),
        parked.steps().get(parked.steps().size() - 1).lastError());
    assertEquals("1 of 2", KafkaFacts.GROUPS_CUT_OVER.in(parked.facts()).orElseThrow());
    assertEquals(Map.of("orders-processor", TARGET, "billing-processor", SOURCE), world.groupCluster);
    assertTrue(world.changes.stream().noneMatch(change -> change.startsWith("stop apps/orders-producer")),
        "the migration went on after a group was rolled back: " + world.changes);
    run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "alice", "billing cannot move tonight"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertEquals(1, world.changes.stream().filter("translate orders-processor TARGET_TO_SOURCE"::equals).count());
    assertEquals(Map.of("orders-processor", SOURCE, "billing-processor", SOURCE), world.groupCluster);
    assertEquals(Map.of("apps/orders-consumer", SOURCE, "apps/billing-consumer", SOURCE, "apps/orders-producer", SOURCE),
        world.bootstrap);
    assertEquals(Map.of("apps/orders-consumer", 2, "apps/billing-consumer", 1, "apps/orders-producer", 3), world.replicas);
    assertTrue(world.targetResources.isEmpty(), "left on target: " + world.targetResources);
  }

  @Test
  void retryAfterAGroupWasRolledBackCutsOverOnlyTheGroupsLeft() {
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    rollBackBillingInItsChildWhenItsOffsetsFail(run);
    world.failing.clear();
    run.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "bob", "ACL fixed"));
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(1, world.changes.stream().filter("translate orders-processor SOURCE_TO_TARGET"::equals).count());
    assertEquals(Map.of("orders-processor", TARGET, "billing-processor", TARGET), world.groupCluster);
    assertEquals(Map.of("apps/orders-consumer", 2, "apps/billing-consumer", 1, "apps/orders-producer", 3), world.replicas);
    assertEquals("2 of 2", KafkaFacts.GROUPS_CUT_OVER.in(outcome.progress().facts()).orElseThrow());
    assertEquals(2L, KafkaFacts.GROUP_PARTITIONS.in(outcome.progress().facts(), "billing-processor").orElseThrow(), "billing has 2 partitions");
  }

  @Test
  void cutsGroupsOverInParallelWhenThePlanAllowsIt() {
    KafkaMigrationPlan sequential = plan(Cutover.Order.CONSUMERS_FIRST);
    Cutover cutover = sequential.cutover();
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(sequential.migrationId(), sequential.source(), sequential.target(),
        sequential.topics(), sequential.replication(), sequential.verification(),
        new Cutover(cutover.order(), cutover.consumerGroups(), cutover.producers(), 2),
        sequential.decommission(), sequential.approvals()));
    // Orders' offsets stay in flight until billing's apps have stopped (or 10 s pass): only groups cut over
    // side by side get billing stopped before orders' translation ends.
    long releaseAt = System.currentTimeMillis() + 10_000;
    world.holding = what -> what.equals("translate orders-processor SOURCE_TO_TARGET")
        && !world.changes.contains("stop apps/billing-consumer") && System.currentTimeMillis() < releaseAt;
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    approve(run, KafkaMigrationWorkflow.DECOMMISSION);

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertTrue(world.changes.indexOf("stop apps/billing-consumer") < world.changes.indexOf("translate orders-processor SOURCE_TO_TARGET"),
        "billing was not stopped while orders was moving: " + world.changes);
    assertEquals(Map.of("orders-processor", TARGET, "billing-processor", TARGET), world.groupCluster);
    assertEquals(Map.of("apps/orders-consumer", 2, "apps/billing-consumer", 1, "apps/orders-producer", 3), world.replicas);
    Progress orders = group("orders-processor").progress();
    long pausedFrom = orders.steps().get(0).startedAt();
    long consumingAt = orders.steps().get(orders.steps().size() - 1).finishedAt();
    assertEquals(consumingAt - pausedFrom, KafkaFacts.GROUP_PAUSE.in(outcome.progress().facts(), "orders-processor").orElseThrow(),
        "the pause runs from stopping the first app to seeing the group consume");
    assertEquals(2L, KafkaFacts.GROUP_PARTITIONS.in(outcome.progress().facts(), "billing-processor").orElseThrow(),
        "billing has 2 partitions");
  }

  @Test
  void theCoordinatorContinuesAsNewAndStillMovesEveryGroup() {
    int groups = 400;  // one by one, about 9 coordinator events each: past the 3,000 at which it continues as new
    List<ConsumerGroupCutover> cutover = new java.util.ArrayList<>();
    List<GroupInfo> found = new java.util.ArrayList<>();
    for (int g = 0; g < groups; g++) {
      String group = "group-" + g;
      cutover.add(new ConsumerGroupCutover(group, List.of(app("consumer-" + g)), null));
      found.add(new GroupInfo(group, "Stable", 1, List.of("orders"), 0));
    }
    InMemoryKafkaWorld estate = new InMemoryKafkaWorld(List.of(new TopicSpec("orders", 3, 3, Map.of())), found, SOURCE, TARGET);
    cutover.forEach(group -> estate.withApp(group.apps().get(0), 1));
    env.close();
    startWith(estate);
    KafkaMigrationPlan base = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(base.migrationId(), base.source(), base.target(), base.topics(),
        base.replication(), base.verification(), new Cutover(Cutover.Order.CONSUMERS_FIRST, cutover, List.of(), 1),
        base.decommission(), base.approvals()));
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION, Duration.ofMinutes(3));
    run.decide(GateDecision.approve(KafkaMigrationWorkflow.DECOMMISSION, "alice", null));

    RunbookOutcome outcome = result(run);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(groups + " of " + groups, KafkaFacts.GROUPS_CUT_OVER.in(outcome.progress().facts()).orElseThrow());
    assertTrue(world.groupCluster.values().stream().allMatch(TARGET::equals), "a group stayed on the source");
    io.temporal.api.history.v1.HistoryEvent lastRunStarted = client.fetchHistory(
        CutoverCoordinatorWorkflow.workflowId(base.workflowId(), MigrationDirection.SOURCE_TO_TARGET)).getEvents().get(0);
    assertFalse(lastRunStarted.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId().isEmpty(),
        "the coordinator never continued as new");
  }

  @ParameterizedTest(name = "rollback after a failure in {0}")
  @CsvSource({
      "provision, apply topics",
      "replicate, apply mirrormaker",
      "catch-up, catch-up",
      "verify, verify",
      "cutover producers, repoint apps/orders-producer to " + TARGET})
  void rollbackFromAFailedStepOfAnyPhaseRestoresTheWorld(String phase, String failingStep) {
    world.failing.add(failingStep);
    KafkaMigrationWorkflow run = start(plan(Cutover.Order.CONSUMERS_FIRST));
    if (!List.of("provision", "replicate", "catch-up", "verify").contains(phase)) {
      approve(run, KafkaMigrationWorkflow.GO_LIVE);
    }
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);
    assertEquals(phase, parked.phase());
    run.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "bob", "rehearsal"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(run).status());
    assertTrue(world.targetResources.isEmpty(), "left on target: " + world.targetResources);
    assertEquals(Map.of("apps/orders-consumer", SOURCE, "apps/billing-consumer", SOURCE, "apps/orders-producer", SOURCE),
        world.bootstrap);
    assertEquals(Map.of("apps/orders-consumer", 2, "apps/billing-consumer", 1, "apps/orders-producer", 3), world.replicas);
    assertEquals(Map.of("orders-processor", SOURCE, "billing-processor", SOURCE), world.groupCluster);
  }

  @Test
  void preflightMismatchParksBeforeAnythingIsCreated() {
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationPlan wrongGroup = new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        plan.replication(), plan.verification(),
        new Cutover(Cutover.Order.CONSUMERS_FIRST, List.of(new ConsumerGroupCutover("orders-procesor", List.of(ORDERS_CONSUMER), null)),
            List.of(app("ghost-producer")), null),
        plan.decommission(), plan.approvals());
    KafkaMigrationWorkflow run = start(wrongGroup);
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("PlanDoesNotMatchReality: the plan does not match the source: "
        + "cutover.consumerGroups[0].group: 'orders-procesor' does not exist on the source; "
        + "deployment apps/ghost-producer does not exist", parked.steps().get(0).lastError());
    run.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "alice", "fix the plan"));
    assertEquals(RunbookStatus.ABORTED, result(run).status());
    assertTrue(world.changes.isEmpty());
  }

  @Test
  void anAppWhoseTranslatedAclsLackReadOrWriteIsRefusedAtPreflightWithNothingChanged() {
    env.close();
    startWith(KafkaTestEstate.world(SOURCE).withAcls(List.of(
        new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"),
        new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"),
        new SourceAcl("User:sa-billing", "*", "GROUP", "billing-processor", "LITERAL", "READ", "ALLOW"))));
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationPlan withAcls = new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        plan.replication(), plan.verification(), plan.cutover(), plan.decommission(), plan.approvals(),
        new KafkaMigrationPlan.Authorization(Map.of("User:sa-orders", "orders-consumer", "User:sa-billing", "billing-consumer")),
        null);
    KafkaMigrationWorkflow run = start(withAcls);
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("PlanDoesNotMatchReality: the plan does not match the source: cutover.consumerGroups[1].apps[0]: KafkaUser"
        + " 'billing-consumer' would lack Read on topic 'billing' on the target: no source ACL of a principal mapped to it"
        + " grants that (authorization.principals); cutover.producers[0]: KafkaUser 'orders-producer' would lack Write on"
        + " any migrated topic on the target: no source ACL of a principal mapped to it grants that"
        + " (authorization.principals)", parked.steps().get(0).lastError());
    run.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "alice", "grant billing-consumer Read on billing"));
    assertEquals(RunbookStatus.ABORTED, result(run).status());
    assertTrue(world.changes.isEmpty());
  }

  /** Each app's principal may do exactly what it needs: Read for the consumers, Write for the producer. */
  private static final List<SourceAcl> MAPPED_ACLS = List.of(
      new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-billing", "*", "TOPIC", "billing", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-billing", "*", "GROUP", "billing-processor", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-checkout", "*", "TOPIC", "orders", "LITERAL", "WRITE", "ALLOW"));

  @Test
  void eachKafkaUserGetsTheQuotasOfItsPrincipalsAndTheGoLiveEvidenceShowsThemAndWhatWasDropped() {
    env.close();
    startWith(KafkaTestEstate.world(SOURCE).withAcls(MAPPED_ACLS)
        .withQuotas(List.of(new SourceQuota("user", "sa-checkout", "producer_byte_rate", 1048576),
            new SourceQuota("client-id", "checkout", "producer_byte_rate", 524288))));
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        plan.replication(), plan.verification(), plan.cutover(), plan.decommission(), plan.approvals(),
        new KafkaMigrationPlan.Authorization(Map.of("User:sa-orders", "orders-consumer", "User:sa-billing", "billing-consumer",
            "User:sa-checkout", "orders-producer")),
        null));

    String evidence = awaitGate(run, KafkaMigrationWorkflow.GO_LIVE).pendingGate().evidence();

    assertEquals(Map.of("orders-producer", new UserQuotas(1048576, null, null, null)), world.appliedQuotas);
    UserQuotas none = new UserQuotas(null, null, null, null);
    assertTrue(world.changes.contains("compare quotas of " + new java.util.TreeMap<>(Map.of("billing-consumer", none,
        "orders-consumer", none, "orders-producer", new UserQuotas(1048576, null, null, null)))), world.changes.toString());
    assertTrue(evidence.contains("""

        Quotas: 1 users with quotas, 1 source quotas dropped
          orders-producer: producerByteRate=1048576
          dropped producer_byte_rate=524288 of client-id 'checkout': a client-id quota: a KafkaUser's quotas hold for the\
         user whatever client id it connects with
        source clients: """), evidence);
  }

  @Test
  void targetAclsThatDifferFromTheTranslationParkTheProvisioningBeforeMirrorMaker2Starts() {
    env.close();
    startWith(KafkaTestEstate.world(SOURCE).withAcls(MAPPED_ACLS));
    world.aclDifferences = List.of("missing on the target: ALLOW User:billing-consumer READ on TOPIC LITERAL 'billing' from *");
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        plan.replication(), plan.verification(), plan.cutover(), plan.decommission(), plan.approvals(),
        new KafkaMigrationPlan.Authorization(Map.of("User:sa-orders", "orders-consumer", "User:sa-billing", "billing-consumer",
            "User:sa-checkout", "orders-producer")),
        null));
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("verify target ACLs", parked.parkedStep());
    assertEquals("VerificationFailed: the target's ACLs are not the translated source ACLs: missing on the target: ALLOW"
        + " User:billing-consumer READ on TOPIC LITERAL 'billing' from *", parked.steps().get(parked.steps().size() - 1).lastError());
    assertEquals("compare ACLs of [User:billing-consumer, User:orders-consumer, User:orders-producer]", world.changes.get(world.changes.size() - 1));
    assertTrue(world.changes.stream().noneMatch(change -> change.startsWith("apply mirrormaker")), world.changes.toString());
  }

  @Test
  void targetQuotasThatDifferFromTheTranslationParkTheProvisioningBeforeMirrorMaker2Starts() throws Exception {
    env.close();
    startWith(KafkaTestEstate.world(SOURCE).withAcls(MAPPED_ACLS)
        .withQuotas(List.of(new SourceQuota("user", "sa-checkout", "producer_byte_rate", 1048576))));
    world.quotaDifferences = List.of("different on the target: user orders-producer producer_byte_rate=524288, expected 1048576");
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationWorkflow run = start(new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(),
        plan.replication(), plan.verification(), plan.cutover(), plan.decommission(), plan.approvals(),
        new KafkaMigrationPlan.Authorization(Map.of("User:sa-orders", "orders-consumer", "User:sa-billing", "billing-consumer",
            "User:sa-checkout", "orders-producer")),
        null));
    Progress parked = awaitProgress(run, p -> p.parkedStep() != null);

    assertEquals("verify target quotas", parked.parkedStep());
    if (Boolean.getBoolean("runbook.recordHistory")) {
      record(plan.workflowId(), "kafka-target-quotas-parked.json");
    }
    assertEquals("VerificationFailed: the target's quotas are not the translated source quotas: different on the target: user"
        + " orders-producer producer_byte_rate=524288, expected 1048576", parked.steps().get(parked.steps().size() - 1).lastError());
    assertTrue(world.changes.stream().noneMatch(change -> change.startsWith("apply mirrormaker")), world.changes.toString());
  }

  @Test
  void invalidPlanFailsTheRunWithEveryProblemNamed() {
    KafkaMigrationPlan plan = plan(Cutover.Order.CONSUMERS_FIRST);
    KafkaMigrationPlan invalid = new KafkaMigrationPlan("Payments!", new KafkaEndpoint(SOURCE, "SASL_SSL", "PLAIN", null, null, null),
        plan.target(), new KafkaMigrationPlan.TopicSelection("orders(", null), plan.replication(), plan.verification(),
        plan.cutover(), plan.decommission(), plan.approvals());
    KafkaMigrationWorkflow run = start(invalid);

    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class, () -> result(run));
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertEquals("InvalidPlan", cause.getType());
    assertEquals("the plan is invalid: migrationId: 'Payments!' must be lower-case letters, digits and '-' (it names resources); "
        + "source.username: missing (a reference: {env: NAME} or {secret: NAME, key: KEY}); "
        + "source.password: missing (a reference: {env: NAME} or {secret: NAME, key: KEY}); "
        + "topics.include: 'orders(' is not a valid regular expression (Unclosed group)", cause.getOriginalMessage());
    assertTrue(world.changes.isEmpty());
  }

  // ---- helpers ----

  void record(String workflowId, String file) throws java.io.IOException {
    java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories", file),
        client.fetchHistory(workflowId).toJson(true));
  }

  KafkaMigrationWorkflow start(KafkaMigrationPlan plan) {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  void approve(KafkaMigrationWorkflow run, String gate) {
    awaitGate(run, gate);
    run.decide(GateDecision.approve(gate, "alice", null));
  }

  static Progress awaitGate(KafkaMigrationWorkflow run, String gate) {
    return RunbookProbe.awaitGate(run, gate, Duration.ofSeconds(20));
  }

  /**
   * Makes moving billing's offsets fail, approves go-live, rolls billing back in its own child once
   * it parks there, and returns the migration's progress once it parks in turn.
   */
  Progress rollBackBillingInItsChildWhenItsOffsetsFail(KafkaMigrationWorkflow run) {
    world.failing.add("translate billing-processor SOURCE_TO_TARGET");
    approve(run, KafkaMigrationWorkflow.GO_LIVE);
    GroupCutoverWorkflow billing = group("billing-processor");
    awaitProgress(billing, p -> "translate offsets of group billing-processor".equals(p.parkedStep()));
    billing.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "alice", "billing cannot move tonight"));
    return awaitProgress(run, p -> p.parkedStep() != null);
  }

  GroupCutoverWorkflow group(String group) {
    return client.newWorkflowStub(GroupCutoverWorkflow.class, GroupCutoverWorkflow.workflowId(
        plan(Cutover.Order.CONSUMERS_FIRST).workflowId(), group, MigrationDirection.SOURCE_TO_TARGET));
  }

  static Progress awaitProgress(RunbookControl run, Predicate<Progress> condition) {
    return RunbookProbe.awaitProgress(run, condition, Duration.ofSeconds(20));
  }

  static RunbookOutcome result(KafkaMigrationWorkflow run) {
    return RunbookProbe.result(run, Duration.ofSeconds(30));
  }
}
