package dev.runbook.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MirrorMaker 2 (dedicated mode) running in this JVM, built from the same properties a
 * KafkaMirrorMaker2 resource produces. Only the target cluster's herder runs here.
 */
public final class InProcessMirrorMaker2 implements AutoCloseable {

  private static final String RUNNING = "RUNNING";
  private static final Logger log = LoggerFactory.getLogger(InProcessMirrorMaker2.class);

  static {
    // Kafka Connect ends its process when a herder thread dies (Exit.exit(1) in DistributedHerder): in a pod
    // of its own, MirrorMaker 2 is restarted. Here that process is the test JVM or the lab, which it must not
    // kill (a reverse flow's herder interrupted while stopping did, in a CI run): the exit is logged instead.
    Exit.setExitProcedure((status, message) ->
        log.error("Kafka asked this JVM to exit with status {} ({}); logged instead: MirrorMaker 2 runs in-process here",
            status, message));
  }

  private final Map<String, String> properties;
  private final SourceAndTarget flow;
  private final MirrorMaker mirrorMaker;
  private boolean stopped;

  private InProcessMirrorMaker2(Map<String, String> properties, SourceAndTarget flow, MirrorMaker mirrorMaker) {
    this.properties = Map.copyOf(properties);
    this.flow = flow;
    this.mirrorMaker = mirrorMaker;
  }

  /**
   * The settings a migration needs: identity topic names for data and checkpoints, offset syncs
   * kept on the target (the source may be read-only), only committed transactional data copied,
   * topic configs left to the target's own topic management, and intervals short enough for tests.
   * The returned map is mutable so a caller can override single properties.
   */
  public static Map<String, String> migrationConfig(
      String sourceAlias, String sourceBootstrap, String targetAlias, String targetBootstrap, int offsetLagMax) {
    String flowPrefix = sourceAlias + "->" + targetAlias + ".";
    Map<String, String> config = new HashMap<>();
    config.put("clusters", sourceAlias + "," + targetAlias);
    config.put(sourceAlias + ".bootstrap.servers", sourceBootstrap);
    config.put(targetAlias + ".bootstrap.servers", targetBootstrap);
    config.put("plugin.discovery", "service_load");
    config.put(targetAlias + ".plugin.discovery", "service_load");
    config.put(targetAlias + ".offset.flush.interval.ms", "500");
    config.put(targetAlias + ".offset.storage.replication.factor", "1");
    config.put(targetAlias + ".config.storage.replication.factor", "1");
    config.put(targetAlias + ".status.storage.replication.factor", "1");
    config.put(sourceAlias + ".consumer.isolation.level", "read_committed");
    config.put("replication.policy.class", IdentityReplicationPolicy.class.getName());
    config.put("emit.heartbeats.enabled", "false");
    config.put(flowPrefix + "enabled", "true");
    config.put(flowPrefix + "topics", ".*");
    config.put(flowPrefix + "groups", ".*");
    config.put("offset-syncs.topic.location", "target");
    config.put("offset.lag.max", Integer.toString(offsetLagMax));
    config.put("emit.checkpoints.enabled", "true");
    config.put("emit.checkpoints.interval.seconds", "1");
    config.put("sync.group.offsets.enabled", "true");
    config.put("sync.group.offsets.interval.seconds", "1");
    config.put("refresh.topics.interval.seconds", "1");
    config.put("refresh.groups.interval.seconds", "1");
    config.put("sync.topic.configs.enabled", "false");
    config.put("sync.topic.acls.enabled", "false");
    config.put("replication.factor", "1");
    config.put("checkpoints.topic.replication.factor", "1");
    config.put("offset-syncs.topic.replication.factor", "1");
    config.put("heartbeats.topic.replication.factor", "1");
    return config;
  }

  /**
   * Starts MirrorMaker 2 from {@code properties} and waits until its source connector runs, and its
   * checkpoint connector unless the flow emits no checkpoints (a flow that copies topics only, whose
   * checkpoint connector MirrorMaker 2 refuses to configure). Their tasks come later: one per topic
   * partition or group MirrorMaker finds.
   */
  public static InProcessMirrorMaker2 start(Map<String, String> properties, Duration startTimeout) {
    List<String> clusters = List.of(properties.get("clusters").split("\\s*,\\s*"));
    if (clusters.size() != 2) {
      throw new IllegalArgumentException("expected exactly two cluster aliases, got " + clusters);
    }
    String target = clusters.stream()
        .filter(alias -> Boolean.parseBoolean(properties.get(other(clusters, alias) + "->" + alias + ".enabled")))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no enabled flow between " + clusters));
    Map<String, String> withDiscovery = new HashMap<>(properties);
    withDiscovery.putIfAbsent("plugin.discovery", "service_load");
    withDiscovery.putIfAbsent(target + ".plugin.discovery", "service_load");
    // The only worker: when it lost the target for a while and rejoins its group, its connectors
    // and tasks are reassigned at once instead of after Connect's five-minute grace for lost workers.
    withDiscovery.putIfAbsent(target + ".scheduled.rebalance.max.delay.ms", "0");
    SourceAndTarget flow = new SourceAndTarget(other(clusters, target), target);
    MirrorMaker mirrorMaker = new MirrorMaker(withDiscovery, List.of(target));
    mirrorMaker.start();
    InProcessMirrorMaker2 started = new InProcessMirrorMaker2(withDiscovery, flow, mirrorMaker);
    try {
      started.awaitConnectorRunning(MirrorSourceConnector.class.getSimpleName(), startTimeout);
      if (!"false".equals(withDiscovery.get(flow.source() + "->" + flow.target() + ".emit.checkpoints.enabled"))) {
        started.awaitConnectorRunning(MirrorCheckpointConnector.class.getSimpleName(), startTimeout);
      }
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static String other(List<String> clusters, String alias) {
    return clusters.get(0).equals(alias) ? clusters.get(1) : clusters.get(0);
  }

  public String sourceBootstrapServers() {
    return properties.get(flow.source() + ".bootstrap.servers");
  }

  public String targetBootstrapServers() {
    return properties.get(flow.target() + ".bootstrap.servers");
  }

  private void awaitConnectorRunning(String connector, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastState = "unknown";
    while (System.nanoTime() < deadline) {
      try {
        ConnectorStateInfo status = mirrorMaker.connectorStatus(flow, connector);
        if (status != null) {
          lastState = status.connector().state();
          if (RUNNING.equals(lastState)) {
            return;
          }
        }
      } catch (RuntimeException notYetKnown) {
        lastState = notYetKnown.getMessage();
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(connector + " of " + flow + " not running after " + timeout + ": " + lastState);
  }

  /**
   * Waits until every partition of {@code topics} holds on the target at least as many readable
   * records as the source has below its last stable offset. Counting records, not comparing end
   * offsets, because source offsets include transaction markers that never reach the target.
   */
  public void awaitReplicated(Collection<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin source = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sourceBootstrapServers()));
         RecordCounter sourceCounter = new RecordCounter(sourceBootstrapServers());
         RecordCounter targetCounter = new RecordCounter(targetBootstrapServers())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicDescription description : source.describeTopics(topics).allTopicNames().get().values()) {
        description.partitions().forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
      }
      Map<TopicPartition, Long> expected = sourceCounter.count(partitions);
      Map<TopicPartition, Long> actual = Map.of();
      while (System.nanoTime() < deadline) {
        actual = targetCounter.countIfPresent(partitions);
        if (covers(actual, expected)) {
          return;
        }
        sleep(Duration.ofMillis(200));
      }
      throw new IllegalStateException("not replicated within " + timeout + ": source " + expected + " target " + actual);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for replication", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not describe " + topics + " on the source", e.getCause());
    }
  }

  private static boolean covers(Map<TopicPartition, Long> actual, Map<TopicPartition, Long> expected) {
    return expected.entrySet().stream().allMatch(e -> actual.getOrDefault(e.getKey(), -1L) >= e.getValue());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    mirrorMaker.stop();
    mirrorMaker.awaitStop();
  }
}
