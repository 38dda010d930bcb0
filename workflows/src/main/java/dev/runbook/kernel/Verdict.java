package dev.runbook.kernel;

/** A go/no-go decision at a gate. */
public enum Verdict {
  APPROVE,
  REJECT
}
