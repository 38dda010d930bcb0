package dev.runbook.airflow.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Airflow's health report ({@code /api/v2/monitor/health} or {@code /api/v1/health}) by component:
 * {@code metadatabase}, {@code scheduler}, {@code triggerer}, {@code dag_processor}.
 */
public record AirflowHealth(Map<String, ComponentHealth> components) {

  /** Components that must report healthy in every deployment; the others only when they run. */
  public static final Set<String> ALWAYS_REQUIRED = Set.of("metadatabase", "scheduler");

  public AirflowHealth {
    components = Map.copyOf(components);
  }

  /**
   * Components that are not healthy: required ones that are missing or not healthy, and optional
   * ones that report anything but healthy. Sorted by name.
   */
  public List<String> unhealthyComponents() {
    var unhealthy = new TreeSet<String>();
    ALWAYS_REQUIRED.stream()
        .filter(name -> !components.containsKey(name) || !components.get(name).isHealthy())
        .forEach(unhealthy::add);
    components.forEach((name, health) -> {
      if (health.isReported() && !health.isHealthy()) {
        unhealthy.add(name);
      }
    });
    return List.copyOf(unhealthy);
  }

  public boolean isHealthy() {
    return unhealthyComponents().isEmpty();
  }
}
