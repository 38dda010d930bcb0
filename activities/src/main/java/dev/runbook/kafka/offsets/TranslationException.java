package dev.runbook.kafka.offsets;

/** A permanent reason why a group's offsets cannot be translated; retrying will not help. */
public final class TranslationException extends RuntimeException {

  private final OffsetFailureType type;

  public TranslationException(OffsetFailureType type, String message) {
    super(message);
    this.type = type;
  }

  public OffsetFailureType type() {
    return type;
  }
}
