package dev.runbook.activity;

import io.temporal.failure.ApplicationFailure;

/**
 * Failures no retry can fix; their types are the ones the runbook kernel treats as permanent
 * ({@code StepOptions.PERMANENT_FAILURES}). Messages tell the operator what to fix.
 */
public final class PermanentFailure {

  public static final String INVALID_PLAN = "InvalidPlan";
  public static final String PLAN_DOES_NOT_MATCH_REALITY = "PlanDoesNotMatchReality";

  private PermanentFailure() {}

  public static ApplicationFailure invalidPlan(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_PLAN);
  }

  public static ApplicationFailure planDoesNotMatchReality(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, PLAN_DOES_NOT_MATCH_REALITY);
  }
}
