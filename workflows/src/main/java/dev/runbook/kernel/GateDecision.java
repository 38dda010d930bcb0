package dev.runbook.kernel;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One person's decision at a gate. The same payload arrives by Update ({@code decide}, refused
 * with an error when invalid) or by Signal ({@code decision}, recorded as refused when invalid),
 * so the Temporal UI and {@code temporal workflow signal} can approve too. A verdict other than
 * APPROVE or REJECT reads as none, so the validator refuses it in one line instead of the data converter
 * failing on it.
 */
public record GateDecision(
    String gate,
    String approver,
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) Verdict verdict,
    String comment) {

  public static GateDecision approve(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.APPROVE, comment);
  }

  public static GateDecision reject(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.REJECT, comment);
  }
}
