package dev.runbook.kernel;

import java.util.List;
import java.util.Map;

/**
 * What the {@code progress} query returns: where the runbook is, every step so far, the gate it
 * waits at (if any), the parked step (if any), live figures ({@code facts}, e.g. replication lag)
 * and the audit trail of every decision and operator action.
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
    String outcomeMessage) {}
