package dev.runbook.kernel;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;

public class DrillWorkflowImpl extends RunbookWorkflow implements DrillWorkflow {

  private final DrillActivities reads = Workflow.newActivityStub(DrillActivities.class, StepOptions.read(Duration.ofSeconds(10)));
  private final DrillActivities waits = Workflow.newActivityStub(DrillActivities.class,
      StepOptions.longWait(Duration.ofMinutes(10), Duration.ofSeconds(2)));
  private final DrillActivities changes = Workflow.newActivityStub(DrillActivities.class, StepOptions.change(Duration.ofSeconds(10), 2));

  @WorkflowInit
  public DrillWorkflowImpl(DrillPlan plan) {
    super(new Runbook("drill", plan.migrationId(), plan.approvals(), List.of("go", "final")));
  }

  @Override
  public RunbookOutcome run(DrillPlan plan) {
    return runbook.run(() -> {
      runbook.phase("prepare");
      String inventory = runbook.step("discover", () -> reads.read("inventory"));
      runbook.fact("inventory", inventory);
      runbook.fact("inventory.length", String.valueOf(inventory.length()));
      runbook.onRollback("create", () -> changes.undo("create"));
      runbook.step("create", () -> changes.change("create"));
      if (Workflow.getVersion("watch-after-create", Workflow.DEFAULT_VERSION, 1) == 1) {
        runbook.waitFor("watch", () -> waits.watch("replication"));
      }
      runbook.gate("go", "inventory: " + inventory);
      runbook.phase("switch");
      runbook.onRollback("switch", () -> changes.undo("switch"));
      runbook.step("switch", () -> changes.change("switch"));
      runbook.gate("final", "switched");
      runbook.phase("finish");
      runbook.step("cleanup", () -> changes.change("cleanup"));
    });
  }
}
