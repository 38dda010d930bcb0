package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities.CatchUpReport;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.GroupConsumingRequest;
import dev.runbook.kafka.KafkaActivities.ProducingRequest;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.TargetClusterActivities.TopicsRequest;
import dev.runbook.kafka.TargetClusterActivities.UsersRequest;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.kafka.offsets.OffsetFailureType;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookWorkflow;
import dev.runbook.kernel.StepOptions;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Kafka runbook; {@link #migrate} reads like the wiki page it replaces. */
public class KafkaMigrationWorkflowImpl extends RunbookWorkflow implements KafkaMigrationWorkflow {

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private final KafkaMigrationPlan plan;
  private final KafkaActivities kafka = Workflow.newActivityStub(KafkaActivities.class, StepOptions.read(Duration.ofMinutes(10)));
  private final KafkaActivities kafkaWaits;
  private final TargetClusterActivities cluster =
      Workflow.newActivityStub(TargetClusterActivities.class, StepOptions.change(Duration.ofMinutes(5), 3));
  private final TargetClusterActivities clusterWaits =
      Workflow.newActivityStub(TargetClusterActivities.class, StepOptions.longWait(Duration.ofMinutes(30), HEARTBEAT));
  private final AppActivities apps = Workflow.newActivityStub(AppActivities.class, StepOptions.change(Duration.ofMinutes(2), 3));
  private final AppActivities appWaits =
      Workflow.newActivityStub(AppActivities.class, StepOptions.longWait(Duration.ofMinutes(15), HEARTBEAT));
  private final OffsetActivities offsets =
      Workflow.newActivityStub(OffsetActivities.class, StepOptions.longWait(Duration.ofMinutes(15), HEARTBEAT));

  @WorkflowInit
  public KafkaMigrationWorkflowImpl(KafkaMigrationPlan plan) {
    super(new Runbook("kafka-migration", plan.migrationId(), plan.approvals(), GATES));
    this.plan = plan;
    this.kafkaWaits = Workflow.newActivityStub(KafkaActivities.class,
        StepOptions.longWait(KafkaPlanDefaults.catchUpTimeout(plan), HEARTBEAT));
  }

  @Override
  public RunbookOutcome migrate(KafkaMigrationPlan ignored) {
    List<String> problems = KafkaPlanValidator.validate(plan);
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("the plan is invalid: " + String.join("; ", problems), "InvalidPlan");
    }
    return runbook.run(() -> {
      SourceInventory source = preflight();
      KafkaEndpoint target = provisionTarget(source.topics());
      replicate(target, source.topics());
      catchUp(target, source.topics());
      VerificationReport verification = verify(target, source.topics());
      runbook.gate(GO_LIVE, verification.summary());
      if (plan.cutover().order() == KafkaMigrationPlan.Cutover.Order.PRODUCERS_FIRST) {
        cutOverProducers(target, source.topics());
        cutOverConsumers(target);
      } else {
        cutOverConsumers(target);
        cutOverProducers(target, source.topics());
      }
      runbook.gate(DECOMMISSION, "all consumer groups and producers run on " + target.bootstrapServers()
          + "; decommissioning removes MirrorMaker 2");
      decommission(target, source.topics());
    });
  }

  private SourceInventory preflight() {
    runbook.phase("preflight");
    SourceInventory inventory = runbook.step("discover source and check the plan", () -> {
      SourceInventory found = kafka.discover(new DiscoveryRequest(plan.source(), plan.topics()));
      List<String> errors = new ArrayList<>(KafkaPlanValidator.againstSource(plan, found));
      errors.addAll(apps.checkApps(KafkaPlanDefaults.allApps(plan)));
      if (!errors.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the plan does not match the source: " + String.join("; ", errors), "PlanDoesNotMatchReality");
      }
      return found;
    });
    runbook.fact("source.topics", String.valueOf(inventory.topics().size()));
    runbook.fact("source.partitions", String.valueOf(inventory.topics().stream().mapToInt(TopicSpec::partitions).sum()));
    runbook.fact("source.groups", String.valueOf(inventory.groups().size()));
    return inventory;
  }

  private KafkaEndpoint provisionTarget(List<TopicSpec> topics) {
    runbook.phase("provision");
    runbook.onRollback("create Kafka cluster", () -> cluster.deleteCluster(plan.target()));
    runbook.step("create Kafka cluster", () -> cluster.applyCluster(plan.target()));
    String bootstrap = runbook.waitFor("await Kafka cluster ready", () -> clusterWaits.awaitClusterReady(plan.target()));
    runbook.fact("target.bootstrap", bootstrap);

    TopicsRequest topicsRequest = new TopicsRequest(plan.target(), KafkaPlanDefaults.onTarget(plan, topics));
    runbook.onRollback("create topics", () -> cluster.deleteTopics(topicsRequest));
    runbook.step("create topics", () -> clusterWaits.applyTopics(topicsRequest));

    UsersRequest users = new UsersRequest(plan.target(), KafkaPlanDefaults.users(plan));
    runbook.onRollback("create users", () -> cluster.deleteUsers(users));
    runbook.step("create users", () -> clusterWaits.applyUsers(users));
    return KafkaEndpoint.plaintext(bootstrap);
  }

  private void replicate(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("replicate");
    MirrorMakerSpec mirror = KafkaPlanDefaults.mirrorMaker(plan, target, topics);
    runbook.onRollback("start MirrorMaker 2", () -> cluster.deleteMirrorMaker(mirror));
    runbook.step("start MirrorMaker 2", () -> clusterWaits.applyMirrorMaker(mirror));
  }

  private void catchUp(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("catch-up");
    CatchUpReport lag = runbook.waitFor("await replication catch-up", () -> kafkaWaits.awaitCatchUp(
        CatchUpRequest.withinLag(plan.source(), target, KafkaPlanDefaults.names(topics), KafkaPlanDefaults.maxLag(plan),
            runbook.meterTags())));
    runbook.fact("replication.maxLag", String.valueOf(lag.maxLag()));
    runbook.fact("replication.totalLag", String.valueOf(lag.totalLag()));
    runbook.fact(LagSamples.FACT, LagSamples.encode(lag.samples()));
  }

  private VerificationReport verify(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("verify");
    VerificationReport report = runbook.step("verify target against source", () -> {
      VerificationReport found = kafka.verify(new VerifyRequest(
          plan.migrationId(), plan.source(), target, topics, KafkaPlanDefaults.digestWindow(plan), runbook.meterTags()));
      if (!found.matches()) {
        throw ApplicationFailure.newNonRetryableFailure(found.summary(), "VerificationFailed");
      }
      return found;
    });
    runbook.fact("verify.report", report.jsonReport());
    return report;
  }

  private void cutOverConsumers(KafkaEndpoint target) {
    runbook.phase("cutover consumers");
    for (ConsumerGroupCutover group : plan.cutover().consumerGroups()) {
      cutOverGroup(group, target);
    }
  }

  /** Stop the group's apps, move its offsets exactly, repoint, start, and see it consume on the target. */
  private void cutOverGroup(ConsumerGroupCutover group, KafkaEndpoint target) {
    Map<String, AppSnapshot> before = new LinkedHashMap<>();
    runbook.onRollback("cut over group " + group.group(), () -> moveGroupBack(group, before, target));
    long pausedAt = Workflow.currentTimeMillis();
    for (AppRef app : group.apps()) {
      before.put(app.id(), runbook.step("stop " + app.id(), () -> appWaits.stopApp(app)));
    }
    GroupTranslationReport moved = runbook.step("move offsets of group " + group.group(), () -> offsets.translateGroup(
        GroupTranslationRequest.exact(group.group(), plan.source(), target, KafkaPlanDefaults.REPLICATION_WAIT)));
    runbook.fact("group." + group.group() + ".partitions", String.valueOf(moved.partitions().size()));
    for (AppRef app : group.apps()) {
      runbook.step("repoint " + app.id(), () -> apps.repointApp(new RepointRequest(app, target.bootstrapServers())));
      runbook.step("start " + app.id(), () -> appWaits.startApp(new StartRequest(app, before.get(app.id()).replicas())));
    }
    runbook.waitFor("see group " + group.group() + " consume on the target", () -> kafkaWaits.awaitGroupConsuming(
        new GroupConsumingRequest(target, group.group(), Duration.ofMinutes(5))));
    runbook.fact("group." + group.group() + ".pauseMillis", String.valueOf(Workflow.currentTimeMillis() - pausedAt));
  }

  private void moveGroupBack(ConsumerGroupCutover group, Map<String, AppSnapshot> before, KafkaEndpoint target) {
    Map<String, AppSnapshot> now = new LinkedHashMap<>();
    for (AppRef app : group.apps()) {
      now.put(app.id(), appWaits.stopApp(app));
    }
    try {
      offsets.translateGroup(GroupTranslationRequest
          .exact(group.group(), plan.source(), target, KafkaPlanDefaults.REPLICATION_WAIT)
          .withDirection(MigrationDirection.TARGET_TO_SOURCE));
    } catch (ActivityFailure failure) {
      if (!isFailureOfType(failure, OffsetFailureType.GROUP_HAS_NO_OFFSETS.name())) {
        throw failure;
      }
      // The group never committed on the target: its source offsets are still where it stopped.
    }
    for (AppRef app : group.apps()) {
      AppSnapshot original = before.getOrDefault(app.id(), now.get(app.id()));
      apps.repointApp(new RepointRequest(app, original.bootstrapServers()));
      appWaits.startApp(new StartRequest(app, original.replicas()));
    }
  }

  private void cutOverProducers(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("cutover producers");
    for (AppRef app : plan.cutover().producers()) {
      Map<String, AppSnapshot> before = new LinkedHashMap<>();
      runbook.onRollback("cut over producer " + app.id(), () -> moveProducerBack(app, before));
      before.put(app.id(), runbook.step("stop " + app.id(), () -> appWaits.stopApp(app)));
      // Repoint only once MirrorMaker 2 has copied everything: the app's new records then follow its old ones.
      runbook.waitFor("await replication of " + app.id() + "'s last records", () -> kafkaWaits.awaitCatchUp(
          CatchUpRequest.toCurrentEnd(plan.source(), target, KafkaPlanDefaults.names(topics))));
      runbook.step("repoint " + app.id(), () -> apps.repointApp(new RepointRequest(app, target.bootstrapServers())));
      runbook.step("start " + app.id(), () -> appWaits.startApp(new StartRequest(app, before.get(app.id()).replicas())));
      runbook.waitFor("see " + app.id() + " produce on the target", () -> kafkaWaits.awaitProducing(
          new ProducingRequest(target, KafkaPlanDefaults.names(topics), Duration.ofMinutes(5))));
    }
  }

  private void moveProducerBack(AppRef app, Map<String, AppSnapshot> before) {
    AppSnapshot stopped = appWaits.stopApp(app);
    AppSnapshot original = before.getOrDefault(app.id(), stopped);
    apps.repointApp(new RepointRequest(app, original.bootstrapServers()));
    appWaits.startApp(new StartRequest(app, original.replicas()));
  }

  private void decommission(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("decommission");
    MirrorMakerSpec mirror = KafkaPlanDefaults.mirrorMaker(plan, target, topics);
    runbook.step("remove MirrorMaker 2", () -> cluster.deleteMirrorMaker(mirror));
  }

  private static boolean isFailureOfType(ActivityFailure failure, String type) {
    return failure.getCause() instanceof ApplicationFailure app && type.equals(app.getType());
  }
}
