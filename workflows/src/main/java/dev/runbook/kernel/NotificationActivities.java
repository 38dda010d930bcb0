package dev.runbook.kernel;

import io.temporal.activity.ActivityInterface;

/** Delivers notifications (log, Slack, Datadog events). Failing to notify never fails a runbook. */
@ActivityInterface
public interface NotificationActivities {

  void notify(Notification notification);
}
