package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.isReadyForCurrentGeneration;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.namespaceAndName;
import static dev.runbook.testkit.kubernetes.Resources.setStatusIfChanged;
import static dev.runbook.testkit.kubernetes.Resources.without;

import dev.runbook.testkit.kubernetes.StrimziBackend.RunningCluster;
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
 * from the {@link StrimziBackend} and a Ready status with its listeners; a deleted Kafka's cluster
 * stops.
 */
final class KafkaClusterOperator implements KindReconciler {

  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final Map<String, RunningCluster> clusters = new HashMap<>();

  KafkaClusterOperator(StrimziV1Resources strimzi, StrimziBackend backend) {
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
          ignored -> backend.startCluster(kafka.getMetadata().getNamespace(), kafka.getMetadata().getName()));
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
