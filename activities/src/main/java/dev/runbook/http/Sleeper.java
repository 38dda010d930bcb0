package dev.runbook.http;

import java.time.Duration;

/** Waits between attempts; tests substitute one that records the pauses instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
