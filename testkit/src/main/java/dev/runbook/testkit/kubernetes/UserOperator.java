package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.base64;
import static dev.runbook.testkit.kubernetes.Resources.clusterLabel;
import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.isReadyForCurrentGeneration;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.namespaceAndName;
import static dev.runbook.testkit.kubernetes.Resources.without;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Strimzi's User Operator: a {@code KafkaUser} gets its Secret (a generated password for SCRAM) and a Ready status. */
final class UserOperator implements KindReconciler {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final StrimziV1Resources strimzi;
  private final Set<String> users = new HashSet<>();

  UserOperator(KubernetesClient client, StrimziV1Resources strimzi) {
    this.client = client;
    this.strimzi = strimzi;
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
      if (client.secrets().inNamespace(namespace).withName(name).get() == null) {
        client.resource(secret(user)).create();
      }
      users.add(key);
      if (!isReadyForCurrentGeneration(user)) {
        String username = user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication ? "CN=" + name : name;
        user.setStatus(new KafkaUserStatusBuilder()
            .withConditions(condition("True", null, null))
            .withUsername(username)
            .withSecret(name)
            .withObservedGeneration(generation(user))
            .build());
        strimzi.updateStatus(user);
      }
    }
    for (String gone : without(users, present)) {
      String[] namespaceAndName = namespaceAndName(gone);
      client.secrets().inNamespace(namespaceAndName[0]).withName(namespaceAndName[1]).delete();
      users.remove(gone);
    }
  }

  /** The Secret Strimzi's User Operator would create: a generated password for SCRAM users. */
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
