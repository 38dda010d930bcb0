package dev.runbook.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code discovery.json}, written by {@code airflow discover} and read by {@code airflow plan}: the
 * instance's URL, the Astro deployment it was read with (ids and the token's variable name only),
 * and what the runbook's discovery found (secret values never included).
 */
record AirflowDiscoveryFile(String url, AstroDeployment astro, SourceInventory inventory) {

  static final String NAME = "discovery.json";

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads {@code dir/discovery.json}; @throws IllegalArgumentException naming the file when it is absent or not one. */
  static AirflowDiscoveryFile read(Path dir) {
    Path file = dir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file (write it with ./runbook airflow discover --out " + dir + ")");
    }
    try {
      AirflowDiscoveryFile read = JSON.readValue(file.toFile(), AirflowDiscoveryFile.class);
      if (read.url() == null || read.inventory() == null || read.inventory().dags() == null) {
        throw new IllegalArgumentException(file + ": not written by ./runbook airflow discover (no url or inventory)");
      }
      return read;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not written by ./runbook airflow discover ("
          + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
    }
  }
}
