package dev.runbook.kernel;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's approval rules: a default {@link GatePolicy}, per-gate overrides by gate name, and
 * the operators who may retry, skip, roll back or abort (when empty: anyone allowed at any gate).
 */
public record Approvals(GatePolicy defaults, Map<String, GatePolicy> gates, List<String> operators) {

  public Approvals {
    gates = gates == null ? Map.of() : Map.copyOf(gates);
    operators = operators == null ? List.of() : List.copyOf(operators);
  }

  public GatePolicy policyFor(String gate) {
    GatePolicy own = gates.get(gate);
    if (own != null) {
      return own;
    }
    return defaults == null ? new GatePolicy(List.of(), 1, null, null) : defaults;
  }

  /** The people who may send operator actions. */
  public Set<String> allowedOperators() {
    if (!operators.isEmpty()) {
      return new LinkedHashSet<>(operators);
    }
    Set<String> everyone = new LinkedHashSet<>();
    if (defaults != null) {
      everyone.addAll(defaults.approvers());
    }
    gates.values().forEach(policy -> everyone.addAll(policy.approvers()));
    return everyone;
  }
}
