package dev.runbook.kernel;

import java.util.List;
import java.util.Map;

/**
 * Something people should hear about: a phase started, a gate opened or waits too long, a step
 * parked, a compensation ran, the runbook ended. {@code commands} are the exact commands an
 * operator can run in answer (temporal CLI and ours).
 *
 * <p>Times are workflow time (epoch milliseconds), so they are the same on whichever worker replica
 * delivers the notification: {@code at} when it was raised, {@code gateOpenedAt} when the gate it
 * concerns opened (0 for notifications about no gate), which makes a gate's waiting time computable
 * from its decision alone. {@code figures} are the run's numeric facts recorded since the previous
 * notification (e.g. {@code group.billing.pauseMillis}), for metrics.
 */
public record Notification(
    Kind kind,
    String runbook,
    String migrationId,
    String workflowId,
    String phase,
    String subject,
    String message,
    List<String> commands,
    long at,
    long gateOpenedAt,
    Map<String, Long> figures) {

  public Notification {
    commands = commands == null ? List.of() : List.copyOf(commands);
    figures = figures == null ? Map.of() : Map.copyOf(figures);
  }

  /** A notification with no times and no figures, as channels that only show the message need. */
  public Notification(
      Kind kind, String runbook, String migrationId, String workflowId, String phase, String subject, String message,
      List<String> commands) {
    this(kind, runbook, migrationId, workflowId, phase, subject, message, commands, 0, 0, Map.of());
  }

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
