package dev.runbook.kafka.acls;

/**
 * One ACL binding as the source's {@code describeAcls} reports it, in Kafka's own names:
 * {@code resourceType} TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER;
 * {@code patternType} LITERAL or PREFIXED; {@code operation} e.g. READ, IDEMPOTENT_WRITE, ALL;
 * {@code permission} ALLOW or DENY; {@code principal} e.g. {@code User:sa-abc123}.
 */
public record SourceAcl(
    String principal, String host, String resourceType, String resourceName, String patternType, String operation,
    String permission) {

  /** How an operator reads it in a report. */
  public String describe() {
    return permission + " " + principal + " " + operation + " on " + resourceType + " " + patternType + " '" + resourceName
        + "' from " + host;
  }
}
