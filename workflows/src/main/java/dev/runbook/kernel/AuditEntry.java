package dev.runbook.kernel;

/**
 * One decision or operator action as received, accepted or refused, with the reason of a refusal.
 * {@code subject} is the gate or step it concerns; {@code decision} is the verdict or action name;
 * {@code channel} is {@code update} or {@code signal}.
 */
public record AuditEntry(
    long at,
    String actor,
    String subject,
    String decision,
    String comment,
    String channel,
    boolean accepted,
    String reason) {}
