package dev.runbook.kernel;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * An operator's instruction: {@code RETRY} or {@code SKIP} a parked step, {@code ROLLBACK}
 * (undo everything done so far, then stop) or {@code ABORT} (stop now, undo nothing) at any time.
 * {@code step} is optional; when given it must name the parked step. An action not among the four reads
 * as none, so the validator refuses it in one line instead of the data converter failing on it.
 */
public record OperatorAction(
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) Kind action,
    String step,
    String operator,
    String comment) {

  /** What the operator wants. */
  public enum Kind {
    RETRY,
    SKIP,
    ROLLBACK,
    ABORT
  }
}
