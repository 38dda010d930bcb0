package dev.runbook.kernel;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The drill's pretend world: records every change and undo, and fails on demand. */
class DrillWorld implements DrillActivities, NotificationActivities {

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Notification> notifications = new CopyOnWriteArrayList<>();
  final Set<String> broken = ConcurrentHashMap.newKeySet();
  volatile boolean notifierDown;
  volatile boolean watchDone = true;

  @Override
  public String read(String what) {
    failIfBroken(what);
    events.add("read " + what);
    return "3 topics";
  }

  @Override
  public void change(String what) {
    failIfBroken(what);
    events.add("change " + what);
  }

  @Override
  public void undo(String what) {
    failIfBroken("undo " + what);
    events.add("undo " + what);
  }

  @Override
  public void watch(String what) {
    if (watchDone) {
      return;
    }
    events.add("watching " + what);
    while (!watchDone) {
      io.temporal.activity.Activity.getExecutionContext().heartbeat(what);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void notify(Notification notification) {
    if (notifierDown) {
      throw new IllegalStateException("slack is down");
    }
    notifications.add(notification);
  }

  private void failIfBroken(String what) {
    if (broken.contains(what)) {
      throw ApplicationFailure.newNonRetryableFailure(what + " is broken", "Refused");
    }
  }
}
