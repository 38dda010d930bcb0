package dev.runbook.activity;

import dev.runbook.kernel.FailureType;

/**
 * A failure of a plain service (Kafka discovery, verification and waits, Airflow discovery and
 * metadata copy) with the type and retryability an activity reports it under. Services throw it so
 * they need no Temporal: the operator CLI calls them directly and prints the message, the activities
 * over them turn it into the ApplicationFailure of the same message and type ({@link ActivityFailures}).
 */
public final class ServiceFailure extends RuntimeException {

  private final String type;
  private final boolean nonRetryable;

  private ServiceFailure(String message, String type, boolean nonRetryable) {
    super(message);
    this.type = type;
    this.nonRetryable = nonRetryable;
  }

  /** A failure of {@code type}, non-retryable when the type is permanent. */
  public static ServiceFailure of(FailureType type, String message) {
    return new ServiceFailure(message, type.type(), type.permanent());
  }

  /**
   * A failure marked retryable whatever its type: a Kafka error typed by its class name, or a wait
   * whose type no retry policy retries all the same ({@link FailureType#permanentTypes()}).
   */
  public static ServiceFailure retryable(String type, String message) {
    return new ServiceFailure(message, type, false);
  }

  /** The failure's type as recorded in history. */
  public String type() {
    return type;
  }

  public boolean nonRetryable() {
    return nonRetryable;
  }
}
