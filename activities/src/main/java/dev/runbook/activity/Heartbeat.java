package dev.runbook.activity;

import io.temporal.activity.Activity;

/**
 * Reports progress of a long wait. In a worker it is the running activity's heartbeat (which also
 * throws when the activity was cancelled or timed out); in a plain test it can simply record.
 */
@FunctionalInterface
public interface Heartbeat {

  void beat(Object details);

  /** The heartbeat of whichever activity runs on the calling thread. */
  static Heartbeat ofCurrentActivity() {
    return details -> Activity.getExecutionContext().heartbeat(details);
  }
}
