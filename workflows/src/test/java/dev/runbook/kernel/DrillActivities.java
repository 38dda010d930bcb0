package dev.runbook.kernel;

import io.temporal.activity.ActivityInterface;

/** What the drill does to its pretend world. */
@ActivityInterface
public interface DrillActivities {

  String read(String what);

  void change(String what);

  void undo(String what);

  /** Waits, heartbeating, until the world says so; changes nothing. */
  void watch(String what);
}
