package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.PlanFiles;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.tls.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka discover} and {@code kafka plan} on a cluster with {@code StandardAuthorizer}: the
 * CSVs list every ACL binding and client quota the broker holds, and the drafted plan maps each
 * source principal to a KafkaUser to fill in.
 */
class KafkaAclDiscoveryIT {

  @TempDir Path dir;

  @Test
  void discoveryListsEveryBindingAndQuotaAndThePlanMapsEverySourcePrincipal() throws Exception {
    try (KafkaTestCluster cluster = KafkaTestCluster.startAuthorizing("acls", TestCertificates.create("acls"), List.of());
         Admin admin = cluster.admin()) {
      cluster.createTopic("orders", 1);
      admin.alterConsumerGroupOffsets("orders-processor",
          Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(0))).all().get();
      List<AclBinding> bindings = List.of(
          binding("User:sa-orders", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW, "*"),
          binding("User:sa-orders", ResourceType.GROUP, "orders-processor", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW, "*"),
          binding("User:sa-checkout", ResourceType.TOPIC, "orders.", PatternType.PREFIXED, AclOperation.WRITE, AclPermissionType.ALLOW, "*"),
          binding("User:sa-checkout", ResourceType.TOPIC, "orders.pii", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.DENY, "*"),
          binding("User:sa-checkout", ResourceType.TRANSACTIONAL_ID, "checkout-tx", PatternType.PREFIXED, AclOperation.WRITE,
              AclPermissionType.ALLOW, "10.0.0.7"),
          binding("User:sa-checkout", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE,
              AclPermissionType.ALLOW, "*"),
          binding("User:*", ResourceType.TOPIC, "public", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW, "*"),
          binding("User:12345", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE, AclPermissionType.ALLOW, "*"));
      admin.createAcls(bindings).all().get();
      admin.alterClientQuotas(List.of(
          quota(Map.of(ClientQuotaEntity.USER, "sa-orders"), Map.of("producer_byte_rate", 1048576.0, "consumer_byte_rate", 2097152.0)),
          quota(java.util.Collections.singletonMap(ClientQuotaEntity.USER, null), Map.of("request_percentage", 25.5)),
          quota(Map.of(ClientQuotaEntity.CLIENT_ID, "checkout"), Map.of("producer_byte_rate", 524288.0)),
          quota(Map.of(ClientQuotaEntity.USER, "sa-checkout", ClientQuotaEntity.CLIENT_ID, "checkout"),
              Map.of("producer_byte_rate", 262144.0)))).all().get();
      await(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().size() == bindings.size(), "the ACL bindings");
      await(() -> admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get().size() == 4, "the client quotas");
      Path discovery = dir.resolve("discovery");

      Run discover = kafka("discover", "--source", cluster.bootstrapServers(), "--out", discovery.toString());

      assertEquals(0, discover.exitCode(), discover.err());
      assertEquals("""
          principal,resource_type,resource_name,pattern_type,operation,permission,host
          User:*,TOPIC,public,LITERAL,READ,ALLOW,*
          User:12345,TOPIC,orders,LITERAL,DESCRIBE,ALLOW,*
          User:sa-checkout,CLUSTER,kafka-cluster,LITERAL,IDEMPOTENT_WRITE,ALLOW,*
          User:sa-checkout,TOPIC,orders.,PREFIXED,WRITE,ALLOW,*
          User:sa-checkout,TRANSACTIONAL_ID,checkout-tx,PREFIXED,WRITE,ALLOW,10.0.0.7
          User:sa-orders,GROUP,orders-processor,LITERAL,READ,ALLOW,*
          User:sa-orders,TOPIC,orders,LITERAL,READ,ALLOW,*
          User:sa-checkout,TOPIC,orders.pii,LITERAL,WRITE,DENY,*
          """, Files.readString(discovery.resolve("acls.csv")));
      assertEquals("""
          entity_type,entity_name,quota,value
          client-id,checkout,producer_byte_rate,524288
          user,<default>,request_percentage,25.5
          user,sa-orders,consumer_byte_rate,2097152
          user,sa-orders,producer_byte_rate,1048576
          user+client-id,sa-checkout+checkout,producer_byte_rate,262144
          """, Files.readString(discovery.resolve("quotas.csv")));
      assertTrue(discover.out().startsWith(cluster.bootstrapServers()
          + ": 1 topics, 1 partitions, 1 consumer groups, 8 ACL bindings, 5 client quotas\n"), discover.out());

      Path plan = dir.resolve("plan.yaml");
      Run drafted = kafka("plan", "--from", discovery.toString(), "--out", plan.toString(),
          "--target-namespace", "kafka", "--target-cluster", "payments");

      assertEquals(0, drafted.exitCode(), drafted.err());
      String yaml = Files.readString(plan);
      assertTrue(yaml.contains("""
          # Authorization: the 3 source principals of the discovered ACL bindings and user quotas map to FILL-ME;
          # name each one's target KafkaUser (the Deployment name of the app it is), which gets its translated ACLs.
          # The bindings of a principal left out, and of User:*, are dropped and listed at the go-live gate.
          """), yaml);
      assertTrue(yaml.contains("""
          authorization:
            principals:
              User:12345: FILL-ME
              User:sa-checkout: FILL-ME
              User:sa-orders: FILL-ME
          """), yaml);
      assertTrue(drafted.out().contains("""
            - authorization.principals.User:12345: placeholder not filled
            - authorization.principals.User:sa-checkout: placeholder not filled
            - authorization.principals.User:sa-orders: placeholder not filled
          """), drafted.out());

      verifyComparesTheTargetsAclsAndQuotasWithTheTranslation(cluster, plan);
    }
  }

  /**
   * {@code kafka verify --plan}: a target holding exactly the translated ACLs and quotas of the
   * plan's principals matches; one binding removed and one quota changed by hand are each named, exit 1.
   */
  private void verifyComparesTheTargetsAclsAndQuotasWithTheTranslation(KafkaTestCluster source, Path drafted) throws Exception {
    // The group's app and the producer are the KafkaUsers orders-processor and checkout; User:12345 shares the first.
    Map<String, String> users = Map.of("orders", "orders-processor", "checkout", "checkout", "12345", "orders-processor");
    String apps = Files.readString(drafted).replaceFirst("deployment: FILL-ME", "deployment: orders-processor")
        .replaceFirst("deployment: FILL-ME", "deployment: checkout");
    Path plan = dir.resolve("filled.yaml");
    Files.writeString(plan, PlanPlaceholders.fill(apps, field -> users.getOrDefault(field, "x")));
    try (KafkaTestCluster target = KafkaTestCluster.startAuthorizing("acls-target", TestCertificates.create("acls-target"), List.of());
         Admin admin = target.admin()) {
      target.createTopic("orders", 1);
      KafkaMigrationPlan read = PlanFiles.read(plan, KafkaMigrationPlan.class);
      KafkaActivities.SourceInventory inventory = new KafkaDiscovery(KafkaClientFactory.forClientProperties(List.of()))
          .discover(new KafkaActivities.DiscoveryRequest(KafkaEndpoint.plaintext(source.bootstrapServers()), null)).inventory();
      List<AclBinding> translated = new java.util.ArrayList<>();
      KafkaPlanDefaults.aclTranslation(read, inventory).kafkaBindings(user -> "User:" + user).values()
          .forEach(bindings -> bindings.forEach(acl -> translated.add(binding(acl.principal(), ResourceType.valueOf(acl.resourceType()),
              acl.resourceName(), PatternType.valueOf(acl.patternType()), AclOperation.valueOf(acl.operation()),
              AclPermissionType.valueOf(acl.permission()), acl.host()))));
      admin.createAcls(translated).all().get();
      admin.alterClientQuotas(List.of(quota(Map.of(ClientQuotaEntity.USER, "orders-processor"),
          Map.of("producer_byte_rate", 1048576.0, "consumer_byte_rate", 2097152.0)))).all().get();
      await(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().size() == translated.size(), "the translated ACLs");
      String[] verify = {"verify", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(), "--topics", "orders",
          "--plan", plan.toString(), "--out", dir.resolve("verification").toString()};

      Run matching = kafka(verify);

      assertEquals(0, matching.exitCode(), matching.out() + matching.err());
      assertTrue(matching.out().contains("ACLs MATCH: " + translated.size() + " bindings of 2 users as translated; "),
          matching.out());
      assertTrue(matching.out().contains("quotas MATCH: 1 of 2 users with quotas as translated; 3 source quotas not translatable"),
          matching.out());

      AclBinding removed = translated.get(0);
      admin.deleteAcls(List.of(removed.toFilter())).all().get();
      admin.alterClientQuotas(List.of(quota(Map.of(ClientQuotaEntity.USER, "checkout"), Map.of("request_percentage", 10.0)))).all().get();
      await(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().size() == translated.size() - 1, "one ACL fewer");

      Run differing = kafka(verify);

      assertEquals(1, differing.exitCode(), differing.out() + differing.err());
      assertTrue(differing.out().contains("ACL mismatch: missing on the target: "
          + dev.runbook.kafka.admin.AclComparison.binding(removed).describe() + "\n"), differing.out());
      assertTrue(differing.out().contains("quota mismatch: unexpected on the target: user checkout request_percentage=10\n"),
          differing.out());
      assertTrue(differing.out().contains("ACLs MISMATCH: "), differing.out());
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run kafka(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = KafkaTools.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static AclBinding binding(String principal, ResourceType type, String name, PatternType pattern,
      AclOperation operation, AclPermissionType permission, String host) {
    return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, host, operation, permission));
  }

  private static ClientQuotaAlteration quota(Map<String, String> entity, Map<String, Double> values) {
    return new ClientQuotaAlteration(new ClientQuotaEntity(entity),
        values.entrySet().stream().map(value -> new ClientQuotaAlteration.Op(value.getKey(), value.getValue())).toList());
  }

  /** The broker applies ACLs and quotas from its metadata log: wait until it answers with all of them. */
  private static void await(Check condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not appear on the broker");
      }
      Thread.sleep(50);
    }
  }

  /** A check that may throw what Admin's futures throw. */
  private interface Check {
    boolean holds() throws Exception;
  }
}
