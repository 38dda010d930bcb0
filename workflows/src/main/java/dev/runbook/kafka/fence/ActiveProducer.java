package dev.runbook.kafka.fence;

/**
 * A producer the broker keeps state for on one partition ({@code describeProducers}, KIP-664): its
 * producer id and epoch, the timestamp of its last batch, and the transactional id the transaction
 * coordinators know it by ({@code listTransactions}; null for an idempotent producer). The broker
 * cannot tell which app a producer id belongs to; a non-idempotent producer has no state at all.
 * {@code lastTimestamp} is the batch's own timestamp (CreateTime unless the topic uses LogAppendTime),
 * so a writer's clock skew shifts it.
 */
public record ActiveProducer(String topic, int partition, long producerId, int epoch, long lastTimestamp, String transactionalId) {

  /** {@code orders-1: producer 4001 (epoch 0, transactional id 'nightly-export'), last write at 1700000000000}. */
  public String describe() {
    return topic + "-" + partition + ": producer " + producerId + " (epoch " + epoch
        + (transactionalId == null ? "" : ", transactional id '" + transactionalId + "'") + "), last write at " + lastTimestamp;
  }
}
