package dev.runbook.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a real system until what it reports satisfies a condition, for the asynchronous parts of
 * real systems (a scheduler that has not run yet, a DAG file not yet parsed).
 */
public final class Eventually {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private Eventually() {}

  /**
   * Returns the first value {@code probe} yields that satisfies {@code condition}.
   *
   * @throws AssertionError naming {@code what} and the last value seen when {@code timeout} passes
   */
  public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      last = probe.get();
    }
    return last;
  }
}
