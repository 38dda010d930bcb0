package dev.runbook.kafka.acls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The source's ACL bindings as the target's KafkaUser ACLs: each binding whose principal the plan
 * maps to a target user becomes part of a rule of that user; bindings of one resource, host and
 * permission merge into one rule; operations an allowed ALL or another allowed operation implies
 * (Kafka's rules: READ, WRITE, DELETE and ALTER imply DESCRIBE, ALTER_CONFIGS implies
 * DESCRIBE_CONFIGS) are folded away. What Strimzi's KafkaUser cannot express is dropped, never
 * silently: each dropped binding comes with its reason. Pure and deterministic.
 */
public record AclTranslation(Map<String, List<TargetAcl>> byUser, List<Dropped> dropped) {

  /** A source binding that has no place on the target, and why. */
  public record Dropped(SourceAcl binding, String reason) {}

  private static final Map<String, String> RESOURCE_TYPES = Map.of(
      "TOPIC", "topic", "GROUP", "group", "CLUSTER", "cluster", "TRANSACTIONAL_ID", "transactionalId");
  private static final Map<String, String> PATTERN_TYPES = Map.of("LITERAL", "literal", "PREFIXED", "prefix");
  private static final Map<String, String> OPERATIONS = Map.ofEntries(
      Map.entry("ALL", "All"), Map.entry("READ", "Read"), Map.entry("WRITE", "Write"), Map.entry("CREATE", "Create"),
      Map.entry("DELETE", "Delete"), Map.entry("ALTER", "Alter"), Map.entry("DESCRIBE", "Describe"),
      Map.entry("CLUSTER_ACTION", "ClusterAction"), Map.entry("DESCRIBE_CONFIGS", "DescribeConfigs"),
      Map.entry("ALTER_CONFIGS", "AlterConfigs"), Map.entry("IDEMPOTENT_WRITE", "IdempotentWrite"));
  private static final Map<String, Set<String>> IMPLIED_BY = Map.of(
      "Describe", Set.of("Read", "Write", "Delete", "Alter"),
      "DescribeConfigs", Set.of("AlterConfigs"));

  /** @param principals source principal ({@code User:sa-abc123}) to target KafkaUser name */
  public static AclTranslation translate(List<SourceAcl> bindings, Map<String, String> principals) {
    Map<String, Map<List<String>, SortedSet<String>>> rules = new TreeMap<>();
    List<Dropped> dropped = new ArrayList<>();
    for (SourceAcl binding : bindings) {
      String reason = unexpressible(binding, principals);
      if (reason != null) {
        dropped.add(new Dropped(binding, reason));
        continue;
      }
      String user = principals.get(binding.principal());
      List<String> rule = List.of(RESOURCE_TYPES.get(binding.resourceType()),
          binding.resourceType().equals("CLUSTER") ? "kafka-cluster" : binding.resourceName(),
          PATTERN_TYPES.get(binding.patternType()), binding.host(), binding.permission());
      rules.computeIfAbsent(user, ignored -> new LinkedHashMap<>())
          .computeIfAbsent(rule, ignored -> new TreeSet<>())
          .add(OPERATIONS.get(binding.operation()));
    }
    Map<String, List<TargetAcl>> byUser = new TreeMap<>();
    rules.forEach((user, userRules) -> byUser.put(user, userRules.entrySet().stream()
        .map(rule -> new TargetAcl(rule.getKey().get(0), rule.getKey().get(1), rule.getKey().get(2),
            folded(rule.getValue(), rule.getKey().get(4)), rule.getKey().get(3), rule.getKey().get(4)))
        .sorted(Comparator.comparing(TargetAcl::resourceType).thenComparing(TargetAcl::resourceName)
            .thenComparing(TargetAcl::patternType).thenComparing(TargetAcl::host).thenComparing(TargetAcl::permission))
        .toList()));
    return new AclTranslation(byUser, List.copyOf(dropped));
  }

  /** Why the binding cannot become a KafkaUser ACL, or null when it can. */
  private static String unexpressible(SourceAcl binding, Map<String, String> principals) {
    if (binding.principal().endsWith(":*")) {
      return "wildcard principal: a KafkaUser's ACLs belong to that one user; grant each user what it needs";
    }
    if (!principals.containsKey(binding.principal())) {
      return "principal " + binding.principal() + " is not mapped to a target user (authorization.principals)";
    }
    if (!RESOURCE_TYPES.containsKey(binding.resourceType())) {
      return "resource type " + binding.resourceType() + " has no KafkaUser ACL (topic, group, cluster, transactionalId)";
    }
    if (!PATTERN_TYPES.containsKey(binding.patternType())) {
      return "pattern type " + binding.patternType() + " has no KafkaUser ACL (literal, prefix)";
    }
    if (!OPERATIONS.containsKey(binding.operation())) {
      return "operation " + binding.operation() + " has no KafkaUser ACL";
    }
    return null;
  }

  /** An allowed ALL stands for every operation; an allowed operation stands for those it implies. */
  private static SortedSet<String> folded(SortedSet<String> operations, String permission) {
    if (!permission.equals("ALLOW")) {
      return operations;
    }
    if (operations.contains("All")) {
      return new TreeSet<>(Set.of("All"));
    }
    SortedSet<String> folded = new TreeSet<>(operations);
    IMPLIED_BY.forEach((implied, by) -> {
      if (by.stream().anyMatch(operations::contains)) {
        folded.remove(implied);
      }
    });
    return folded;
  }

  /**
   * Whether {@code acls} let their user do {@code operation} (Strimzi's name, e.g. {@code Read}) on
   * the {@code resourceType} named {@code name}: an allowing rule matches (the operation itself,
   * All, or one that implies it) and no denying rule does.
   */
  public static boolean allows(List<TargetAcl> acls, String resourceType, String name, String operation) {
    boolean allowed = false;
    for (TargetAcl acl : acls) {
      if (!acl.resourceType().equals(resourceType) || !acl.host().equals("*") || !matches(acl, name)) {
        continue;
      }
      boolean covers = acl.operations().contains(operation) || acl.operations().contains("All")
          || (acl.permission().equals("ALLOW")
              && IMPLIED_BY.getOrDefault(operation, Set.of()).stream().anyMatch(acl.operations()::contains));
      if (covers && acl.permission().equals("DENY")) {
        return false;
      }
      allowed |= covers;
    }
    return allowed;
  }

  private static boolean matches(TargetAcl acl, String name) {
    return acl.patternType().equals("prefix") ? name.startsWith(acl.resourceName())
        : acl.resourceName().equals("*") || acl.resourceName().equals(name);
  }

  /** The broker's bindings the translation stands for, by principal ({@code principal} names a user's). */
  public Map<String, List<SourceAcl>> kafkaBindings(java.util.function.UnaryOperator<String> principal) {
    Map<String, List<SourceAcl>> bindings = new TreeMap<>();
    byUser.forEach((user, acls) -> bindings.put(principal.apply(user),
        acls.stream().flatMap(acl -> acl.kafkaBindings(principal.apply(user)).stream()).toList()));
    return bindings;
  }

  /** Every target rule, one line each, then every dropped binding with its reason: for the go-live gate. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    int rules = byUser.values().stream().mapToInt(List::size).sum();
    text.append("ACLs: ").append(rules).append(" rules for ").append(byUser.size()).append(" users, ")
        .append(dropped.size()).append(" source bindings dropped");
    byUser.forEach((user, acls) -> acls.forEach(acl -> text.append("\n  ").append(user).append(": ")
        .append(acl.permission()).append(' ').append(String.join(",", acl.operations())).append(" on ")
        .append(acl.resourceType()).append(' ').append(acl.patternType()).append(" '").append(acl.resourceName())
        .append("' from ").append(acl.host())));
    dropped.forEach(drop -> text.append("\n  dropped ").append(drop.binding().describe()).append(": ").append(drop.reason()));
    return text.toString();
  }
}
