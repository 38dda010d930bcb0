package dev.runbook.kernel;

/** How a runbook ended, why, and its final progress (steps, audit trail, facts). */
public record RunbookOutcome(RunbookStatus status, String message, Progress progress) {}
