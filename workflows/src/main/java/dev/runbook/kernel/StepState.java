package dev.runbook.kernel;

/** Where a step stands. */
public enum StepState {
  RUNNING,
  DONE,
  PARKED,
  SKIPPED,
  CANCELLED,
  FAILED
}
