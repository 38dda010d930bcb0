package dev.runbook.kafka.acls;

import java.util.SortedSet;

/**
 * One rule of a KafkaUser's {@code authorization.acls}: a resource ({@code type} topic, group,
 * cluster or transactionalId; {@code patternType} literal or prefix, as Strimzi spells them), the
 * operations (Strimzi's names, e.g. {@code IdempotentWrite}), the host and allow or deny.
 */
public record TargetAcl(
    String resourceType, String resourceName, String patternType, SortedSet<String> operations, String host,
    String permission) {}
