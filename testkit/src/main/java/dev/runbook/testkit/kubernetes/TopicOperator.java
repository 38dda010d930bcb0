package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.clusterLabel;
import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.isReadyForCurrentGeneration;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.marker;
import static dev.runbook.testkit.kubernetes.Resources.setStatusIfChanged;

import dev.runbook.testkit.kubernetes.StrimziBackend.RunningCluster;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strimzi's Topic Operator: a {@code KafkaTopic} becomes a real topic on its cluster, held by a
 * finalizer so that deleting the resource deletes the topic first.
 */
final class TopicOperator implements KindReconciler {

  static final String FINALIZER = "strimzi.io/topic-operator";

  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final KafkaClusterOperator kafkas;
  private final Map<String, ReconciledTopic> topics = new HashMap<>();

  private record ReconciledTopic(String marker, String bootstrapServers, String topicName) {}

  TopicOperator(StrimziV1Resources strimzi, StrimziBackend backend, KafkaClusterOperator kafkas) {
    this.strimzi = strimzi;
    this.backend = backend;
    this.kafkas = kafkas;
  }

  @Override
  public String kind() {
    return "KafkaTopic";
  }

  @Override
  public void reconcile() {
    for (KafkaTopic topic : strimzi.list(KafkaTopic.class)) {
      String key = key(topic);
      if (topic.isMarkedForDeletion()) {
        finishDeletion(key, topic);
        continue;
      }
      if (!topic.getMetadata().getFinalizers().contains(FINALIZER)) {
        topic.getMetadata().getFinalizers().add(FINALIZER);
        strimzi.update(topic);
        continue;
      }
      RunningCluster cluster = kafkas.cluster(clusterOf(topic));
      if (cluster == null) {
        setStatusIfChanged(strimzi, topic, condition("False", "KafkaNotReady", "no running Kafka " + clusterOf(topic)),
            status -> topic.setStatus(new KafkaTopicStatusBuilder().withConditions(status).build()));
        continue;
      }
      String topicName = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
      String marker = marker(topic);
      ReconciledTopic reconciled = topics.get(key);
      if (reconciled == null || !reconciled.marker().equals(marker)) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (topic.getSpec().getConfig() != null) {
          topic.getSpec().getConfig().forEach((name, value) -> configs.put(name, String.valueOf(value)));
        }
        int replicas = topic.getSpec().getReplicas() == null ? -1 : topic.getSpec().getReplicas();
        backend.createTopic(cluster.bootstrapServers(), topicName, topic.getSpec().getPartitions(), replicas, configs);
        topics.put(key, new ReconciledTopic(marker, cluster.bootstrapServers(), topicName));
      }
      if (!isReadyForCurrentGeneration(topic)) {
        topic.setStatus(new KafkaTopicStatusBuilder()
            .withConditions(condition("True", null, null))
            .withTopicName(topicName)
            .withObservedGeneration(generation(topic))
            .build());
        strimzi.updateStatus(topic);
      }
    }
  }

  /** Like the Topic Operator: the Kafka topic goes first, then the finalizer, so the resource outlives its topic. */
  private void finishDeletion(String key, KafkaTopic topic) {
    ReconciledTopic reconciled = topics.remove(key);
    if (reconciled != null && kafkas.runs(reconciled.bootstrapServers())) {
      backend.deleteTopic(reconciled.bootstrapServers(), reconciled.topicName());
    }
    topic.getMetadata().getFinalizers().remove(FINALIZER);
    strimzi.update(topic);
  }

  private static String clusterOf(KafkaTopic topic) {
    return topic.getMetadata().getNamespace() + "/" + clusterLabel(topic);
  }
}
