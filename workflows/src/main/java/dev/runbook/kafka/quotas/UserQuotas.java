package dev.runbook.kafka.quotas;

/**
 * A KafkaUser's {@code spec.quotas} in Strimzi's names and types: byte rates per second per broker,
 * the percentage of request handler and network threads, partition mutations per second. A field
 * left null sets no quota.
 */
public record UserQuotas(
    Integer producerByteRate, Integer consumerByteRate, Integer requestPercentage, Double controllerMutationRate) {}
