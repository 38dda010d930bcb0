package dev.runbook.kafka.groups;

import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.List;

/** One group's cutover as its own runbook: forward as steps that park, or back as one step. */
public class GroupCutoverWorkflowImpl extends RunbookWorkflow implements GroupCutoverWorkflow {

  private final GroupCutoverSteps steps;

  @WorkflowInit
  public GroupCutoverWorkflowImpl(GroupCutoverRequest request) {
    super(new Runbook(RUNBOOK, request.scope().migrationId(), request.scope().approvals(), List.of())
        .quietOnSuccess());
    this.steps = new GroupCutoverSteps(runbook, request.scope(), request.group(), request.appsBefore());
  }

  @Override
  public GroupCutoverResult cutOver(GroupCutoverRequest request) {
    RunbookOutcome outcome = runbook.run(() -> {
      if (request.scope().direction() == MigrationDirection.SOURCE_TO_TARGET) {
        steps.cutOver();
      } else {
        runbook.step("cut group " + request.group().group() + " back over to the source", steps::cutBack);
      }
    });
    return steps.result(Workflow.getInfo().getWorkflowId(), outcome);
  }
}
