package dev.runbook.kernel;

import java.util.List;

/** The gate the runbook waits at, with its evidence and the approvals received so far. */
public record PendingGate(
    String name,
    String evidence,
    long openedAt,
    List<String> approvers,
    int requiredApprovals,
    List<String> approvedBy) {}
