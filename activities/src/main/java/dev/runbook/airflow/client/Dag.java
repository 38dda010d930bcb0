package dev.runbook.airflow.client;

import java.time.Instant;
import java.util.List;

/**
 * A DAG as Airflow's API lists it, reduced to what a migration decides on.
 *
 * @param stale Airflow 3's {@code is_stale} (Airflow 2: not {@code is_active}): its file is gone
 * @param schedule a readable schedule: the cron/preset/timedelta summary, or {@code null} if none
 * @param fileLocation the DAG file relative to its bundle (Airflow 3) or its absolute path (Airflow 2)
 * @param nextLogicalDate the logical date of the next scheduled run, if the scheduler planned one
 */
public record Dag(
    String dagId,
    boolean paused,
    boolean stale,
    String schedule,
    String fileLocation,
    List<String> owners,
    List<String> tags,
    Integer maxActiveRuns,
    boolean hasImportErrors,
    Instant nextLogicalDate) {

  public Dag {
    owners = List.copyOf(owners);
    tags = List.copyOf(tags);
  }
}
