package dev.runbook.kernel;

import java.util.List;

/**
 * Something people should hear about: a phase started, a gate opened or waits too long, a step
 * parked, a compensation ran, the runbook ended. {@code commands} are the exact commands an
 * operator can run in answer (temporal CLI and ours).
 */
public record Notification(
    Kind kind,
    String runbook,
    String migrationId,
    String workflowId,
    String phase,
    String subject,
    String message,
    List<String> commands) {

  /** What happened. */
  public enum Kind {
    PHASE_STARTED,
    GATE_OPENED,
    GATE_WAITING,
    GATE_DECIDED,
    STEP_PARKED,
    COMPENSATING,
    RUNBOOK_ENDED
  }
}
