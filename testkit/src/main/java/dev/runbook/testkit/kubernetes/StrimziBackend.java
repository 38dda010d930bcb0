package dev.runbook.testkit.kubernetes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;

/**
 * What {@link StrimziReconciler} asks of real Kafka: the lab wires it to in-process KRaft clusters
 * and MirrorMaker 2; tests may record. Calls come from the reconciler's one thread. A backend that
 * plays no broker security keeps the defaults: clusters start plain, users and ACLs are not enforced.
 */
public interface StrimziBackend {

  /** Starts the cluster of Kafka resource {@code namespace/name}; called once per resource. */
  RunningCluster startCluster(String namespace, String name);

  /** Starts the cluster with its plan listener secured as the Kafka resource says. */
  default RunningCluster startCluster(String namespace, String name, ListenerSecurity security) {
    return startCluster(namespace, name);
  }

  /** Stops that cluster; called once, when its Kafka resource is deleted or the reconciler closes. */
  void stopCluster(String namespace, String name);

  /** Creates a topic; when it already exists, leaves it as it is. */
  void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs);

  /** Deletes a topic; nothing to do when it is already gone. */
  void deleteTopic(String bootstrapServers, String topic);

  /** Starts MirrorMaker 2 (dedicated mode) from {@code properties}; closing the handle stops it. */
  AutoCloseable startMirrorMaker(Map<String, String> properties) throws Exception;

  /**
   * Makes {@code user} exist on the cluster as the User Operator does: its SCRAM-SHA-512 credential
   * ({@code scramPassword}, null for a TLS user), exactly {@code acls} for its principal and exactly
   * {@code quotas} (Kafka's keys, such as {@code producer_byte_rate}) for its user quota entity.
   */
  default void applyUser(RunningCluster cluster, String user, String scramPassword, Collection<AclBinding> acls,
      Map<String, Double> quotas) { }

  /** Removes the user's credential and ACLs. */
  default void deleteUser(RunningCluster cluster, String user) { }

  /**
   * A started cluster: where clients connect, the id its brokers report, and the PEM of the CA that
   * signed its listener certificate (null without TLS).
   */
  record RunningCluster(String bootstrapServers, String clusterId, String caCertificatePem) {

    public RunningCluster(String bootstrapServers, String clusterId) {
      this(bootstrapServers, clusterId, null);
    }
  }

  /** The plan listener's security in the Kafka resource: TLS, SCRAM-SHA-512, the super users' principals. */
  record ListenerSecurity(boolean tls, boolean scram, List<String> superUsers) {

    public static final ListenerSecurity NONE = new ListenerSecurity(false, false, List.of());
  }
}
