package dev.runbook.testkit.kubernetes;

/**
 * What {@link StrimziReconciler} runs for one resource kind every round: converge every resource of
 * the kind to its spec, and at close stop what it started.
 */
interface KindReconciler {

  /** The kind's name, for the log. */
  String kind();

  /** One pass over every resource of the kind. */
  void reconcile();

  /** Stops what the passes started; called once, after the last pass. */
  default void stop() {}
}
