package dev.runbook.kernel;

import java.time.Duration;
import java.util.List;

/**
 * Who may decide a gate and what happens when nobody does. {@code approvers} lists the people
 * allowed to decide; {@code minApprovers} distinct approvals open the gate (one rejection closes
 * it); after {@code timeout} (none: wait forever) the runbook notifies and then either keeps
 * waiting or rolls back, as {@code onTimeout} says.
 */
public record GatePolicy(List<String> approvers, Integer minApprovers, Duration timeout, OnTimeout onTimeout) {

  /** What a gate does when its timeout passes without a decision. */
  public enum OnTimeout {
    KEEP_WAITING,
    ROLLBACK
  }

  public GatePolicy {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
  }

  public int requiredApprovals() {
    return minApprovers == null || minApprovers < 1 ? 1 : minApprovers;
  }

  public OnTimeout timeoutAction() {
    return onTimeout == null ? OnTimeout.KEEP_WAITING : onTimeout;
  }
}
