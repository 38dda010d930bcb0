package dev.runbook.testkit.kafka;

import dev.runbook.testkit.tls.TestCertificates;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
import java.util.Collection;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft Kafka cluster in this JVM (combined broker + controller nodes), configured for
 * single-node use of transactions, compaction and consumer groups. Closing it twice is harmless.
 */
public final class KafkaTestCluster implements AutoCloseable {

  private static final Object STDOUT_LOCK = new Object();

  private final String name;
  private final KafkaClusterTestKit kit;
  /** In front of the client listener when the cluster was started {@link #startBehindSwitch behind one}. */
  private final TcpSwitch network;
  private boolean closed;

  private KafkaTestCluster(String name, KafkaClusterTestKit kit, TcpSwitch network) {
    this.name = name;
    this.kit = kit;
    this.network = network;
  }

  /** Starts a one-broker cluster. */
  public static KafkaTestCluster start(String name) {
    return start(name, 1, Map.of());
  }

  /** Starts a cluster with {@code brokers} combined nodes and extra broker properties. */
  public static KafkaTestCluster start(String name, int brokers, Map<String, String> brokerProperties) {
    return start(name, brokers, nodes -> brokerProperties);
  }

  /**
   * Starts a one-broker cluster that, besides its plaintext listener (for the test's own set-up),
   * opens a {@link SecureListener#SASL_SSL} listener (SASL PLAIN for {@code plainUsers}, name to
   * password, and SCRAM-SHA-512 for users made with {@link #createScramUser}) and a
   * {@link SecureListener#MTLS} listener that requires a client certificate of {@code certificates}'
   * authority. Both present {@code certificates}' server certificate for {@code localhost}.
   */
  public static KafkaTestCluster startSecured(String name, TestCertificates certificates, Map<String, String> plainUsers) {
    return start(name, 1, nodes -> securedListeners(nodes, certificates, plainUsers));
  }

  /**
   * Starts a one-broker cluster as a secured Strimzi target runs: the {@link #startSecured} listeners
   * (clients use {@link SecureListener#SASL_SSL} with SCRAM-SHA-512), {@code StandardAuthorizer} with
   * {@code allow.everyone.if.no.acl.found=false}, so a client without an ACL is refused, and
   * {@code superUsers} (principals, e.g. {@code User:lab-runbook}) besides the plaintext listener's
   * {@code User:ANONYMOUS}, which plays the operators' own access.
   */
  public static KafkaTestCluster startAuthorizing(String name, TestCertificates certificates, List<String> superUsers) {
    return start(name, 1, nodes -> {
      Map<String, String> properties = securedListeners(nodes, certificates, Map.of());
      properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      properties.put("allow.everyone.if.no.acl.found", "false");
      properties.put("super.users", String.join(";", Stream.concat(
          Stream.of("User:ANONYMOUS"), superUsers.stream()).toList()));
      return properties;
    });
  }

  /**
   * Starts a one-broker cluster whose client listener is reached only through a {@link TcpSwitch}:
   * the broker advertises the switch's port, so bootstrap and every later connection pass through
   * it, and {@link #network()} can cut the cluster off and bring it back on the same address.
   */
  public static KafkaTestCluster startBehindSwitch(String name) {
    TcpSwitch network = TcpSwitch.open(name);
    try {
      return start(name, 1, nodes -> Map.of("advertised.listeners",
          nodes.brokerListenerName().value() + "://localhost:" + network.port()), network);
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static KafkaTestCluster start(String name, int brokers, Function<TestKitNodes, Map<String, String>> brokerProperties) {
    return start(name, brokers, brokerProperties, null);
  }

  private static KafkaTestCluster start(
      String name, int brokers, Function<TestKitNodes, Map<String, String>> brokerProperties, TcpSwitch network) {
    try {
      Path baseDirectory = Files.createTempDirectory("kafka-" + name + "-");
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(brokers)
          .setNumControllerNodes(brokers)
          .setBaseDirectory(baseDirectory)
          .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
      Map<String, String> properties = new HashMap<>(singleNodeDefaults(brokers));
      properties.putAll(brokerProperties.apply(nodes));
      properties.forEach(builder::setConfigProp);
      KafkaClusterTestKit kit = builder.build();
      formatQuietly(kit);
      kit.startup();
      if (network != null) {
        int brokerPort = kit.brokers().values().iterator().next().boundPort(nodes.brokerListenerName());
        network.forwardTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort));
      }
      kit.waitForReadyBrokers();
      return new KafkaTestCluster(name, kit, network);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka cluster " + name, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start Kafka cluster " + name, e);
    }
  }

  /** The broker properties of the two secured listeners, in Kafka's per-listener form. */
  private static Map<String, String> securedListeners(TestKitNodes nodes, TestCertificates certificates, Map<String, String> plainUsers) {
    String broker = nodes.brokerListenerName().value();
    String controller = nodes.controllerListenerName().value();
    Map<String, String> properties = new HashMap<>();
    properties.put("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
        + SecureListener.SASL_SSL.listenerName + "://localhost:0," + SecureListener.MTLS.listenerName + "://localhost:0");
    properties.put("listener.security.protocol.map", broker + ":" + nodes.brokerListenerProtocol().name + ","
        + controller + ":" + nodes.controllerListenerProtocol().name + ","
        + SecureListener.SASL_SSL.listenerName + ":SASL_SSL," + SecureListener.MTLS.listenerName + ":SSL");
    for (SecureListener listener : SecureListener.values()) {
      String prefix = "listener.name." + listener.listenerName.toLowerCase(Locale.ROOT) + ".";
      properties.put(prefix + "ssl.keystore.type", "PEM");
      properties.put(prefix + "ssl.keystore.certificate.chain", certificates.serverCertificatePem());
      properties.put(prefix + "ssl.keystore.key", certificates.serverKeyPem());
    }
    String sasl = "listener.name." + SecureListener.SASL_SSL.listenerName.toLowerCase(Locale.ROOT) + ".";
    properties.put(sasl + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
    properties.put(sasl + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + plainUsers.entrySet().stream().map(user -> " user_" + user.getKey() + "=\"" + user.getValue() + "\"")
            .collect(Collectors.joining()) + ";");
    properties.put(sasl + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    String mtls = "listener.name." + SecureListener.MTLS.listenerName.toLowerCase(Locale.ROOT) + ".";
    properties.put(mtls + "ssl.client.auth", "required");
    properties.put(mtls + "ssl.truststore.type", "PEM");
    properties.put(mtls + "ssl.truststore.certificates", certificates.authorityPem());
    return properties;
  }

  private static Map<String, String> singleNodeDefaults(int brokers) {
    String replication = Integer.toString(Math.min(brokers, 3));
    return Map.ofEntries(
        Map.entry("offsets.topic.replication.factor", replication),
        Map.entry("offsets.topic.num.partitions", "4"),
        Map.entry("transaction.state.log.replication.factor", replication),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "4"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("log.cleaner.backoff.ms", "200"),
        Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024)),
        Map.entry("num.partitions", "1"),
        Map.entry("auto.create.topics.enable", "false"));
  }

  /** The storage formatter prints its progress to System.out; that noise has no value in test logs. */
  private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
    synchronized (STDOUT_LOCK) {
      PrintStream original = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        kit.format();
      } finally {
        System.setOut(original);
      }
    }
  }

  public String bootstrapServers() {
    return network == null ? kit.bootstrapServers() : "localhost:" + network.port();
  }

  /** The switch in front of the client listener; only for a cluster made by {@link #startBehindSwitch}. */
  public TcpSwitch network() {
    if (network == null) {
      throw new IllegalStateException("Kafka cluster " + name + " was not started behind a switch");
    }
    return network;
  }

  /** The listeners {@link #startSecured} opens besides the plaintext one. */
  public enum SecureListener {
    /** TLS, then SASL PLAIN or SCRAM-SHA-512. */
    SASL_SSL("SECURE"),
    /** TLS with a client certificate required (mutual TLS). */
    MTLS("MTLS");

    private final String listenerName;

    SecureListener(String listenerName) {
      this.listenerName = listenerName;
    }
  }

  /** The {@code localhost:port} of a secured listener (only for a cluster made by {@link #startSecured}). */
  public String bootstrapServers(SecureListener listener) {
    return "localhost:" + kit.brokers().values().iterator().next().boundPort(new ListenerName(listener.listenerName));
  }

  /** Creates or replaces a SCRAM-SHA-512 user, then waits until the broker accepts it. */
  public void createScramUser(String user, String password) {
    try (Admin admin = admin()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (admin.describeUserScramCredentials(List.of(user)).all().get().isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("SCRAM user " + user + " did not appear on " + name);
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create SCRAM user " + user + " on " + name, e.getCause());
    }
  }

  /** Replaces every ACL of {@code principal} with {@code acls}, through the plaintext (super user) listener. */
  public void replaceAcls(String principal, Collection<AclBinding> acls) {
    try (Admin admin = admin()) {
      admin.deleteAcls(List.of(new AclBindingFilter(
          ResourcePatternFilter.ANY,
          new AccessControlEntryFilter(principal, null,
              AclOperation.ANY, AclPermissionType.ANY)))).all().get();
      if (!acls.isEmpty()) {
        admin.createAcls(acls).all().get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the ACLs of " + principal, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write the ACLs of " + principal + " on " + name, e.getCause());
    }
  }

  /** Gives {@code user}'s quota entity exactly {@code quotas} (Kafka's keys): the others it has are removed. */
  public void replaceUserQuotas(String user, Map<String, Double> quotas) {
    ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user));
    try (Admin admin = admin()) {
      Map<String, Double> current = admin.describeClientQuotas(ClientQuotaFilter.containsOnly(
          List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)))).entities().get().getOrDefault(entity, Map.of());
      List<ClientQuotaAlteration.Op> ops = new java.util.ArrayList<>();
      current.keySet().stream().filter(key -> !quotas.containsKey(key)).forEach(key -> ops.add(new ClientQuotaAlteration.Op(key, null)));
      quotas.forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
      if (!ops.isEmpty()) {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, ops))).all().get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the quotas of " + user, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write the quotas of " + user + " on " + name, e.getCause());
    }
  }

  /** Removes a SCRAM-SHA-512 user, every ACL of its principal and its quotas. */
  public void deleteScramUser(String user) {
    replaceAcls("User:" + user, List.of());
    replaceUserQuotas(user, Map.of());
    try (Admin admin = admin()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(
          user, ScramMechanism.SCRAM_SHA_512))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting SCRAM user " + user, e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof ResourceNotFoundException)) {
        throw new IllegalStateException("could not delete SCRAM user " + user + " on " + name, e.getCause());
      }
    }
  }

  /** Client properties that reach this cluster; callers add their own settings. */
  public Properties clientProperties() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return properties;
  }

  /** A new Admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates a topic with the given partition count and topic configs (e.g. {@code cleanup.policy=compact}). */
  public void createTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create " + topic + " on " + name, e.getCause());
    }
  }

  public void createTopic(String topic, int partitions) {
    createTopic(topic, partitions, Map.of());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kit.close();
      if (network != null) {
        network.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop Kafka cluster " + name, e);
    }
  }
}
