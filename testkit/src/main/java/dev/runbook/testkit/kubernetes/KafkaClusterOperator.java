package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.isReadyForCurrentGeneration;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.namespaceAndName;
import static dev.runbook.testkit.kubernetes.Resources.setStatusIfChanged;
import static dev.runbook.testkit.kubernetes.Resources.without;

import static dev.runbook.testkit.kubernetes.Resources.base64;

import dev.runbook.testkit.kubernetes.StrimziBackend.ListenerSecurity;
import dev.runbook.testkit.kubernetes.StrimziBackend.RunningCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddress;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatus;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strimzi's cluster operator for {@code Kafka}: a Kafka with a broker node pool gets a real cluster
 * from the {@link StrimziBackend}, secured as its first listener says, the cluster CA Secret
 * ({@code <name>-cluster-ca-cert} with {@code ca.crt}, {@code ca.p12}, {@code ca.password}) when
 * that listener has TLS, and a Ready status with its listeners; a deleted Kafka's cluster stops.
 */
final class KafkaClusterOperator implements KindReconciler {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final Map<String, RunningCluster> clusters = new HashMap<>();

  KafkaClusterOperator(KubernetesClient client, StrimziV1Resources strimzi, StrimziBackend backend) {
    this.client = client;
    this.strimzi = strimzi;
    this.backend = backend;
  }

  @Override
  public String kind() {
    return "Kafka";
  }

  /** The running cluster of Kafka {@code namespace/name}, or null. */
  RunningCluster cluster(String key) {
    return clusters.get(key);
  }

  /** Whether a running cluster has these bootstrap servers. */
  boolean runs(String bootstrapServers) {
    return clusters.values().stream().anyMatch(cluster -> cluster.bootstrapServers().equals(bootstrapServers));
  }

  @Override
  public void reconcile() {
    Set<String> present = new HashSet<>();
    for (Kafka kafka : strimzi.list(Kafka.class)) {
      String key = key(kafka);
      present.add(key);
      if (!hasBrokerNodePool(kafka)) {
        setStatusIfChanged(strimzi, kafka, condition("False", "InvalidResourceException",
            "no KafkaNodePool with the broker role is labelled strimzi.io/cluster=" + kafka.getMetadata().getName()),
            status -> kafka.setStatus(new KafkaStatusBuilder().withConditions(status).build()));
        continue;
      }
      RunningCluster cluster = clusters.computeIfAbsent(key,
          ignored -> backend.startCluster(kafka.getMetadata().getNamespace(), kafka.getMetadata().getName(), security(kafka)));
      if (cluster.caCertificatePem() != null) {
        writeCaSecretIfMissing(kafka, cluster.caCertificatePem());
      }
      if (!isReadyForCurrentGeneration(kafka)) {
        var listeners = new ArrayList<ListenerStatus>();
        for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
          listeners.add(new ListenerStatusBuilder()
              .withName(listener.getName())
              .withAddresses(addresses(cluster.bootstrapServers()))
              .build());
        }
        kafka.setStatus(new KafkaStatusBuilder()
            .withConditions(condition("True", null, null))
            .withListeners(listeners)
            .withClusterId(cluster.clusterId())
            .withObservedGeneration(generation(kafka))
            .build());
        strimzi.updateStatus(kafka);
      }
    }
    for (String gone : without(clusters.keySet(), present)) {
      stopCluster(gone);
      clusters.remove(gone);
    }
  }

  /** Stops every cluster it started. */
  @Override
  public void stop() {
    clusters.keySet().forEach(this::stopCluster);
    clusters.clear();
  }

  private void stopCluster(String key) {
    String[] namespaceAndName = namespaceAndName(key);
    backend.stopCluster(namespaceAndName[0], namespaceAndName[1]);
    client.secrets().inNamespace(namespaceAndName[0]).withName(caSecretName(namespaceAndName[1])).delete();
  }

  private static String caSecretName(String cluster) {
    return cluster + "-cluster-ca-cert";
  }

  /** The first listener is the plan's: its TLS, its authentication, and the authorization's super users. */
  private static ListenerSecurity security(Kafka kafka) {
    GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().get(0);
    List<String> superUsers = new ArrayList<>();
    if (kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple simple
        && simple.getSuperUsers() != null) {
      simple.getSuperUsers().forEach(user -> superUsers.add("User:" + user));
    }
    return new ListenerSecurity(listener.isTls(), listener.getAuth() instanceof KafkaListenerAuthenticationScramSha512,
        superUsers);
  }

  /** What Strimzi's Cluster Operator publishes for clients: the CA certificate as PEM and as a PKCS#12 trust store. */
  private void writeCaSecretIfMissing(Kafka kafka, String caPem) {
    String namespace = kafka.getMetadata().getNamespace();
    String name = caSecretName(kafka.getMetadata().getName());
    if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
      return;
    }
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    client.resource(new SecretBuilder()
        .withNewMetadata()
            .withNamespace(namespace).withName(name)
            .addToLabels("strimzi.io/cluster", kafka.getMetadata().getName())
            .addToLabels("strimzi.io/kind", "Kafka")
        .endMetadata()
        .addToData("ca.crt", base64(caPem))
        .addToData("ca.p12", Base64.getEncoder().encodeToString(pkcs12(caPem, password)))
        .addToData("ca.password", base64(password))
        .build()).create();
  }

  private static byte[] pkcs12(String caPem, String password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca.crt", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the CA trust store", e);
    }
  }

  /** Status listeners carry host and port; Strimzi derives {@code bootstrapServers} from them. */
  private static List<ListenerAddress> addresses(String bootstrapServers) {
    List<ListenerAddress> addresses = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      int colon = server.lastIndexOf(':');
      addresses.add(new ListenerAddressBuilder()
          .withHost(server.substring(0, colon))
          .withPort(Integer.parseInt(server.substring(colon + 1)))
          .build());
    }
    return addresses;
  }

  private boolean hasBrokerNodePool(Kafka kafka) {
    return strimzi.listLabelled(KafkaNodePool.class, kafka.getMetadata().getNamespace(),
        "strimzi.io/cluster", kafka.getMetadata().getName()).stream()
        .anyMatch(pool -> pool.getSpec() != null && pool.getSpec().getReplicas() > 0
            && pool.getSpec().getRoles() != null && pool.getSpec().getRoles().contains(ProcessRoles.BROKER));
  }
}
