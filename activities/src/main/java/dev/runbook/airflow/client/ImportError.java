package dev.runbook.airflow.client;

import java.time.Instant;

/** A DAG file that failed to parse, with the traceback Airflow recorded. */
public record ImportError(long id, String filename, Instant timestamp, String stackTrace) {}
