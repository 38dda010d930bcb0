package dev.runbook.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's approval rules: a default {@link GatePolicy}, per-gate overrides by gate name, the
 * operators who may retry, skip, roll back or abort (when empty: anyone allowed at any gate), named
 * {@code groups} of people that approver and operator lists may name as {@code group:<name>}, and
 * {@code startedBy}, the person who started the run (our CLI fills it in; it is part of the
 * workflow's input, so nobody can change it later), whom a two-person gate does not count.
 */
public record Approvals(
    GatePolicy defaults,
    Map<String, GatePolicy> gates,
    List<String> operators,
    Map<String, List<String>> groups,
    String startedBy) {

  /** How an approver or operator list names a group: {@code group:sre-leads}. */
  public static final String GROUP_PREFIX = "group:";

  /** Null entries and values are kept (unmodifiable), for {@link ApprovalChecks} to name them. */
  public Approvals {
    gates = gates == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(gates));
    operators = operators == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(operators));
    groups = groups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  public Approvals(GatePolicy defaults, Map<String, GatePolicy> gates, List<String> operators) {
    this(defaults, gates, operators, null, null);
  }

  public GatePolicy policyFor(String gate) {
    GatePolicy own = gates.get(gate);
    if (own != null) {
      return own;
    }
    return defaults == null ? new GatePolicy(List.of(), 1, null, null) : defaults;
  }

  /** The people who may decide a gate: its approvers with every group replaced by its members. */
  public List<String> approversOf(String gate) {
    return List.copyOf(people(policyFor(gate).approvers()));
  }

  /** The people who may send operator actions. */
  public Set<String> allowedOperators() {
    if (!operators.isEmpty()) {
      return people(operators);
    }
    Set<String> everyone = new LinkedHashSet<>();
    if (defaults != null) {
      everyone.addAll(people(defaults.approvers()));
    }
    gates.values().forEach(policy -> everyone.addAll(people(policy.approvers())));
    return everyone;
  }

  /** The group an entry names, or null when it names a person. */
  public static String groupName(String entry) {
    return entry != null && entry.startsWith(GROUP_PREFIX) ? entry.substring(GROUP_PREFIX.length()) : null;
  }

  private Set<String> people(List<String> entries) {
    Set<String> people = new LinkedHashSet<>();
    for (String entry : entries) {
      String group = groupName(entry);
      if (group == null) {
        people.add(entry);
      } else {
        List<String> members = groups.get(group);
        if (members != null) {
          people.addAll(members);
        }
      }
    }
    return people;
  }
}
