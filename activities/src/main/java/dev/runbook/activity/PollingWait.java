package dev.runbook.activity;

import dev.runbook.kernel.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Polls a probe until it reports a result, heartbeating the probe's progress after every poll; a
 * cancelled activity stops between two polls at once. Gives up after the policy's timeout with a
 * retryable failure ({@link FailureType#NOT_DONE_IN_TIME}) that carries the last progress, so the next
 * attempt (perhaps on another worker) simply polls again; or, {@link #finalTimeout() for a wait whose
 * limit is the plan's}, with a failure no retry repeats.
 */
public final class PollingWait {

  private final Duration interval;
  private final Duration timeout;
  private final boolean finalTimeout;

  public PollingWait(Duration interval, Duration timeout) {
    this(interval, timeout, false);
  }

  private PollingWait(Duration interval, Duration timeout, boolean finalTimeout) {
    this.interval = interval;
    this.timeout = timeout;
    this.finalTimeout = finalTimeout;
  }

  /**
   * The same wait, giving up for good at its limit: a second attempt would only be cut off by the
   * activity's own timeout, later than the limit the operator set and without saying what it saw.
   */
  public PollingWait finalTimeout() {
    return new PollingWait(interval, timeout, true);
  }

  /** One observation: either the awaited result, or a description of where things stand. */
  public record Poll<T>(T result, String progress) {

    public static <T> Poll<T> done(T result) {
      return new Poll<>(result, "done");
    }

    public static <T> Poll<T> pending(String progress) {
      return new Poll<>(null, progress);
    }
  }

  /** A look at the world; may throw an {@link ApplicationFailure} when waiting cannot help. */
  @FunctionalInterface
  public interface Probe<T> {
    Poll<T> poll();
  }

  public <T> T until(String what, Probe<T> probe, Heartbeat heartbeat) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Poll<T> poll = probe.poll();
      if (poll.result() != null) {
        return poll.result();
      }
      heartbeat.beat(what + ": " + poll.progress());
      if (System.nanoTime() - deadline >= 0) {
        String message = what + " not done after " + timeout + "; last seen: " + poll.progress();
        throw finalTimeout ? ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_DONE_IN_TIME.type())
            : FailureType.NOT_DONE_IN_TIME.failure(message);
      }
      try {
        heartbeat.pause(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw FailureType.NOT_DONE_IN_TIME.failure(what + ": interrupted while waiting");
      }
    }
  }
}
