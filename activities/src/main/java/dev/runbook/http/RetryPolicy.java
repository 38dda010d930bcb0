package dev.runbook.http;

import java.time.Duration;

/**
 * How often and how patiently the client repeats a call that met 429, 5xx or an I/O error:
 * exponential backoff from {@code initialBackoff}, capped at {@code maxBackoff}; a 429's
 * {@code Retry-After} is honoured up to that cap.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Five attempts, 500 ms doubling to at most 10 s: about 15 s of patience in all. */
  public static RetryPolicy standard() {
    return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  /** The pause before attempt {@code attempt + 1}, for {@code attempt} counted from 1. */
  public Duration backoffAfter(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration backoff = initialBackoff.multipliedBy(factor);
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }
}
