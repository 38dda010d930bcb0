package dev.runbook.notify;

import dev.runbook.http.RetryPolicy;
import dev.runbook.http.Sleeper;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.NotificationActivities;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify activity the worker registers: logs every notification, then hands it to each
 * configured channel in turn. A channel that fails retryably is tried again with backoff; one that
 * still fails is logged and skipped, so an outage of one channel never costs the others and
 * {@code notify} never throws.
 */
public final class FanOutNotifier implements NotificationActivities {

  /**
   * Three attempts, 500 ms then 1 s apart: with {@link JsonPoster#CALL_TIMEOUT} at most about 11 s
   * per channel, so two unreachable HTTP channels still fit in the activity's 30 s.
   */
  public static final RetryPolicy CHANNEL_RETRY = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(2));

  private static final Logger log = LoggerFactory.getLogger(FanOutNotifier.class);

  private final LogNotifier logNotifier = new LogNotifier();
  private final List<NotificationChannel> channels;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  public FanOutNotifier(List<NotificationChannel> channels, RetryPolicy retry, Sleeper sleeper) {
    this.channels = List.copyOf(channels);
    this.retry = retry;
    this.sleeper = sleeper;
  }

  @Override
  public void notify(Notification notification) {
    logNotifier.notify(notification);
    channels.forEach(channel -> deliverOrGiveUp(channel, notification));
  }

  private void deliverOrGiveUp(NotificationChannel channel, Notification notification) {
    for (int attempt = 1; ; attempt++) {
      try {
        channel.deliver(notification);
        return;
      } catch (ChannelDeliveryException e) {
        if (!e.retryable() || attempt >= retry.maxAttempts() || !pause(retry.backoffAfter(attempt))) {
          giveUp(channel, notification, attempt, e);
          return;
        }
      } catch (RuntimeException e) {
        giveUp(channel, notification, attempt, e);
        return;
      }
    }
  }

  /** Only the exception's message: a cause's stack trace could carry a webhook path. */
  private static void giveUp(NotificationChannel channel, Notification notification, int attempts, RuntimeException e) {
    log.warn("{} did not get {} for {} after {} attempt(s), giving up: {}", channel.name(), notification.kind(),
        notification.workflowId(), attempts, e.getMessage());
  }

  private boolean pause(Duration duration) {
    try {
      sleeper.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
