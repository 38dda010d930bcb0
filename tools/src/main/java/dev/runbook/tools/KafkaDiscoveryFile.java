package dev.runbook.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.kafka.admin.DetailedInventory;
import dev.runbook.plan.KafkaEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code discovery.json}, written by {@code kafka discover} and read by {@code kafka plan}: the
 * cluster as reached (bootstrap servers, security protocol, SASL mechanism; never credentials) and
 * what the runbook's discovery found there.
 */
record KafkaDiscoveryFile(KafkaEndpoint cluster, DetailedInventory discovered) {

  static final String NAME = "discovery.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads {@code dir/discovery.json}; @throws IllegalArgumentException naming the file when it is absent or not one. */
  static KafkaDiscoveryFile read(Path dir) {
    Path file = dir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file (write it with ./runbook kafka discover --out " + dir + ")");
    }
    try {
      KafkaDiscoveryFile read = JSON.readValue(file.toFile(), KafkaDiscoveryFile.class);
      if (read.cluster() == null || read.discovered() == null || read.discovered().inventory() == null) {
        throw new IllegalArgumentException(file + ": not written by ./runbook kafka discover (no cluster or inventory)");
      }
      return read;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not written by ./runbook kafka discover ("
          + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
    }
  }
}
