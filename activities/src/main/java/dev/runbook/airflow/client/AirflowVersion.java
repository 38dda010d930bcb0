package dev.runbook.airflow.client;

/** The Airflow release a deployment runs (e.g. {@code 3.3.2}) and the REST API generation it serves. */
public record AirflowVersion(String version, AirflowApiVersion api) {}
