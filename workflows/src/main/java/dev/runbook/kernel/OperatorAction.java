package dev.runbook.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator's instruction: {@code RETRY} or {@code SKIP} a parked step, {@code ROLLBACK}
 * (undo everything done so far, then stop) or {@code ABORT} (stop now, undo nothing) at any time.
 * {@code step} is optional; when given it must name the parked step. An action not among the four reads
 * as none, so the validator refuses it in one line instead of the data converter failing on it.
 */
public record OperatorAction(
    Kind action,
    String step,
    String operator,
    String comment,
    @JsonIgnore String malformed) {

  public OperatorAction(Kind action, String step, String operator, String comment) {
    this(action, step, operator, comment, null);
  }

  /** Reads any JSON; what is wrong with a payload of the wrong shape is kept in {@link #malformed()} for the validator. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static OperatorAction read(JsonNode json) {
    PayloadFields fields = new PayloadFields(json,
        "an action {action: " + PayloadFields.names(Kind.values()).replace(", ", " | ") + ", step, operator, comment}");
    return new OperatorAction(fields.constant("action", Kind.class), fields.text("step"), fields.text("operator"),
        fields.text("comment"), fields.problem());
  }

  /** What the operator wants. */
  public enum Kind {
    RETRY,
    SKIP,
    ROLLBACK,
    ABORT
  }
}
