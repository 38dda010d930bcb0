package dev.runbook.kernel;

/**
 * One person's decision at a gate. The same payload arrives by Update ({@code decide}, refused
 * with an error when invalid) or by Signal ({@code decision}, recorded as refused when invalid),
 * so the Temporal UI and {@code temporal workflow signal} can approve too.
 */
public record GateDecision(String gate, String approver, Verdict verdict, String comment) {

  public static GateDecision approve(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.APPROVE, comment);
  }

  public static GateDecision reject(String gate, String approver, String comment) {
    return new GateDecision(gate, approver, Verdict.REJECT, comment);
  }
}
