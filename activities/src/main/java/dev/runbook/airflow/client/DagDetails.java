package dev.runbook.airflow.client;

import java.time.Instant;

/**
 * What the scheduler knows about one DAG's schedule ({@code GET /dags/{id}/details}).
 *
 * @param periodic whether a timetable schedules it by time (cron, preset, timedelta); false for
 *     manual-only and asset-triggered DAGs
 * @param nextLogicalDate the logical date of the run the scheduler plans next, {@code null} for none;
 *     {@code nextIntervalStart} and {@code nextIntervalEnd} are its data interval
 * @param fileToken the token {@code PUT /parseDagFile/{token}} takes to reparse the DAG's file
 *     ({@code null} on Airflow 2)
 */
public record DagDetails(
    String dagId,
    boolean paused,
    boolean periodic,
    boolean catchup,
    Instant nextLogicalDate,
    Instant nextIntervalStart,
    Instant nextIntervalEnd,
    String fileToken) {}
