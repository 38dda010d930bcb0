package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.base64;
import static dev.runbook.testkit.kubernetes.Resources.clusterLabel;
import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.decode;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.isReadyForCurrentGeneration;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.namespaceAndName;
import static dev.runbook.testkit.kubernetes.Resources.without;

import dev.runbook.testkit.kubernetes.StrimziBackend.RunningCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserQuotas;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Strimzi's User Operator: a {@code KafkaUser} gets its Secret (a generated password and the JAAS
 * line for SCRAM), its credential on the broker ({@code alterUserScramCredentials}), exactly its
 * {@code authorization.acls} as ACLs ({@code createAcls}) and its {@code spec.quotas} as user quotas
 * ({@code alterClientQuotas}), then a Ready status; a deleted user loses all of them. A user waits, not Ready, until its cluster runs.
 */
final class UserOperator implements KindReconciler {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final KafkaClusterOperator kafkas;
  /** Each applied user's cluster ({@code namespace/name}), by user key. */
  private final Map<String, String> users = new HashMap<>();

  UserOperator(KubernetesClient client, StrimziV1Resources strimzi, StrimziBackend backend, KafkaClusterOperator kafkas) {
    this.client = client;
    this.strimzi = strimzi;
    this.backend = backend;
    this.kafkas = kafkas;
  }

  @Override
  public String kind() {
    return "KafkaUser";
  }

  @Override
  public void reconcile() {
    Set<String> present = new HashSet<>();
    for (KafkaUser user : strimzi.list(KafkaUser.class)) {
      String key = key(user);
      present.add(key);
      String namespace = user.getMetadata().getNamespace();
      String name = user.getMetadata().getName();
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        secret = client.resource(secret(user)).create();
      }
      if (isReadyForCurrentGeneration(user)) {
        continue;
      }
      String clusterKey = namespace + "/" + clusterLabel(user);
      RunningCluster cluster = kafkas.cluster(clusterKey);
      if (cluster == null) {
        continue;
      }
      boolean tls = user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication;
      String password = secret.getData() == null || !secret.getData().containsKey("password")
          ? null : decode(secret.getData().get("password"));
      backend.applyUser(cluster, name, password, bindings(user, tls ? "User:CN=" + name : "User:" + name), quotas(user));
      users.put(key, clusterKey);
      user.setStatus(new KafkaUserStatusBuilder()
          .withConditions(condition("True", null, null))
          .withUsername(tls ? "CN=" + name : name)
          .withSecret(name)
          .withObservedGeneration(generation(user))
          .build());
      strimzi.updateStatus(user);
    }
    for (String gone : without(users.keySet(), present)) {
      String[] namespaceAndName = namespaceAndName(gone);
      RunningCluster cluster = kafkas.cluster(users.remove(gone));
      if (cluster != null) {
        backend.deleteUser(cluster, namespaceAndName[1]);
      }
      client.secrets().inNamespace(namespaceAndName[0]).withName(namespaceAndName[1]).delete();
    }
  }

  /** The user's {@code spec.quotas} in Kafka's quota keys, as Strimzi's User Operator writes them for the user entity. */
  static Map<String, Double> quotas(KafkaUser user) {
    Map<String, Double> quotas = new LinkedHashMap<>();
    KafkaUserQuotas spec = user.getSpec().getQuotas();
    if (spec == null) {
      return quotas;
    }
    if (spec.getProducerByteRate() != null) {
      quotas.put("producer_byte_rate", spec.getProducerByteRate().doubleValue());
    }
    if (spec.getConsumerByteRate() != null) {
      quotas.put("consumer_byte_rate", spec.getConsumerByteRate().doubleValue());
    }
    if (spec.getRequestPercentage() != null) {
      quotas.put("request_percentage", spec.getRequestPercentage().doubleValue());
    }
    if (spec.getControllerMutationRate() != null) {
      quotas.put("controller_mutation_rate", spec.getControllerMutationRate());
    }
    return quotas;
  }

  /** The user's {@code authorization.acls} as Kafka ACL bindings of {@code principal}, one per operation. */
  static List<AclBinding> bindings(KafkaUser user, String principal) {
    List<AclBinding> bindings = new ArrayList<>();
    if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple) || simple.getAcls() == null) {
      return bindings;
    }
    for (AclRule rule : simple.getAcls()) {
      ResourcePattern pattern = pattern(rule);
      String host = rule.getHost() == null ? "*" : rule.getHost();
      AclPermissionType permission = rule.getType() == AclRuleType.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
      for (var operation : rule.getOperations()) {
        bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, host, kafkaOperation(operation.name()), permission)));
      }
    }
    return bindings;
  }

  private static ResourcePattern pattern(AclRule rule) {
    if (rule.getResource() instanceof AclRuleTopicResource topic) {
      return new ResourcePattern(ResourceType.TOPIC, topic.getName(), patternType(topic.getPatternType()));
    }
    if (rule.getResource() instanceof AclRuleGroupResource group) {
      return new ResourcePattern(ResourceType.GROUP, group.getName(), patternType(group.getPatternType()));
    }
    if (rule.getResource() instanceof AclRuleTransactionalIdResource id) {
      return new ResourcePattern(ResourceType.TRANSACTIONAL_ID, id.getName(), patternType(id.getPatternType()));
    }
    if (rule.getResource() instanceof AclRuleClusterResource) {
      return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    }
    throw new IllegalArgumentException("ACL resource " + rule.getResource().getType() + " is not supported");
  }

  private static PatternType patternType(AclResourcePatternType type) {
    return type == AclResourcePatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL;
  }

  /** Strimzi spells Kafka's operations without underscores (IDEMPOTENTWRITE for IDEMPOTENT_WRITE). */
  private static AclOperation kafkaOperation(String strimziName) {
    return Arrays.stream(AclOperation.values())
        .filter(operation -> operation.name().replace("_", "").equals(strimziName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown ACL operation " + strimziName));
  }

  /** The Secret Strimzi's User Operator would create: a generated password and its JAAS line for SCRAM users. */
  private static Secret secret(KafkaUser user) {
    Map<String, String> data = new LinkedHashMap<>();
    if (user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication) {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      data.put("password", base64(password));
      data.put("sasl.jaas.config", base64("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
          + user.getMetadata().getName() + "\" password=\"" + password + "\";"));
    }
    return new SecretBuilder()
        .withNewMetadata()
            .withNamespace(user.getMetadata().getNamespace())
            .withName(user.getMetadata().getName())
            .addToLabels("strimzi.io/kind", "KafkaUser")
            .addToLabels("strimzi.io/cluster", clusterLabel(user))
        .endMetadata()
        .withData(data)
        .build();
  }
}
