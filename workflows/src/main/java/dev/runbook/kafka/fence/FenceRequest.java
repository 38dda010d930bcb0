package dev.runbook.kafka.fence;

import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.List;

/** Which source partitions must stop growing: every partition of {@code topics}, watched for the whole {@code window}. */
public record FenceRequest(KafkaEndpoint source, List<String> topics, Duration window) {

  public FenceRequest {
    topics = List.copyOf(topics);
  }
}
