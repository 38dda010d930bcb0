package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities.GroupConsumingRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.kafka.offsets.OffsetFailureType;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.StepOptions;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moving one consumer group, in workflow code: stop its apps, translate its offsets exactly,
 * repoint, start, see it consume on the target; and the way back. The one implementation of both,
 * run inline by migrations started before consumer groups became child workflows and by each
 * {@link ConsumerGroupCutoverWorkflow} since.
 */
final class GroupCutoverSteps {

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);
  private static final Duration CONSUMING_TIMEOUT = Duration.ofMinutes(5);

  /** What moving a group forward measured. */
  record Moved(int partitions, long pauseMillis) {}

  private final AppActivities apps = Workflow.newActivityStub(AppActivities.class, StepOptions.change(Duration.ofMinutes(2), 3));
  private final AppActivities appWaits =
      Workflow.newActivityStub(AppActivities.class, StepOptions.longWait(Duration.ofMinutes(15), HEARTBEAT));
  private final OffsetActivities offsets =
      Workflow.newActivityStub(OffsetActivities.class, StepOptions.longWait(Duration.ofMinutes(15), HEARTBEAT));
  private final KafkaActivities kafkaWaits;

  /** @param consumingWaitLimit how long the wait for the group to consume on the target may take in all */
  GroupCutoverSteps(Duration consumingWaitLimit) {
    this.kafkaWaits = Workflow.newActivityStub(KafkaActivities.class, StepOptions.longWait(consumingWaitLimit, HEARTBEAT));
  }

  /**
   * Cuts the group over with the runbook's steps (each parks on failure), registering first how to
   * move it back. Fills {@code before} with each app as it was when stopped.
   */
  Moved cutOver(Runbook runbook, ConsumerGroupCutover group, KafkaEndpoint source, KafkaEndpoint target,
      Map<String, AppSnapshot> before) {
    runbook.onRollback("cut over group " + group.group(), () -> moveBack(group, before, source, target));
    long pausedAt = Workflow.currentTimeMillis();
    for (AppRef app : group.apps()) {
      before.put(app.id(), runbook.step("stop " + app.id(), () -> appWaits.stopApp(app)));
    }
    GroupTranslationReport moved = runbook.step("move offsets of group " + group.group(), () -> offsets.translateGroup(
        GroupTranslationRequest.exact(group.group(), source, target, KafkaPlanDefaults.REPLICATION_WAIT)));
    runbook.fact("group." + group.group() + ".partitions", String.valueOf(moved.partitions().size()));
    for (AppRef app : group.apps()) {
      runbook.step("repoint " + app.id(), () -> apps.repointApp(new RepointRequest(app, target.bootstrapServers())));
      runbook.step("start " + app.id(), () -> appWaits.startApp(new StartRequest(app, before.get(app.id()).replicas())));
    }
    runbook.waitFor("see group " + group.group() + " consume on the target", () -> kafkaWaits.awaitGroupConsuming(
        new GroupConsumingRequest(target, group.group(), CONSUMING_TIMEOUT)));
    long pauseMillis = Workflow.currentTimeMillis() - pausedAt;
    runbook.fact("group." + group.group() + ".pauseMillis", String.valueOf(pauseMillis));
    return new Moved(moved.partitions().size(), pauseMillis);
  }

  /**
   * Stops the group's apps, translates its offsets back (target to source) and restores each app
   * as it was in {@code before}; an app missing there is restored as found now.
   */
  void moveBack(ConsumerGroupCutover group, Map<String, AppSnapshot> before, KafkaEndpoint source, KafkaEndpoint target) {
    Map<String, AppSnapshot> now = new LinkedHashMap<>();
    for (AppRef app : group.apps()) {
      now.put(app.id(), appWaits.stopApp(app));
    }
    try {
      offsets.translateGroup(GroupTranslationRequest
          .exact(group.group(), source, target, KafkaPlanDefaults.REPLICATION_WAIT)
          .withDirection(MigrationDirection.TARGET_TO_SOURCE));
    } catch (ActivityFailure failure) {
      if (!(failure.getCause() instanceof ApplicationFailure app
          && OffsetFailureType.GROUP_HAS_NO_OFFSETS.name().equals(app.getType()))) {
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
}
