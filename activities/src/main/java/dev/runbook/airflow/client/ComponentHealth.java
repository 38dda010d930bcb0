package dev.runbook.airflow.client;

import java.time.Instant;

/**
 * One component's line in Airflow's health report. {@code status} is {@code healthy},
 * {@code unhealthy}, or {@code null} when the component has never run (e.g. no triggerer deployed).
 */
public record ComponentHealth(String status, Instant latestHeartbeat) {

  public boolean isHealthy() {
    return "healthy".equals(status);
  }

  public boolean isReported() {
    return status != null;
  }
}
