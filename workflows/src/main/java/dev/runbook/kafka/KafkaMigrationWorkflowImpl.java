package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities.CatchUpReport;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.ProducingRequest;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.TargetClusterActivities.TopicsRequest;
import dev.runbook.kafka.TargetClusterActivities.UsersRequest;
import dev.runbook.kafka.ConsumerCutoverWorkflow.ConsumerCutoverRequest;
import dev.runbook.kafka.ConsumerCutoverWorkflow.ConsumerCutoverResult;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMove;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoveScope;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoved;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.RunbookWorkflow;
import dev.runbook.kernel.StepOptions;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
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
  /** The change that moved each consumer group into its own child workflow (see {@link ConsumerCutoverWorkflow}). */
  static final String CONSUMER_GROUPS_AS_CHILDREN = "consumer-groups-as-children";

  /** This runbook's workflow implementations: a worker serving it registers all of them. */
  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(KafkaMigrationWorkflowImpl.class, ConsumerCutoverWorkflowImpl.class, ConsumerGroupCutoverWorkflowImpl.class);

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
    if (Workflow.getVersion(CONSUMER_GROUPS_AS_CHILDREN, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      // Runs started before groups became child workflows replay their groups inline.
      GroupCutoverSteps inline = new GroupCutoverSteps(KafkaPlanDefaults.catchUpTimeout(plan));
      for (ConsumerGroupCutover group : plan.cutover().consumerGroups()) {
        inline.cutOver(runbook, group, plan.source(), target, new LinkedHashMap<>());
      }
      return;
    }
    List<ConsumerGroupCutover> groups = plan.cutover().consumerGroups();
    Map<String, GroupMoved> moved = new LinkedHashMap<>();
    runbook.onRollback("cut over consumer groups", () -> moveGroupsBack(moved, target));
    runbook.fact("consumerGroups.workflow", ConsumerCutoverWorkflow.workflowId(
        plan.workflowId(), MigrationDirection.SOURCE_TO_TARGET));
    runbook.step("cut over " + groups.size() + " consumer groups", () -> {
      List<GroupMove> toMove = groups.stream()
          .filter(group -> !moved.containsKey(group.group()) || !moved.get(group.group()).completed())
          .map(group -> new GroupMove(group, List.of()))
          .toList();
      ConsumerCutoverResult result = moveGroups(MigrationDirection.SOURCE_TO_TARGET, target, toMove);
      for (GroupMoved group : result.moved()) {
        moved.put(group.group(), group);
        if (group.completed()) {
          runbook.fact("group." + group.group() + ".partitions", String.valueOf(group.partitions()));
          runbook.fact("group." + group.group() + ".pauseMillis", String.valueOf(group.pauseMillis()));
        }
      }
      long cutOver = moved.values().stream().filter(GroupMoved::completed).count();
      runbook.fact("consumerGroups.cutOver", cutOver + " of " + groups.size());
      GroupMoved stopped = result.stoppedAt();
      if (stopped != null) {
        throw ApplicationFailure.newNonRetryableFailure("consumer group '" + stopped.group() + "' ended "
            + stopped.status() + " in " + stopped.workflowId() + " (" + stopped.message() + "); " + cutOver + " of "
            + groups.size() + " groups are on the target, " + result.notStarted().size() + " not started: retry cuts over "
            + "the rest, rollback moves every group back", "GroupCutoverStopped");
      }
    });
  }

  /**
   * Undo of the consumer cutover: moves back, newest first, every group that reached the target or
   * stopped halfway (a group its own operator rolled back is already home). Groups moved back
   * leave {@code moved}, so retrying a parked undo moves only the rest.
   */
  private void moveGroupsBack(Map<String, GroupMoved> moved, KafkaEndpoint target) {
    Map<String, ConsumerGroupCutover> byName = new LinkedHashMap<>();
    plan.cutover().consumerGroups().forEach(group -> byName.put(group.group(), group));
    List<GroupMove> toMove = new ArrayList<>();
    moved.values().stream().filter(group -> group.status() != RunbookStatus.ROLLED_BACK)
        .forEach(group -> toMove.add(0, new GroupMove(byName.get(group.group()), group.before())));
    if (toMove.isEmpty()) {
      return;
    }
    ConsumerCutoverResult result = moveGroups(MigrationDirection.TARGET_TO_SOURCE, target, toMove);
    result.moved().stream().filter(GroupMoved::completed).forEach(group -> moved.remove(group.group()));
    GroupMoved stopped = result.stoppedAt();
    if (stopped != null) {
      throw ApplicationFailure.newNonRetryableFailure("consumer group '" + stopped.group() + "' was not moved back: it ended "
          + stopped.status() + " in " + stopped.workflowId() + " (" + stopped.message() + "); still to move back: "
          + String.join(", ", moved.keySet()), "GroupCutoverStopped");
    }
  }

  /** Runs the groups as child workflows through one coordinator child, with the plan's parallelism. */
  private ConsumerCutoverResult moveGroups(MigrationDirection direction, KafkaEndpoint target, List<GroupMove> groups) {
    String migrationWorkflowId = plan.workflowId();
    ConsumerCutoverWorkflow coordinator = Workflow.newChildWorkflowStub(ConsumerCutoverWorkflow.class,
        ChildWorkflowOptions.newBuilder().setWorkflowId(ConsumerCutoverWorkflow.workflowId(migrationWorkflowId, direction)).build());
    GroupMoveScope scope = new GroupMoveScope(plan.migrationId(), plan.approvals(), direction, plan.source(), target,
        KafkaPlanDefaults.catchUpTimeout(plan));
    return coordinator.moveGroups(new ConsumerCutoverRequest(
        migrationWorkflowId, scope, KafkaPlanDefaults.parallelism(plan), groups, List.of()));
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
}
