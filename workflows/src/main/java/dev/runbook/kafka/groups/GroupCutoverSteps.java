package dev.runbook.kafka.groups;

import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaActivities.GroupConsumingRequest;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.kafka.offsets.OffsetFailureType;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cutting one consumer group over, in workflow code: stop its apps, translate its offsets exactly,
 * repoint, start, see it consume on the target; and the way back. It runs in the runbook it is
 * given: each {@link GroupCutoverWorkflow}'s own, or, for migrations started before groups became
 * child workflows, the migration's (which then replays them inline).
 */
public final class GroupCutoverSteps {

  private final Runbook runbook;
  private final CutoverScope scope;
  private final ConsumerGroupCutover group;
  private final Map<String, AppSnapshot> before = new LinkedHashMap<>();
  private final AppActivities apps = AppActivities.stub();
  private final OffsetActivities offsets = OffsetActivities.stub();
  private final KafkaActivities kafka;
  private int partitions;
  private long pauseMillis;

  /** @param appsBefore the group's apps as they were before the cutover stopped them (cutting back: from the way forward) */
  public GroupCutoverSteps(Runbook runbook, CutoverScope scope, ConsumerGroupCutover group, List<AppSnapshot> appsBefore) {
    this.runbook = runbook;
    this.scope = scope;
    this.group = group;
    this.kafka = KafkaActivities.stub(scope.consumingTimeout(), scope.consumingTimeout());
    appsBefore.forEach(app -> before.put(app.app().id(), app));
  }

  /**
   * Cuts the group over with the runbook's steps (each parks on failure), registering first how to
   * cut it back; records each app as it was when stopped, the partitions and the pause.
   */
  public void cutOver() {
    runbook.onRollback("cut over group " + group.group(), this::cutBack);
    long pausedAt = Workflow.currentTimeMillis();
    for (AppRef app : group.apps()) {
      before.put(app.id(), runbook.step("stop " + app.id(), () -> apps.stopApp(app)));
    }
    GroupTranslationReport translated = runbook.step("translate offsets of group " + group.group(), () -> offsets.translateGroup(
        GroupTranslationRequest.exact(group.group(), scope.source(), scope.target(), KafkaPlanDefaults.REPLICATION_WAIT)
            .withIsolation(group.isolation())));
    partitions = translated.partitions().size();
    runbook.fact(KafkaFacts.GROUP_PARTITIONS, group.group(), (long) partitions);
    for (AppRef app : group.apps()) {
      runbook.step("repoint " + app.id(), () -> apps.repointApp(
          new RepointRequest(app, scope.target().bootstrapServers(), scope.targetSecurity(), scope.schemaRegistryUrl())));
      runbook.step("start " + app.id(), () -> apps.startApp(new StartRequest(app, before.get(app.id()).replicas())));
    }
    runbook.waitFor("see group " + group.group() + " consume on the target", () -> kafka.awaitGroupConsuming(
        new GroupConsumingRequest(scope.target(), group.group(), scope.consumingTimeout())));
    pauseMillis = Workflow.currentTimeMillis() - pausedAt;
    runbook.fact(KafkaFacts.GROUP_PAUSE, group.group(), pauseMillis);
  }

  /**
   * Stops the group's apps, translates its offsets back (target to source) and restores each app
   * as it was before the cutover; an app the cutover never stopped is restored as found now.
   */
  public void cutBack() {
    Map<String, AppSnapshot> now = new LinkedHashMap<>();
    for (AppRef app : group.apps()) {
      now.put(app.id(), apps.stopApp(app));
    }
    try {
      offsets.translateGroup(GroupTranslationRequest
          .exact(group.group(), scope.source(), scope.target(), KafkaPlanDefaults.REPLICATION_WAIT)
          .withDirection(MigrationDirection.TARGET_TO_SOURCE)
          .withIsolation(group.isolation()));
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
      apps.startApp(new StartRequest(app, original.replicas()));
    }
  }

  /** How the group's cutover ended, in the child {@code workflowId}. */
  public GroupCutoverResult result(String workflowId, RunbookOutcome outcome) {
    return new GroupCutoverResult(group.group(), workflowId, outcome.status(), outcome.message(), List.copyOf(before.values()),
        partitions, pauseMillis);
  }
}
