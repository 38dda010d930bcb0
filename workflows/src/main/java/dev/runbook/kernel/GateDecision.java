package dev.runbook.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One person's decision at a gate. The same payload arrives by Update ({@code decide}, refused
 * with an error when invalid) or by Signal ({@code decision}, recorded as refused when invalid),
 * so the Temporal UI and {@code temporal workflow signal} can approve too.
 */
public record GateDecision(
    String gate,
    String approver,
    Verdict verdict,
    String comment,
    @JsonIgnore String malformed) {

  public GateDecision(String gate, String approver, Verdict verdict, String comment) {
    this(gate, approver, verdict, comment, null);
  }

  /**
   * Reads any JSON: a verdict other than APPROVE or REJECT reads as none, and a payload of the wrong
   * shape keeps what is wrong with it in {@link #malformed()}, so the validator refuses both in one line.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static GateDecision read(JsonNode json) {
    PayloadFields fields = new PayloadFields(json, "a decision {gate, approver, verdict: APPROVE or REJECT, comment}");
    return new GateDecision(fields.text("gate"), fields.text("approver"), fields.constant("verdict", Verdict.class),
        fields.text("comment"), fields.problem());
  }

  public static GateDecision approve(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.APPROVE, comment);
  }

  public static GateDecision reject(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.REJECT, comment);
  }
}
