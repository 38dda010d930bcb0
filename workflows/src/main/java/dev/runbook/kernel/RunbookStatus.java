package dev.runbook.kernel;

/** The life of a runbook execution. */
public enum RunbookStatus {
  RUNNING,
  WAITING_FOR_GATE,
  PARKED,
  ROLLING_BACK,
  COMPLETED,
  ROLLED_BACK,
  ABORTED
}
