package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Moves one consumer group with {@link GroupCutoverSteps}, forward as steps that park, or back as one step. */
public class ConsumerGroupCutoverWorkflowImpl extends RunbookWorkflow implements ConsumerGroupCutoverWorkflow {

  private final GroupCutoverSteps steps;

  @WorkflowInit
  public ConsumerGroupCutoverWorkflowImpl(GroupMoveRequest request) {
    super(new Runbook("kafka-group-cutover", request.scope().migrationId(), request.scope().approvals(), List.of())
        .quietOnSuccess());
    this.steps = new GroupCutoverSteps(request.scope().consumingWaitLimit());
  }

  @Override
  public GroupMoved move(GroupMoveRequest request) {
    GroupMoveScope scope = request.scope();
    GroupMove move = request.move();
    Map<String, AppSnapshot> before = new LinkedHashMap<>();
    move.before().forEach(app -> before.put(app.app().id(), app));
    GroupCutoverSteps.Moved[] moved = {new GroupCutoverSteps.Moved(0, 0)};
    RunbookOutcome outcome = runbook.run(() -> {
      if (scope.direction() == MigrationDirection.SOURCE_TO_TARGET) {
        moved[0] = steps.cutOver(runbook, move.group(), scope.source(), scope.target(), before);
      } else {
        runbook.step("move group " + move.group().group() + " back to the source",
            () -> steps.moveBack(move.group(), before, scope.source(), scope.target()));
      }
    });
    return new GroupMoved(move.group().group(), Workflow.getInfo().getWorkflowId(), outcome.status(), outcome.message(),
        List.copyOf(before.values()), moved[0].partitions(), moved[0].pauseMillis());
  }
}
