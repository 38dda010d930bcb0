package dev.runbook.tools;

import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.plan.KafkaEndpoint;
import java.nio.file.Path;

/**
 * {@code discovery.json} of {@code kafka discover}, read by {@code kafka plan}: the cluster as reached
 * (bootstrap servers, security protocol, SASL mechanism; never credentials) and what the runbook's
 * discovery found there.
 */
record KafkaDiscoveryFile(KafkaEndpoint cluster, DetailedInventory discovered) {

  /** @throws IllegalArgumentException naming the file when it is absent or not one */
  static KafkaDiscoveryFile read(Path dir) {
    return DiscoveryJson.read(dir, KafkaDiscoveryFile.class, "kafka",
        read -> read.cluster() != null && read.discovered() != null && read.discovered().inventory() != null);
  }
}
