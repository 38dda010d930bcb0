package dev.runbook.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activity.PollingWait.Poll;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingWaitTest {

  @Test
  void heartbeatsEachPendingPollAndReturnsTheResult() {
    List<Object> heartbeats = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();

    String result = new PollingWait(Duration.ofMillis(1), Duration.ofSeconds(10)).until("rollout of shop/api",
        () -> polls.incrementAndGet() < 3 ? Poll.pending("ready " + polls.get() + " of 3") : Poll.done("ok"), heartbeats::add);

    assertEquals("ok", result);
    assertEquals(List.of("rollout of shop/api: ready 1 of 3", "rollout of shop/api: ready 2 of 3"), heartbeats);
  }

  @Test
  void givesUpWithARetryableFailureCarryingTheLastProgress() {
    var failure = assertThrows(ApplicationFailure.class, () -> new PollingWait(Duration.ofMillis(1), Duration.ofMillis(20))
        .until("stop of shop/api", () -> Poll.pending("2 pods left"), details -> { }));

    assertEquals("NotDoneInTime", failure.getType());
    assertFalse(failure.isNonRetryable());
    assertEquals("stop of shop/api not done after PT0.02S; last seen: 2 pods left", failure.getOriginalMessage());
  }

  @Test
  void aFinalTimeoutIsNotRetriedAndSaysWhatItSawLast() {
    var failure = assertThrows(ApplicationFailure.class, () -> new PollingWait(Duration.ofMillis(1), Duration.ofMillis(20))
        .finalTimeout().until("DAG parity on the target", () -> Poll.pending("waiting for a (not parsed yet)"), details -> { }));

    assertEquals("NotDoneInTime", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals("DAG parity on the target not done after PT0.02S; last seen: waiting for a (not parsed yet)",
        failure.getOriginalMessage());
  }

  @Test
  void aPauseThatEndsInACancellationStopsThePollingAtOnce() {
    AtomicInteger polls = new AtomicInteger();
    RuntimeException cancelled = new IllegalStateException("cancelled");
    Heartbeat cancelledDuringThePause = new Heartbeat() {
      @Override
      public void beat(Object details) {}

      @Override
      public void pause(Duration duration) {
        throw cancelled;
      }
    };

    assertSame(cancelled, assertThrows(RuntimeException.class, () -> new PollingWait(Duration.ofHours(1), Duration.ofHours(2))
        .until("DAG parity on the target", () -> Poll.pending("poll " + polls.incrementAndGet()), cancelledDuringThePause)));
    assertEquals(1, polls.get());
  }
}
