package dev.runbook.notify;

import dev.runbook.kernel.Notification;

/**
 * One place notifications go besides the log (Slack, Datadog events, metrics). A channel decides
 * which kinds it cares about and ignores the rest; {@link FanOutNotifier} retries and isolates it.
 */
public interface NotificationChannel {

  /** A short name for the log, never containing a secret (no webhook URL, no key). */
  String name();

  /**
   * Delivers one notification.
   *
   * @throws ChannelDeliveryException when the channel refused it or could not be reached
   */
  void deliver(Notification notification);
}
