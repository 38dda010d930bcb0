package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activity.PollingWait;
import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.admin.AclComparison;
import dev.runbook.kafka.admin.QuotaComparison;
import dev.runbook.kafka.quotas.QuotaTranslation;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kafka.TargetClusterActivities.UsersRequest;
import dev.runbook.kafka.acls.AclTranslation;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.acls.TargetAcl;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.testkit.world.KafkaRehearsal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The translated ACLs and quotas on a secured target played by the rehearsal's Strimzi stand-in:
 * after {@code applyUsers}, the broker's ACLs ({@code describeAcls}, read as the runbook's own
 * identity) are exactly the translation, a user is refused what its ACLs do not grant, and the
 * broker's user quotas ({@code describeClientQuotas}) are exactly the translated source quotas.
 */
class SecuredTargetAclsIT {

  static final TargetCluster TARGET = new TargetCluster("shop", "acl", 1, null, "tls", 1, true, "scram-sha-512");
  static final List<SourceAcl> SOURCE = List.of(
      new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "LITERAL", "DESCRIBE", "ALLOW"),
      new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"),
      new SourceAcl("User:sa-checkout", "*", "TOPIC", "orders.", "PREFIXED", "WRITE", "ALLOW"),
      new SourceAcl("User:sa-checkout", "*", "TOPIC", "orders.pii", "LITERAL", "WRITE", "DENY"),
      new SourceAcl("User:sa-checkout", "10.0.0.7", "TRANSACTIONAL_ID", "checkout-tx", "PREFIXED", "WRITE", "ALLOW"),
      new SourceAcl("User:sa-checkout", "*", "CLUSTER", "kafka-cluster", "LITERAL", "IDEMPOTENT_WRITE", "ALLOW"),
      new SourceAcl("User:*", "*", "TOPIC", "public", "LITERAL", "READ", "ALLOW"));
  static final Map<String, String> PRINCIPALS = Map.of("User:sa-orders", "orders-processor", "User:sa-checkout", "checkout");

  static KafkaRehearsal world;
  static TargetClusterActivitiesImpl activities;
  static ReferenceResolver secrets;

  @BeforeAll
  static void start() {
    world = KafkaRehearsal.start(5);
    secrets = new ReferenceResolver(Map.of(), world.kubernetes());
    activities = new TargetClusterActivitiesImpl(world.kubernetes(), secrets, new StrimziModel(),
        new PollingWait(Duration.ofMillis(100), Duration.ofSeconds(60)), details -> { });
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  @Test
  void theTargetsAclsAreExactlyTheTranslationAndAUserIsRefusedWhatItWasNotGranted() throws Exception {
    activities.applyCluster(TARGET);
    String bootstrap = activities.awaitClusterReady(TARGET);
    AclTranslation translation = AclTranslation.translate(SOURCE, PRINCIPALS);
    activities.applyUsers(new UsersRequest(TARGET, List.of("orders-processor", "checkout"), translation.byUser()));

    KafkaClientFactory clients = new KafkaClientFactory(secrets);
    try (Admin admin = clients.admin(KafkaPlanDefaults.targetEndpoint(TARGET, bootstrap))) {
      Set<String> onTarget = admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
          .map(SecuredTargetAclsIT::describe).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected(translation), onTarget);
    }
    var compare = new KafkaActivities.AclsRequest(KafkaPlanDefaults.targetEndpoint(TARGET, bootstrap),
        translation.kafkaBindings(user -> "User:" + user));
    assertEquals(List.of(), new AclComparison(clients).compare(compare));
    var withoutOne = new java.util.TreeMap<>(compare.expected());
    withoutOne.put("User:checkout", compare.expected().get("User:checkout").subList(1, compare.expected().get("User:checkout").size()));
    assertEquals(List.of("unexpected on the target: " + compare.expected().get("User:checkout").get(0).describe()),
        new AclComparison(clients).compare(new KafkaActivities.AclsRequest(compare.target(), withoutOne)));
    assertEquals(1, translation.dropped().size());

    KafkaEndpoint checkout = new KafkaEndpoint(bootstrap, "SASL_SSL", "SCRAM-SHA-512", null, null,
        SecretRef.kubernetes("shop", "acl-cluster-ca-cert", "ca.crt"), null, null,
        SecretRef.kubernetes("shop", "checkout", "sasl.jaas.config"));
    try (Admin admin = clients.admin(checkout)) {
      var refused = assertThrows(ExecutionException.class,
          () -> admin.listConsumerGroupOffsets("orders-processor").partitionsToOffsetAndMetadata().get());
      assertTrue(refused.getCause() instanceof org.apache.kafka.common.errors.GroupAuthorizationException, refused.toString());
    }
    try (var consumer = clients.readCommittedConsumer(checkout, "checkout-reads")) {
      assertThrows(TopicAuthorizationException.class, () -> consumer.partitionsFor("orders"));
    }
  }

  @Test
  void theTargetsUserQuotasAreExactlyTheTranslationAndEveryDifferenceIsNamed() throws Exception {
    activities.applyCluster(TARGET);
    String bootstrap = activities.awaitClusterReady(TARGET);
    QuotaTranslation translation = QuotaTranslation.translate(List.of(
        new SourceQuota("user", "sa-reports", "producer_byte_rate", 1048576),
        new SourceQuota("user", "sa-reports", "consumer_byte_rate", 2097152),
        new SourceQuota("user", "sa-reports", "request_percentage", 25)), Map.of("User:sa-reports", "reports"));
    UsersRequest users = new UsersRequest(TARGET, List.of("reports", "auditor"), null, translation.byUser());
    activities.applyUsers(users);
    KafkaEndpoint operator = KafkaPlanDefaults.targetEndpoint(TARGET, bootstrap);
    KafkaClientFactory clients = new KafkaClientFactory(secrets);
    ClientQuotaEntity reports = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "reports"));
    ClientQuotaEntity auditor = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "auditor"));
    var request = new KafkaActivities.QuotasRequest(operator,
        Map.of("reports", translation.byUser().get("reports"), "auditor", new UserQuotas(null, null, null, null)));

    try (Admin admin = clients.admin(operator)) {
      assertEquals(Map.of("producer_byte_rate", 1048576.0, "consumer_byte_rate", 2097152.0, "request_percentage", 25.0),
          userQuotas(admin).get(reports));
      assertEquals(null, userQuotas(admin).get(auditor));
      assertEquals(List.of(), new QuotaComparison(clients).compare(request));

      admin.alterClientQuotas(List.of(
          new ClientQuotaAlteration(reports, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 524288.0),
              new ClientQuotaAlteration.Op("request_percentage", null))),
          new ClientQuotaAlteration(auditor, List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", 1000.0))))).all().get();
      assertEquals(List.of("unexpected on the target: user auditor consumer_byte_rate=1000",
          "different on the target: user reports producer_byte_rate=524288, expected 1048576",
          "missing on the target: user reports request_percentage=25"), new QuotaComparison(clients).compare(request));

      activities.deleteUsers(users);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (userQuotas(admin).containsKey(reports) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(null, userQuotas(admin).get(reports), "a deleted user keeps no quota");
    }
  }

  private static Map<ClientQuotaEntity, Map<String, Double>> userQuotas(Admin admin) throws Exception {
    return admin.describeClientQuotas(ClientQuotaFilter.containsOnly(
        List.of(ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))).entities().get();
  }

  /** The translation as the broker's bindings: one per user, rule and operation. */
  private static Set<String> expected(AclTranslation translation) {
    Set<String> bindings = new TreeSet<>();
    translation.byUser().forEach((user, rules) -> {
      for (TargetAcl rule : rules) {
        for (String operation : rule.operations()) {
          bindings.add("User:" + user + " " + rule.permission() + " " + operation.replaceAll("([a-z])([A-Z])", "$1_$2")
              .toUpperCase(Locale.ROOT) + " " + rule.resourceType().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)
              + " " + (rule.patternType().equals("prefix") ? "PREFIXED" : "LITERAL") + " " + rule.resourceName() + " " + rule.host());
        }
      }
    });
    return bindings;
  }

  private static String describe(AclBinding binding) {
    return binding.entry().principal() + " " + binding.entry().permissionType() + " " + binding.entry().operation() + " "
        + binding.pattern().resourceType() + " " + binding.pattern().patternType() + " " + binding.pattern().name() + " "
        + binding.entry().host();
  }
}
