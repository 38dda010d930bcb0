package dev.runbook.notify;

import dev.runbook.kernel.Notification;
import dev.runbook.kernel.NotificationActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every notification to the worker's log; the baseline every other channel adds to. */
public final class LogNotifier implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger(LogNotifier.class);

  @Override
  public void notify(Notification n) {
    log.info("[{}] {} {} {}: {}{}", n.kind(), n.workflowId(), n.phase(), n.subject(), n.message(),
        n.commands().isEmpty() ? "" : "\n    " + String.join("\n    ", n.commands()));
  }
}
