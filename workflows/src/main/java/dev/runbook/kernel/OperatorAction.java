package dev.runbook.kernel;

/**
 * An operator's instruction: {@code RETRY} or {@code SKIP} a parked step, {@code ROLLBACK}
 * (undo everything done so far, then stop) or {@code ABORT} (stop now, undo nothing) at any time.
 * {@code step} is optional; when given it must name the parked step.
 */
public record OperatorAction(Kind action, String step, String operator, String comment) {

  /** What the operator wants. */
  public enum Kind {
    RETRY,
    SKIP,
    ROLLBACK,
    ABORT
  }
}
