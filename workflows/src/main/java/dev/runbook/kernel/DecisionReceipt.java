package dev.runbook.kernel;

/** The answer to an accepted Update: what the workflow recorded and what it is waiting for now. */
public record DecisionReceipt(String subject, String recorded, String state) {}
