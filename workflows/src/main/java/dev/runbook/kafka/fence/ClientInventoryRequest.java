package dev.runbook.kafka.fence;

import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * Which source to take the client inventory of: the migrated {@code topics}, the consumer groups the
 * plan moves ({@code plannedGroups}: their members are expected), and how recent a producer's last
 * write must be for it to count as active ({@code activeWithin}).
 */
public record ClientInventoryRequest(KafkaEndpoint source, List<String> topics, List<String> plannedGroups, Duration activeWithin) {

  public ClientInventoryRequest {
    topics = List.copyOf(topics);
    plannedGroups = List.copyOf(plannedGroups);
  }
}
