package dev.runbook.testkit.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
  private boolean closed;

  private KafkaTestCluster(String name, KafkaClusterTestKit kit) {
    this.name = name;
    this.kit = kit;
  }

  /** Starts a one-broker cluster. */
  public static KafkaTestCluster start(String name) {
    return start(name, 1, Map.of());
  }

  /** Starts a cluster with {@code brokers} combined nodes and extra broker properties. */
  public static KafkaTestCluster start(String name, int brokers, Map<String, String> brokerProperties) {
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
      properties.putAll(brokerProperties);
      properties.forEach(builder::setConfigProp);
      KafkaClusterTestKit kit = builder.build();
      formatQuietly(kit);
      kit.startup();
      kit.waitForReadyBrokers();
      return new KafkaTestCluster(name, kit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka cluster " + name, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start Kafka cluster " + name, e);
    }
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
    return kit.bootstrapServers();
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
    } catch (Exception e) {
      throw new IllegalStateException("could not stop Kafka cluster " + name, e);
    }
  }
}
