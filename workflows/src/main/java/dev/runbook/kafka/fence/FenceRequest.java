package dev.runbook.kafka.fence;

import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * Which source partitions must stop growing: every partition of {@code topics}, watched for the whole
 * {@code window}. Records carrying {@code copiedBackHeader} (the reverse flow's, null when none runs)
 * are copies of what producers write on the target, not growth.
 */
public record FenceRequest(KafkaEndpoint source, List<String> topics, Duration window, String copiedBackHeader) {

  public FenceRequest(KafkaEndpoint source, List<String> topics, Duration window) {
    this(source, topics, window, null);
  }

  public FenceRequest {
    topics = List.copyOf(topics);
  }
}
