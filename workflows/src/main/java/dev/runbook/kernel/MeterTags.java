package dev.runbook.kernel;

/**
 * The tags an activity puts on the metrics it records for a runbook ({@code runbook},
 * {@code migration}, {@code phase}), the same ones the notification metrics carry, so a dashboard
 * can filter every runbook metric the same way.
 */
public record MeterTags(String runbook, String migrationId, String phase) {}
