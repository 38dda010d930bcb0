package dev.runbook.airflow.client;

/** A pool as migrated: its name, slots, description and whether deferred tasks take slots. */
public record Pool(String name, int slots, String description, boolean includeDeferred) {}
