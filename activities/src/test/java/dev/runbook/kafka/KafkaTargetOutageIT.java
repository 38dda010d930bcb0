package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activities.RunbookActivities;
import dev.runbook.kafka.admin.KafkaActivitiesImpl;
import dev.runbook.kafka.fence.ClientInventoryRequest;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.SourceClients;
import dev.runbook.kernel.FailureType;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import dev.runbook.notify.LogNotifier;
import dev.runbook.plan.PlanFiles;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.testkit.kafka.TcpSwitch;
import dev.runbook.testkit.world.KafkaRehearsal;
import dev.runbook.testkit.world.KafkaRehearsal.TargetNetwork;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9, a Kafka cluster that disappears mid-step: the target's network is cut the moment
 * verification starts. The step must retry with backoff, then park naming the step and the
 * cluster, with nothing of the cutover begun; once the network is back, an operator's RETRY must
 * let verification pass and the runbook reach its go-live gate. Real Kafka, MirrorMaker 2 and
 * Temporal test server; short Kafka timeouts and a three-attempt retry policy keep it quick.
 */
class KafkaTargetOutageIT {

  static final Path LAB_PLAN = Path.of("../deploy/examples/kafka-lab-plaintext-plan.yaml");
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final String VERIFY = "verify target against source";
  static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(2);
  static final int VERIFY_ATTEMPTS = 3;
  /** The read steps' backoff (1 s doubling), fewer attempts so the test sees the park within seconds. */
  static final Map<String, ActivityOptions> QUICK_VERIFY = Map.of("Verify", ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofSeconds(30))
              .setMaximumAttempts(VERIFY_ATTEMPTS)
              .setDoNotRetry(FailureType.permanentTypes())
              .build())
          .build());

  @TempDir Path reports;

  KafkaRehearsal world;
  RunbookTestEnvironment env;
  WorkflowClient client;
  KafkaMigrationPlan plan;
  final List<VerifyAttempt> verifyAttempts = new CopyOnWriteArrayList<>();
  final AtomicBoolean cutOnNextVerify = new AtomicBoolean(true);

  @BeforeEach
  void startWorld() throws Exception {
    world = KafkaRehearsal.start(40, TargetNetwork.SWITCHED);
    List<Object> activities = new ArrayList<>(RunbookActivities.create(
        world.kubernetes(), new ReferenceResolver(Map.of(), world.kubernetes()), new LogNotifier(),
        new RunbookActivities.Settings(reports, Duration.ofMillis(300), Duration.ofMinutes(3))
            .withKafkaCallTimeout(KAFKA_CALL_TIMEOUT)));
    activities.replaceAll(a -> a instanceof KafkaActivitiesImpl kafka ? new TargetCutAtVerify(kafka) : a);
    env = RunbookTestEnvironment.realTime().activityOptions(QUICK_VERIFY).start(activities.toArray());
    client = env.client();
    plan = PlanFiles.parse(LAB_PLAN.toString(),
        Files.readString(LAB_PLAN).replace("SOURCE_BOOTSTRAP", world.sourceBootstrap()), KafkaMigrationPlan.class);
  }

  @AfterEach
  void stopWorld() throws Exception {
    env.close();
    world.close();
  }

  @Test
  void aTargetThatDisappearsDuringVerificationParksTheStepNamingItAndPassesOnRetryOnceBack() throws Exception {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);

    Progress parked = RunbookProbe.awaitProgress(run, p -> p.parkedStep() != null, LIMIT);
    String target = world.targetClusters().get("kafka/lab");
    assertEquals(VERIFY, parked.parkedStep());
    StepProgress verify = parked.steps().get(parked.steps().size() - 1);
    assertEquals(new StepProgress(VERIFY, "verify", false, StepState.PARKED, 1, verify.startedAt(), verify.finishedAt(),
        "KafkaTimeout: Kafka target cluster " + target + ": list topics got no answer within 2000 ms"), verify);

    assertEquals(List.of(1, 2, 3), verifyAttempts.stream().map(VerifyAttempt::attempt).toList());
    long firstBackoff = verifyAttempts.get(1).startedAt() - verifyAttempts.get(0).endedAt();
    long secondBackoff = verifyAttempts.get(2).startedAt() - verifyAttempts.get(1).endedAt();
    assertTrue(firstBackoff >= 900 && secondBackoff >= 1_900 && secondBackoff > firstBackoff,
        "backoff 1 s then 2 s expected, was " + firstBackoff + " ms then " + secondBackoff + " ms");
    verifyAttempts.forEach(attempt -> assertTrue(attempt.endedAt() - attempt.startedAt() < 2 * KAFKA_CALL_TIMEOUT.toMillis(),
        "an attempt must give up after the call timeout: " + attempt));
    assertEquals(VERIFY_ATTEMPTS, lastVerifyAttemptInHistory());

    assertDocumentsEverythingBeforeVerificationAndNothingOfTheCutover(parked, target);

    world.targetNetwork("kafka/lab").restore();
    run.act(new OperatorAction(OperatorAction.Kind.RETRY, VERIFY, "operator", "the target is reachable again"));

    Progress atGoLive = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.GO_LIVE, LIMIT);
    assertTrue(atGoLive.pendingGate().evidence().contains(": identical; target listener: PLAINTEXT, no authentication,"
        + " no authorization (the plan says authentication: none)\nsource clients: no consumer group outside the plan reads"
        + " the migrated topics; "), atGoLive.pendingGate().evidence());
    StepProgress retried = atGoLive.steps().stream().filter(s -> s.name().equals(VERIFY)).findFirst().orElseThrow();
    assertEquals(StepState.DONE, retried.state());
    assertEquals(2, retried.runs());
    assertTrue(KafkaFacts.VERIFICATION.in(atGoLive.facts()).orElseThrow().endsWith(": identical"), atGoLive.facts().toString());
    assertEquals(4, verifyAttempts.size(), "the operator's retry ran verification once more: " + verifyAttempts);
  }

  /** Every step up to verification is done and recorded; no group or app has moved to the target. */
  private void assertDocumentsEverythingBeforeVerificationAndNothingOfTheCutover(Progress parked, String target) throws Exception {
    assertEquals(List.of("discover source and check the plan", "take inventory of source clients", "create Kafka cluster", "await Kafka cluster ready",
        "create topics", "create users", "start MirrorMaker 2", "await replication catch-up", VERIFY),
        parked.steps().stream().map(StepProgress::name).toList());
    parked.steps().subList(0, parked.steps().size() - 1)
        .forEach(step -> assertEquals(StepState.DONE, step.state(), step.name()));
    assertEquals(target, KafkaFacts.TARGET_BOOTSTRAP.in(parked.facts()).orElseThrow());
    assertTrue(KafkaFacts.MAX_LAG.in(parked.facts()).isPresent(), parked.facts().toString());
    assertTrue(KafkaFacts.VERIFICATION.in(parked.facts()).isEmpty(), parked.facts().toString());
    world.placements().forEach((app, placement) -> assertEquals(world.sourceBootstrap(), placement, app));

    Set<String> groups = plan.cutover().consumerGroups().stream()
        .map(KafkaMigrationPlan.ConsumerGroupCutover::group).collect(Collectors.toSet());
    try (Admin source = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, world.sourceBootstrap()))) {
      Collection<ConsumerGroupDescription> onSource = source.describeConsumerGroups(groups).all().get().values();
      assertEquals(groups.size(), onSource.size());
      onSource.forEach(group -> assertTrue(group.groupState() == GroupState.STABLE && !group.members().isEmpty(),
          group.groupId() + " must still consume on the source: " + group));
    }
  }

  /** The attempt number of the last started Verify activity task, as the server recorded it. */
  private int lastVerifyAttemptInHistory() {
    List<HistoryEvent> events = client.fetchHistory(plan.workflowId()).getHistory().getEventsList();
    Set<Long> verifyScheduled = events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Verify"))
        .map(HistoryEvent::getEventId)
        .collect(Collectors.toSet());
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .filter(started -> verifyScheduled.contains(started.getScheduledEventId()))
        .mapToInt(started -> started.getAttempt())
        .max()
        .orElse(0);
  }

  record VerifyAttempt(int attempt, long startedAt, long endedAt) {}

  /** The real Kafka activities; the first verification cuts the target's network before it starts. */
  private final class TargetCutAtVerify implements KafkaActivities {

    private final KafkaActivities real;

    TargetCutAtVerify(KafkaActivities real) {
      this.real = real;
    }

    @Override
    public SourceInventory discover(DiscoveryRequest request) {
      return real.discover(request);
    }

    @Override
    public CatchUpReport awaitCatchUp(CatchUpRequest request) {
      return real.awaitCatchUp(request);
    }

    @Override
    public VerificationReport verify(VerifyRequest request) {
      if (cutOnNextVerify.getAndSet(false)) {
        TcpSwitch network = world.targetNetwork("kafka/lab");
        network.cut();
      }
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      long started = System.currentTimeMillis();
      try {
        return real.verify(request);
      } finally {
        verifyAttempts.add(new VerifyAttempt(attempt, started, System.currentTimeMillis()));
      }
    }

    @Override
    public void awaitGroupConsuming(GroupConsumingRequest request) {
      real.awaitGroupConsuming(request);
    }

    @Override
    public List<String> compareAcls(AclsRequest request) {
      return real.compareAcls(request);
    }

    @Override
    public List<String> compareQuotas(QuotasRequest request) {
      return real.compareQuotas(request);
    }

    @Override
    public void awaitProducing(ProducingRequest request) {
      real.awaitProducing(request);
    }

    @Override
    public SourceClients inventoryClients(ClientInventoryRequest request) {
      return real.inventoryClients(request);
    }

    @Override
    public FenceReport watchSourceFence(FenceRequest request) {
      return real.watchSourceFence(request);
    }

    @Override
    public List<dev.runbook.kafka.rollback.PartitionEnds> markCopyBackStart(dev.runbook.kafka.rollback.CopyBackRequest request) {
      return real.markCopyBackStart(request);
    }

    @Override
    public dev.runbook.kafka.rollback.CopyBackReport awaitCopiedBack(dev.runbook.kafka.rollback.CopyBackRequest request) {
      return real.awaitCopiedBack(request);
    }

    @Override
    public void deleteSourceTopics(SourceTopicsRequest request) {
      real.deleteSourceTopics(request);
    }
  }
}
