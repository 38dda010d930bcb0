package dev.runbook.kafka.admin;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kernel.FailureType;
import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * An Admin client that knows which cluster it talks to: each call is awaited for the factory's
 * call timeout, and a failure becomes a retryable {@link ServiceFailure} naming the cluster and the
 * operation, so a step that parks says which cluster went away and what it was doing. Also the
 * reads that discovery, verification and the waits share.
 */
public final class ClusterAdmin implements AutoCloseable {

  private final Admin admin;
  private final NamedCluster cluster;
  private final Duration timeout;

  private ClusterAdmin(Admin admin, NamedCluster cluster, Duration timeout) {
    this.admin = admin;
    this.cluster = cluster;
    this.timeout = timeout;
  }

  public static ClusterAdmin open(KafkaClientFactory clients, KafkaEndpoint endpoint, NamedCluster cluster) {
    return new ClusterAdmin(clients.admin(endpoint), cluster, clients.callTimeout());
  }

  /** Runs {@code call} and waits for its answer; Kafka's own errors keep their class name as the failure type. */
  public <T> T call(String operation, Function<Admin, KafkaFuture<T>> call) {
    try {
      return call.apply(admin).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw cluster.failed(operation, Optional.ofNullable(e.getCause()).orElse(e));
    } catch (TimeoutException e) {
      throw cluster.noAnswer(operation, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ServiceFailure.of(FailureType.INTERRUPTED, "interrupted during " + operation);
    }
  }

  /** Topic configs set on the topic itself (not broker or default values). */
  public Map<String, Map<String, String>> topicConfigs(List<String> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = call("describe topic configs", a -> a.describeConfigs(resources).all());
    Map<String, Map<String, String>> result = new HashMap<>();
    configs.forEach((resource, config) -> {
      Map<String, String> own = new TreeMap<>();
      config.entries().stream()
          .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
          .forEach(entry -> own.put(entry.name(), entry.value()));
      result.put(resource.name(), own);
    });
    return result;
  }

  /** The end (last stable offset) of every partition of the topics. */
  public Map<TopicPartition, Long> endOffsets(List<String> topics) {
    return ends(partitionsOf(topics));
  }

  /** Every partition of the topics. */
  public List<TopicPartition> partitionsOf(List<String> topics) {
    Map<String, TopicDescription> descriptions = call("describe topics", a -> a.describeTopics(topics).allTopicNames());
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    return partitions;
  }

  /**
   * The high watermark of each partition (read uncommitted): it moves with every write, also one to
   * a transaction still open, which the last stable offset would not show.
   */
  public Map<TopicPartition, Long> highWatermarks(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
  }

  public Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.latest());
  }

  /** The offsets {@code spec} names, read committed. */
  public Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
    return offsets(partitions, spec, IsolationLevel.READ_COMMITTED);
  }

  private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec, IsolationLevel isolation) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        call("list offsets", a -> a.listOffsets(specs, new ListOffsetsOptions(isolation)).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
