package dev.runbook.tools;

import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import java.nio.file.Path;

/**
 * {@code discovery.json} of {@code airflow discover}, read by {@code airflow plan}: the instance's URL,
 * the Astro deployment it was read with (ids and the token's variable name only), and what the
 * runbook's discovery found (secret values never included).
 */
record AirflowDiscoveryFile(String url, AstroDeployment astro, SourceInventory inventory) {

  /** @throws IllegalArgumentException naming the file when it is absent or not one */
  static AirflowDiscoveryFile read(Path dir) {
    return DiscoveryJson.read(dir, AirflowDiscoveryFile.class, "airflow",
        read -> read.url() != null && read.inventory() != null && read.inventory().dags() != null);
  }
}
