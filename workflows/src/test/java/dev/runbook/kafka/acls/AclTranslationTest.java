package dev.runbook.kafka.acls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A Confluent-Cloud-shaped estate of 28 bindings in every shape the source can have, and its exact translation. */
class AclTranslationTest {

  static final Map<String, String> PRINCIPALS = Map.of(
      "User:sa-orders", "orders-processor", "User:sa-checkout", "checkout", "User:12345", "invoice-mailer");

  static SourceAcl allow(String principal, String type, String name, String pattern, String operation) {
    return new SourceAcl(principal, "*", type, name, pattern, operation, "ALLOW");
  }

  static List<SourceAcl> estate() {
    List<SourceAcl> acls = new ArrayList<>();
    // a consumer: literal topic, its group, duplicates and implied operations
    acls.add(allow("User:sa-orders", "TOPIC", "orders", "LITERAL", "READ"));
    acls.add(allow("User:sa-orders", "TOPIC", "orders", "LITERAL", "DESCRIBE"));
    acls.add(allow("User:sa-orders", "TOPIC", "orders", "LITERAL", "READ"));
    acls.add(allow("User:sa-orders", "TOPIC", "orders", "LITERAL", "DESCRIBE_CONFIGS"));
    acls.add(allow("User:sa-orders", "GROUP", "orders-processor", "LITERAL", "READ"));
    acls.add(allow("User:sa-orders", "GROUP", "orders-processor", "LITERAL", "DESCRIBE"));
    // a transactional producer: prefixed topics, transactional id, cluster idempotence
    acls.add(allow("User:sa-checkout", "TOPIC", "orders.", "PREFIXED", "WRITE"));
    acls.add(allow("User:sa-checkout", "TOPIC", "orders.", "PREFIXED", "DESCRIBE"));
    acls.add(allow("User:sa-checkout", "TOPIC", "orders.", "PREFIXED", "ALTER_CONFIGS"));
    acls.add(allow("User:sa-checkout", "TOPIC", "orders.", "PREFIXED", "DESCRIBE_CONFIGS"));
    acls.add(allow("User:sa-checkout", "TRANSACTIONAL_ID", "checkout-tx", "PREFIXED", "WRITE"));
    acls.add(allow("User:sa-checkout", "TRANSACTIONAL_ID", "checkout-tx", "PREFIXED", "DESCRIBE"));
    acls.add(allow("User:sa-checkout", "CLUSTER", "kafka-cluster", "LITERAL", "IDEMPOTENT_WRITE"));
    // a numeric service account id: ALL folds everything else, a deny and a host-specific rule stay apart
    acls.add(allow("User:12345", "TOPIC", "invoices", "LITERAL", "ALL"));
    acls.add(allow("User:12345", "TOPIC", "invoices", "LITERAL", "READ"));
    acls.add(allow("User:12345", "TOPIC", "invoices", "LITERAL", "WRITE"));
    acls.add(new SourceAcl("User:12345", "*", "TOPIC", "invoices", "LITERAL", "DELETE", "DENY"));
    acls.add(new SourceAcl("User:12345", "10.0.0.7", "GROUP", "invoice-mailer", "LITERAL", "READ", "ALLOW"));
    acls.add(allow("User:12345", "CLUSTER", "kafka-cluster", "LITERAL", "DESCRIBE"));
    acls.add(allow("User:12345", "CLUSTER", "kafka-cluster", "LITERAL", "DESCRIBE"));
    // what Strimzi cannot express or the plan does not map
    acls.add(allow("User:*", "TOPIC", "public", "LITERAL", "READ"));
    acls.add(allow("User:*", "GROUP", "*", "LITERAL", "READ"));
    acls.add(allow("User:sa-legacy", "TOPIC", "legacy", "LITERAL", "READ"));
    acls.add(allow("User:sa-legacy", "GROUP", "legacy", "LITERAL", "READ"));
    acls.add(allow("User:sa-checkout", "DELEGATION_TOKEN", "token", "LITERAL", "DESCRIBE"));
    acls.add(allow("User:sa-checkout", "USER", "sa-orders", "LITERAL", "CREATE_TOKENS"));
    acls.add(allow("User:sa-orders", "TOPIC", "metrics", "LITERAL", "DESCRIBE_TOKENS"));
    acls.add(allow("User:sa-orders", "TOPIC", "audit", "MATCH", "READ"));
    return acls;
  }

  @Test
  void translatesEveryExpressibleBindingAndReportsEveryOtherWithItsReason() {
    List<SourceAcl> estate = estate();
    AclTranslation translation = AclTranslation.translate(estate, PRINCIPALS);

    assertEquals(28, estate.size());
    assertEquals(Map.of(
        "checkout", List.of(
            rule("cluster", "kafka-cluster", "literal", "*", "ALLOW", "IdempotentWrite"),
            rule("topic", "orders.", "prefix", "*", "ALLOW", "AlterConfigs", "Write"),
            rule("transactionalId", "checkout-tx", "prefix", "*", "ALLOW", "Write")),
        "invoice-mailer", List.of(
            rule("cluster", "kafka-cluster", "literal", "*", "ALLOW", "Describe"),
            rule("group", "invoice-mailer", "literal", "10.0.0.7", "ALLOW", "Read"),
            rule("topic", "invoices", "literal", "*", "ALLOW", "All"),
            rule("topic", "invoices", "literal", "*", "DENY", "Delete")),
        "orders-processor", List.of(
            rule("group", "orders-processor", "literal", "*", "ALLOW", "Read"),
            rule("topic", "orders", "literal", "*", "ALLOW", "DescribeConfigs", "Read"))),
        translation.byUser());
    assertEquals(List.of(
        "ALLOW User:* READ on TOPIC LITERAL 'public' from *: wildcard principal: a KafkaUser's ACLs belong to that one user;"
            + " grant each user what it needs",
        "ALLOW User:* READ on GROUP LITERAL '*' from *: wildcard principal: a KafkaUser's ACLs belong to that one user;"
            + " grant each user what it needs",
        "ALLOW User:sa-legacy READ on TOPIC LITERAL 'legacy' from *: principal User:sa-legacy is not mapped to a target"
            + " user (authorization.principals)",
        "ALLOW User:sa-legacy READ on GROUP LITERAL 'legacy' from *: principal User:sa-legacy is not mapped to a target"
            + " user (authorization.principals)",
        "ALLOW User:sa-checkout DESCRIBE on DELEGATION_TOKEN LITERAL 'token' from *: resource type DELEGATION_TOKEN has no"
            + " KafkaUser ACL (topic, group, cluster, transactionalId)",
        "ALLOW User:sa-checkout CREATE_TOKENS on USER LITERAL 'sa-orders' from *: resource type USER has no KafkaUser ACL"
            + " (topic, group, cluster, transactionalId)",
        "ALLOW User:sa-orders DESCRIBE_TOKENS on TOPIC LITERAL 'metrics' from *: operation DESCRIBE_TOKENS has no KafkaUser ACL",
        "ALLOW User:sa-orders READ on TOPIC MATCH 'audit' from *: pattern type MATCH has no KafkaUser ACL (literal, prefix)"),
        translation.dropped().stream().map(drop -> drop.binding().describe() + ": " + drop.reason()).toList());
  }

  @Test
  void theSameBindingsInAnotherOrderGiveTheSameTranslation() {
    List<SourceAcl> reversed = new ArrayList<>(estate());
    java.util.Collections.reverse(reversed);

    assertEquals(AclTranslation.translate(estate(), PRINCIPALS).byUser(), AclTranslation.translate(reversed, PRINCIPALS).byUser());
  }

  static TargetAcl rule(String type, String name, String pattern, String host, String permission, String... operations) {
    return new TargetAcl(type, name, pattern, new TreeSet<>(List.of(operations)), host, permission);
  }
}
