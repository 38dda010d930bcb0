package dev.runbook.kafka.lab;

import dev.runbook.testkit.kubernetes.StrimziBackend;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A {@link StrimziBackend} for tests: one real single-node KRaft cluster, started on the first
 * Kafka resource and handed to every Kafka resource (tests use a namespace each; one broker keeps
 * the machine's memory low). Topics are really created and deleted; MirrorMaker 2 starts are
 * recorded with their properties, not run (the source cluster of a migration is not part of these
 * tests).
 */
public final class SingleBrokerBackend implements StrimziBackend, AutoCloseable {

  private KafkaClusterTestKit cluster;
  private final List<String> clusterStarts = new CopyOnWriteArrayList<>();
  private final List<String> clusterStops = new CopyOnWriteArrayList<>();
  private final List<String> topicCreations = new CopyOnWriteArrayList<>();
  private final List<String> topicDeletions = new CopyOnWriteArrayList<>();
  private final List<RecordedMirrorMaker> mirrorMakers = new CopyOnWriteArrayList<>();

  /** A MirrorMaker 2 the reconciler asked for, and whether it was stopped since. */
  public static final class RecordedMirrorMaker implements AutoCloseable {
    private final Map<String, String> properties;
    private volatile boolean stopped;

    RecordedMirrorMaker(Map<String, String> properties) {
      this.properties = Map.copyOf(properties);
    }

    public Map<String, String> properties() {
      return properties;
    }

    public boolean stopped() {
      return stopped;
    }

    @Override
    public void close() {
      stopped = true;
    }
  }

  @Override
  public synchronized RunningCluster startCluster(String namespace, String name) {
    clusterStarts.add(namespace + "/" + name);
    if (cluster == null) {
      cluster = startSingleNode();
    }
    try (Admin admin = admin()) {
      return new RunningCluster(bootstrapServers(), admin.describeCluster().clusterId().get());
    } catch (Exception e) {
      throw new IllegalStateException("the lab's Kafka broker does not answer", e);
    }
  }

  @Override
  public void stopCluster(String namespace, String name) {
    clusterStops.add(namespace + "/" + name);
  }

  @Override
  public void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs) {
    topicCreations.add(topic);
    try (Admin admin = admin(bootstrapServers)) {
      Optional<Short> replication = replicas < 0 ? Optional.empty() : Optional.of((short) replicas);
      try {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), replication).configs(configs))).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("creating topic " + topic + " failed", e.getCause());
        }
      }
      awaitDescribable(admin, topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The controller acknowledges a new topic before the broker serves it; return only once it does. */
  private static void awaitDescribable(Admin admin, String topic) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + topic + " not served", e.getCause());
        }
        Thread.sleep(50);
      }
    }
  }

  @Override
  public void deleteTopic(String bootstrapServers, String topic) {
    topicDeletions.add(topic);
    try (Admin admin = admin(bootstrapServers)) {
      admin.deleteTopics(List.of(topic)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw new IllegalStateException("deleting topic " + topic + " failed", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public AutoCloseable startMirrorMaker(Map<String, String> properties) {
    var mirrorMaker = new RecordedMirrorMaker(properties);
    mirrorMakers.add(mirrorMaker);
    return mirrorMaker;
  }

  public synchronized String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return admin(bootstrapServers());
  }

  public List<String> clusterStarts() {
    return List.copyOf(clusterStarts);
  }

  public List<String> clusterStops() {
    return List.copyOf(clusterStops);
  }

  public List<String> topicCreations() {
    return List.copyOf(topicCreations);
  }

  public List<String> topicDeletions() {
    return List.copyOf(topicDeletions);
  }

  public List<RecordedMirrorMaker> mirrorMakers() {
    return new ArrayList<>(mirrorMakers);
  }

  private static Admin admin(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(properties);
  }

  private static KafkaClusterTestKit startSingleNode() {
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(Files.createTempDirectory("strimzi-lab-"))
          .build();
      KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
          .setDeleteOnClose(true)
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("auto.create.topics.enable", "false")
          .build();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        kit.format();
      } finally {
        System.setOut(stdout);
      }
      kit.startup();
      kit.waitForReadyBrokers();
      return kit;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the lab's Kafka broker", e);
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
