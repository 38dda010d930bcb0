package dev.runbook.notify;

/**
 * A channel could not deliver a notification. {@code retryable} when another attempt may succeed
 * (I/O error, 429, 5xx); the message names the channel, never its URL or key.
 */
public final class ChannelDeliveryException extends RuntimeException {

  private final boolean retryable;

  public ChannelDeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
