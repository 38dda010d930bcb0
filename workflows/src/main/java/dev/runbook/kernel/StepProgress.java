package dev.runbook.kernel;

/**
 * One step as the progress query shows it. {@code runs} counts how many times the workflow ran
 * the step (1 + operator retries); activity-level retries happen inside each run. Times are epoch
 * milliseconds from workflow time; {@code finishedAt} is 0 while running.
 */
public record StepProgress(
    String name,
    String phase,
    boolean compensation,
    StepState state,
    int runs,
    long startedAt,
    long finishedAt,
    String lastError) {

  StepProgress with(StepState newState, long at, String error) {
    return new StepProgress(name, phase, compensation, newState, runs, startedAt, at, error);
  }

  StepProgress rerun(long at) {
    return new StepProgress(name, phase, compensation, StepState.RUNNING, runs + 1, at, 0, lastError);
  }
}
