package dev.runbook.kernel;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

public class DrillWorkflowImpl extends RunbookWorkflow implements DrillWorkflow {

  static final Fact<String> INVENTORY = Fact.text("inventory", "inventory");
  static final Fact<Long> INVENTORY_LENGTH = Fact.number("inventory.length", "inventory length");

  private final DrillActivities drill = StepOptions.stub(DrillActivities.class, Map.of(
      "read", StepOptions.read(Duration.ofSeconds(10)),
      "watch", StepOptions.longWait(Duration.ofMinutes(10), Duration.ofSeconds(2)),
      "change", StepOptions.change(Duration.ofSeconds(10), 2),
      "undo", StepOptions.change(Duration.ofSeconds(10), 2)));

  @WorkflowInit
  public DrillWorkflowImpl(DrillPlan plan) {
    super(new Runbook("drill", plan.migrationId(), plan.approvals(), List.of("go", "final")));
  }

  @Override
  public RunbookOutcome run(DrillPlan plan) {
    return runbook.run(() -> {
      runbook.phase("prepare");
      String inventory = runbook.step("discover", () -> drill.read("inventory"));
      runbook.fact(INVENTORY, inventory);
      runbook.fact(INVENTORY_LENGTH, (long) inventory.length());
      runbook.onRollback("create", () -> drill.undo("create"));
      runbook.step("create", () -> drill.change("create"));
      if (Workflow.getVersion("watch-after-create", Workflow.DEFAULT_VERSION, 1) == 1) {
        runbook.waitFor("watch", () -> drill.watch("replication"));
      }
      runbook.gate("go", "inventory: " + inventory);
      runbook.phase("switch");
      runbook.onRollback("switch", () -> drill.undo("switch"));
      runbook.step("switch", () -> drill.change("switch"));
      runbook.gate("final", "switched");
      runbook.phase("finish");
      runbook.step("cleanup", () -> drill.change("cleanup"));
    });
  }
}
