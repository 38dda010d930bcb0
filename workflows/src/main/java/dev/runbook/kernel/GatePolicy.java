package dev.runbook.kernel;

import java.time.Duration;
import java.util.List;

/**
 * Who may decide a gate and what happens when nobody does. {@code approvers} lists the people
 * (and {@code group:<name>} groups of {@link Approvals#groups()}) allowed to decide;
 * {@code minApprovers} distinct approvals open the gate (one rejection closes it). With
 * {@code twoPerson} the gate needs at least two distinct approvers, neither of them the person who
 * started the run (four eyes on a change nobody may wave through alone). After {@code timeout}
 * (none: wait forever) the runbook notifies and then either keeps waiting or rolls back, as
 * {@code onTimeout} says.
 */
public record GatePolicy(
    List<String> approvers, Integer minApprovers, Duration timeout, OnTimeout onTimeout, Boolean twoPerson) {

  /** What a gate does when its timeout passes without a decision. */
  public enum OnTimeout {
    KEEP_WAITING,
    ROLLBACK
  }

  public GatePolicy {
    approvers = approvers == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(approvers));
  }

  public GatePolicy(List<String> approvers, Integer minApprovers, Duration timeout, OnTimeout onTimeout) {
    this(approvers, minApprovers, timeout, onTimeout, null);
  }

  public boolean excludesStarter() {
    return Boolean.TRUE.equals(twoPerson);
  }

  public int requiredApprovals() {
    int required = minApprovers == null || minApprovers < 1 ? 1 : minApprovers;
    return excludesStarter() ? Math.max(2, required) : required;
  }

  public OnTimeout timeoutAction() {
    return onTimeout == null ? OnTimeout.KEEP_WAITING : onTimeout;
  }
}
