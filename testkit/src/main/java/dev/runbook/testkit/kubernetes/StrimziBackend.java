package dev.runbook.testkit.kubernetes;

import java.util.Map;

/**
 * What {@link StrimziReconciler} asks of real Kafka: the lab wires it to in-process KRaft clusters
 * and MirrorMaker 2; tests may record. Calls come from the reconciler's one thread.
 */
public interface StrimziBackend {

  /** Starts the cluster of Kafka resource {@code namespace/name}; called once per resource. */
  RunningCluster startCluster(String namespace, String name);

  /** Stops that cluster; called once, when its Kafka resource is deleted or the reconciler closes. */
  void stopCluster(String namespace, String name);

  /** Creates a topic; when it already exists, leaves it as it is. */
  void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs);

  /** Deletes a topic; nothing to do when it is already gone. */
  void deleteTopic(String bootstrapServers, String topic);

  /** Starts MirrorMaker 2 (dedicated mode) from {@code properties}; closing the handle stops it. */
  AutoCloseable startMirrorMaker(Map<String, String> properties) throws Exception;

  /** A started cluster: where clients connect and the id its brokers report. */
  record RunningCluster(String bootstrapServers, String clusterId) {}
}
