package dev.runbook.kafka.acls;

import java.util.List;
import java.util.Locale;
import java.util.SortedSet;

/**
 * One rule of a KafkaUser's {@code authorization.acls}: a resource ({@code type} topic, group,
 * cluster or transactionalId; {@code patternType} literal or prefix, as Strimzi spells them), the
 * operations (Strimzi's names, e.g. {@code IdempotentWrite}), the host and allow or deny.
 */
public record TargetAcl(
    String resourceType, String resourceName, String patternType, SortedSet<String> operations, String host,
    String permission) {

  /** The broker's bindings for this rule of {@code principal}'s KafkaUser, one per operation, in Kafka's names. */
  public List<SourceAcl> kafkaBindings(String principal) {
    String type = kafkaName(resourceType);
    String pattern = patternType.equals("prefix") ? "PREFIXED" : "LITERAL";
    return operations.stream()
        .map(operation -> new SourceAcl(principal, host, type, resourceName, pattern, kafkaName(operation), permission))
        .toList();
  }

  /** Strimzi's camel case as Kafka's enum name: {@code IdempotentWrite} is IDEMPOTENT_WRITE. */
  private static String kafkaName(String strimziName) {
    return strimziName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
