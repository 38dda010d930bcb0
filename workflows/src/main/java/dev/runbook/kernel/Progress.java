package dev.runbook.kernel;

import java.util.List;
import java.util.Map;

/**
 * What the {@code progress} query returns: where the runbook is, every step so far, the gate it
 * waits at (if any), the parked step (if any), live figures ({@code facts}, e.g. replication lag)
 * and the audit trail of every decision and operator action. {@code parkedStepActions} are the actions
 * the parked step allows (empty when nothing is parked; null from a worker older than the field).
 */
public record Progress(
    String runbook,
    String migrationId,
    RunbookStatus status,
    String phase,
    List<StepProgress> steps,
    PendingGate pendingGate,
    String parkedStep,
    Map<String, String> facts,
    List<AuditEntry> audit,
    String outcomeMessage,
    List<OperatorAction.Kind> parkedStepActions) {

  /** Progress as reports and tests build it, with no parked step's actions. */
  public Progress(String runbook, String migrationId, RunbookStatus status, String phase, List<StepProgress> steps,
      PendingGate pendingGate, String parkedStep, Map<String, String> facts, List<AuditEntry> audit, String outcomeMessage) {
    this(runbook, migrationId, status, phase, steps, pendingGate, parkedStep, facts, audit, outcomeMessage, List.of());
  }
}
