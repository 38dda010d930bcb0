package dev.runbook.tools;

import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.kafka.schemas.RegistryContents;
import dev.runbook.plan.KafkaEndpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code discovery.json} of {@code kafka discover}, read by {@code kafka plan}: the cluster as reached
 * (bootstrap servers, security protocol, SASL mechanism; never credentials), what the runbook's
 * discovery found there, the producers that wrote to its topics in the last hour ({@code producers};
 * null in a file written before they were read, {@code producersUnreadable} says why the cluster did
 * not tell) and, when one was named, what its Schema Registry holds.
 */
record KafkaDiscoveryFile(KafkaEndpoint cluster, DetailedInventory discovered, List<ActiveProducer> producers,
    String producersUnreadable, DiscoveredRegistry schemaRegistry) {

  /**
   * The Schema Registry beside the cluster, read through Confluent's API.
   *
   * @param withCredentials whether it was reached with basic auth (the plan then needs secret references)
   */
  record DiscoveredRegistry(String url, boolean withCredentials, RegistryContents contents) {}

  /** @throws IllegalArgumentException naming the file when it is absent or not one */
  static KafkaDiscoveryFile read(Path dir) {
    return DiscoveryJson.read(dir, KafkaDiscoveryFile.class, "kafka",
        read -> read.cluster() != null && read.discovered() != null && read.discovered().inventory() != null);
  }
}
