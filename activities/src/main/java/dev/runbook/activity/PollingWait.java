package dev.runbook.activity;

import dev.runbook.kernel.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Polls a probe until it reports a result, heartbeating the probe's progress after every poll.
 * Gives up after the policy's timeout with a retryable failure ({@link FailureType#NOT_DONE_IN_TIME}) that carries the last progress, so
 * the next attempt (perhaps on another worker) simply polls again.
 */
public final class PollingWait {

  private final Duration interval;
  private final Duration timeout;

  public PollingWait(Duration interval, Duration timeout) {
    this.interval = interval;
    this.timeout = timeout;
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
        throw FailureType.NOT_DONE_IN_TIME.failure(what + " not done after " + timeout + "; last seen: " + poll.progress());
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw FailureType.NOT_DONE_IN_TIME.failure(what + ": interrupted while waiting");
      }
    }
  }
}
