package dev.runbook.activity;

import io.temporal.activity.Activity;
import io.temporal.common.CancellationToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reports progress of a long wait. In a worker it is the running activity's heartbeat (which also
 * throws when the activity was cancelled or timed out); in a plain test it can simply record.
 */
@FunctionalInterface
public interface Heartbeat {

  void beat(Object details);

  /** Waits between two looks at the world; a worker's heartbeat ends the pause the moment the activity is cancelled. */
  default void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  /** The heartbeat of whichever activity runs on the calling thread. */
  static Heartbeat ofCurrentActivity() {
    return new Heartbeat() {
      @Override
      public void beat(Object details) {
        Activity.getExecutionContext().heartbeat(details);
      }

      @Override
      public void pause(Duration duration) throws InterruptedException {
        CancellationToken<?> cancellation = Activity.getExecutionContext().getCancellationToken();
        CompletableFuture<Void> cancelled = cancellation.getCancellationFuture();
        try {
          cancelled.get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // The pause ran its course (or the cancellation completed exceptionally: reported just below).
        } finally {
          // Completing the future drops its callback from the token: one per pause would pile up over a long wait.
          cancelled.cancel(false);
        }
        cancellation.throwIfCancellationRequested();
      }
    };
  }
}
