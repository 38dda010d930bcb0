package dev.runbook.airflow.client;

import java.time.Instant;

/**
 * One run of a DAG. {@code runType} is {@code scheduled}, {@code manual}, {@code backfill} or
 * {@code asset_triggered} ({@code dataset_triggered} on Airflow 2); on Airflow 3 a manual run may
 * have no logical date.
 */
public record DagRun(
    String dagId,
    String runId,
    String runType,
    DagRunState state,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Instant startDate,
    Instant endDate) {}
