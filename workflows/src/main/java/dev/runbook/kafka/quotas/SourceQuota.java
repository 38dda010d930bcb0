package dev.runbook.kafka.quotas;

/**
 * One client quota as the source's {@code describeClientQuotas} reports it, in Kafka's own names:
 * {@code entityType} {@code user}, {@code client-id}, {@code ip}, or a combination joined by
 * {@code +} ({@code user+client-id}), {@code entityName} the entity's name(s) joined the same way,
 * {@value #DEFAULT_ENTITY} for a default entity; {@code key} e.g. {@code producer_byte_rate}.
 */
public record SourceQuota(String entityType, String entityName, String key, double value) {

  /** How a default entity (the quota of every user or client id without its own) is named, as kafka-configs does. */
  public static final String DEFAULT_ENTITY = "<default>";

  /** The value as an operator writes it: {@code 1048576}, {@code 25.5}. */
  public String formattedValue() {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** How an operator reads it in a report. */
  public String describe() {
    return key + "=" + formattedValue() + " of " + entityType + " '" + entityName + "'";
  }
}
