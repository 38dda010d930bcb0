package dev.runbook.kernel;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A small runbook used to exercise the kernel: discover, create, gate, switch, gate, clean up. */
@WorkflowInterface
public interface DrillWorkflow extends RunbookControl {

  @WorkflowMethod
  RunbookOutcome run(DrillPlan plan);

  /** The drill's plan: its id and approval rules. */
  record DrillPlan(String migrationId, Approvals approvals) {}
}
