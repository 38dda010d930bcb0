package dev.runbook.cli;

import dev.runbook.kernel.AuditEntry;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.OperatorCommands;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.StepProgress;
import dev.runbook.report.Figures;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;

/** Renders a runbook's progress for people: steps, live figures, the gate it waits at and how to answer. */
public final class ProgressView {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private ProgressView() {}

  public static String render(String workflowId, Progress progress, long now) {
    return render(workflowId, progress, now, UnaryOperator.identity());
  }

  /**
   * As {@link #render(String, Progress, long)}, each operator command shown as {@code command} rewrites it: for
   * a view that knows where the commands are typed (the lab fills in its server's address and its approver).
   */
  public static String render(String workflowId, Progress progress, long now, UnaryOperator<String> command) {
    StringBuilder out = new StringBuilder();
    out.append(workflowId).append("  [").append(progress.runbook()).append(" · migration ").append(progress.migrationId())
        .append("]\n");
    out.append("status ").append(progress.status()).append(" · phase ").append(progress.phase()).append('\n');
    if (progress.outcomeMessage() != null) {
      out.append("outcome: ").append(progress.outcomeMessage()).append('\n');
    }
    out.append('\n');
    String phase = null;
    for (StepProgress step : progress.steps()) {
      if (!step.phase().equals(phase)) {
        phase = step.phase();
        out.append(phase).append('\n');
      }
      long end = step.finishedAt() == 0 ? now : step.finishedAt();
      out.append(String.format("  %-9s %-58s %8s%s%n", "[" + step.state().name().toLowerCase() + "]", step.name(),
          seconds(end - step.startedAt()), step.runs() > 1 ? "  (" + step.runs() + " runs)" : ""));
      if (step.lastError() != null && step.state() != dev.runbook.kernel.StepState.DONE) {
        out.append("            error: ").append(step.lastError()).append('\n');
      }
    }
    if (!progress.facts().isEmpty()) {
      out.append("\nfigures\n");
      Figures.of(progress.facts()).forEach(row -> out.append("  ").append(row.label()).append(": ").append(row.value()).append('\n'));
    }
    PendingGate gate = progress.pendingGate();
    if (gate != null) {
      out.append("\nWAITING AT GATE '").append(gate.name()).append("' since ").append(TIME.format(Instant.ofEpochMilli(gate.openedAt())))
          .append(" UTC — approvals ").append(gate.approvedBy().size()).append('/').append(gate.requiredApprovals())
          .append(gate.approvers().isEmpty() ? "" : " from " + String.join(", ", gate.approvers())).append('\n');
      out.append("  evidence: ").append(gate.evidence()).append('\n');
      OperatorCommands.forGate(workflowId, gate.name()).forEach(line -> out.append("  $ ").append(command.apply(line)).append('\n'));
    }
    if (progress.parkedStep() != null) {
      out.append("\nPARKED: step '").append(progress.parkedStep()).append("' failed and waits for an operator\n");
      // A worker older than parkedStepActions does not say: offer every action, the runbook refuses what it must.
      List<OperatorAction.Kind> allowed = progress.parkedStepActions() != null ? progress.parkedStepActions()
          : List.of(OperatorAction.Kind.values());
      OperatorCommands.forParkedStep(workflowId, progress.parkedStep(), allowed)
          .forEach(line -> out.append("  $ ").append(command.apply(line)).append('\n'));
    }
    if (!progress.audit().isEmpty()) {
      out.append("\naudit\n");
      for (AuditEntry entry : progress.audit()) {
        out.append("  ").append(TIME.format(Instant.ofEpochMilli(entry.at()))).append(' ')
            .append(entry.actor()).append(' ').append(entry.decision()).append(' ').append(entry.subject())
            .append(" via ").append(entry.channel())
            .append(entry.accepted() ? " — accepted" : " — REFUSED: " + entry.reason())
            .append(entry.comment() == null || entry.comment().isBlank() ? "" : " — \"" + entry.comment() + "\"")
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String seconds(long millis) {
    return String.format("%.1fs", millis / 1000.0);
  }
}
