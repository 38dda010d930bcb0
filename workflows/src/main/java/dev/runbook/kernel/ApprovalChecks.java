package dev.runbook.kernel;

import dev.runbook.plan.PlanChecks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a plan's {@link Approvals} against the gates the runbook will open, for both runbooks'
 * plan validators: every gate must have someone who may decide it, groups must exist, and a
 * two-person gate must know who started the run and have two approvers besides. Each error names
 * the field's path; a policy that serves several gates is reported once.
 */
public final class ApprovalChecks {

  private ApprovalChecks() {}

  public static List<String> check(Approvals approvals, List<String> gates) {
    if (approvals == null) {
      return List.of("approvals: missing (who may decide the gates)");
    }
    List<String> errors = new ArrayList<>();
    new TreeMap<>(approvals.groups()).forEach((group, members) -> {
      String path = "approvals.groups." + group;
      if (members == null || members.isEmpty()) {
        errors.add(path + ": lists nobody");
        return;
      }
      for (int i = 0; i < members.size(); i++) {
        if (blank(members.get(i))) {
          errors.add(path + "[" + i + "]: missing");
        } else if (Approvals.groupName(members.get(i)) != null) {
          errors.add(path + "[" + i + "]: '" + members.get(i) + "': a group lists people, not other groups");
        }
      }
    });
    for (String gate : new TreeSet<>(approvals.gates().keySet())) {
      if (!gates.contains(gate)) {
        errors.add("approvals.gates." + gate + ": unknown gate; this plan's gates are: " + String.join(", ", gates));
      } else if (approvals.gates().get(gate) == null) {
        errors.add("approvals.gates." + gate + ": empty; give its approvers, or leave the gate out to use approvals.defaults");
      }
    }
    Map<String, String> gateOfPath = new TreeMap<>();
    Set<String> paths = new LinkedHashSet<>();
    for (String gate : gates) {
      String path = approvals.gates().containsKey(gate) ? "approvals.gates." + gate : "approvals.defaults";
      if (paths.add(path)) {
        gateOfPath.put(path, gate);
      }
    }
    for (String path : paths) {
      policy(errors, approvals, gateOfPath.get(path), path);
    }
    entries(errors, approvals, approvals.operators(), "approvals.operators");
    return errors;
  }

  private static void policy(List<String> errors, Approvals approvals, String gate, String path) {
    GatePolicy policy = approvals.policyFor(gate);
    if (policy.approvers().stream().anyMatch(PlanChecks::isPlaceholder)) {
      errors.add(path + ".approvers: placeholder not filled");
      return;
    }
    // An entry's own error says what to fix; counting the people then would only repeat it.
    if (entries(errors, approvals, policy.approvers(), path + ".approvers")) {
      enoughPeople(errors, approvals, gate, policy, path);
    }
    if (policy.timeout() != null && (policy.timeout().isNegative() || policy.timeout().isZero())) {
      errors.add(path + ".timeout: must be positive");
    }
  }

  private static void enoughPeople(List<String> errors, Approvals approvals, String gate, GatePolicy policy, String path) {
    List<String> people = approvals.approversOf(gate).stream().filter(person -> !blank(person)).toList();
    if (people.isEmpty()) {
      errors.add(path + ".approvers: lists nobody; a gate needs at least one approver");
    } else if (policy.excludesStarter()) {
      String starter = approvals.startedBy();
      if (blank(starter)) {
        errors.add(path + ".twoPerson: needs approvals.startedBy, the person who started the run "
            + "(runbook start records it; add it to a plan started another way)");
        return;
      }
      long others = people.stream().filter(person -> !person.equals(starter)).count();
      if (others < policy.requiredApprovals()) {
        errors.add(path + ".twoPerson: " + policy.requiredApprovals() + " approvers other than '" + starter
            + "', who started the run, are required but only " + others + " listed");
      }
    } else if (policy.requiredApprovals() > people.size()) {
      errors.add(path + ".minApprovers: " + policy.requiredApprovals() + " approvals required but only "
          + people.size() + " approver(s) listed");
    }
  }

  /** Checks each entry of an approver or operator list; returns whether all were fine. */
  private static boolean entries(List<String> errors, Approvals approvals, List<String> entries, String path) {
    int before = errors.size();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      String group = Approvals.groupName(entry);
      if (blank(entry)) {
        errors.add(path + "[" + i + "]: missing");
      } else if (group != null && !approvals.groups().containsKey(group)) {
        errors.add(path + "[" + i + "]: unknown group '" + group + "'; "
            + (approvals.groups().isEmpty() ? "approvals.groups defines none"
                : "approvals.groups defines: " + String.join(", ", new TreeSet<>(approvals.groups().keySet()))));
      }
    }
    return errors.size() == before;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
