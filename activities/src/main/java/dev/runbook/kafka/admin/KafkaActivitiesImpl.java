package dev.runbook.kafka.admin;

import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaMigrationPlan.TopicSelection;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.admin.DetailedInventory.CommittedOffset;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.kafka.clients.NamedCluster;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka runbook's reads and waits on both clusters: discovery through the Admin API, the
 * catch-up wait and verification through {@link ReplicationProgress} (record positions found by
 * content, so transaction markers and compaction gaps never count as lag), and the checks that
 * repointed apps work on the target.
 */
public final class KafkaActivitiesImpl implements KafkaActivities {

  private static final Logger log = LoggerFactory.getLogger(KafkaActivitiesImpl.class);
  /** How long verification waits for the source's newest records to reach the target. */
  private static final Duration VERIFY_REPLICATION_WAIT = Duration.ofMinutes(2);

  /** At most this many lag samples per catch-up wait go into its report. */
  private static final int LAG_SAMPLES = 120;

  private final KafkaClientFactory clients;
  private final Path reportDir;
  private final Duration pollInterval;
  private final RunbookMeters meters;

  /** For the operator tools: the same reads, recording no metrics. */
  public KafkaActivitiesImpl(KafkaClientFactory clients, Path reportDir, Duration pollInterval) {
    this(clients, reportDir, pollInterval, RunbookMeters.NONE);
  }

  public KafkaActivitiesImpl(KafkaClientFactory clients, Path reportDir, Duration pollInterval, RunbookMeters meters) {
    this.clients = clients;
    this.reportDir = reportDir;
    this.pollInterval = pollInterval;
    this.meters = meters;
  }

  @Override
  public SourceInventory discover(DiscoveryRequest request) {
    return discoverInDetail(request).inventory();
  }

  /**
   * Discovery with record counts per topic and committed offsets per group and partition. Needs no
   * activity context, so the operator CLI runs exactly what the runbook's discovery runs.
   */
  public DetailedInventory discoverInDetail(DiscoveryRequest request) {
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.source(), NamedCluster.of(request.source()))) {
      Pattern include = Pattern.compile(selection(request.topics()).include() == null ? ".*" : request.topics().include());
      String excludeRegex = selection(request.topics()).exclude();
      List<String> names = admin.call("list topics", a -> a.listTopics().names()).stream()
          .filter(name -> include.matcher(name).matches())
          .filter(name -> excludeRegex == null || !Pattern.matches(excludeRegex, name))
          .sorted()
          .toList();
      Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
          : admin.call("describe topics", a -> a.describeTopics(names).allTopicNames());
      Map<String, Map<String, String>> configs = topicConfigs(admin, names);
      List<TopicSpec> topics = names.stream()
          .map(name -> new TopicSpec(name, descriptions.get(name).partitions().size(),
              descriptions.get(name).partitions().get(0).replicas().size(), configs.get(name)))
          .toList();
      List<String> groupIds = admin.call("list consumer groups", a -> a.listConsumerGroups().all()).stream()
          .map(ConsumerGroupListing::groupId).sorted().toList();
      List<CommittedOffset> committed = committedOffsets(admin, groupIds);
      SourceInventory inventory = new SourceInventory(topics, groups(admin, groupIds, committed), aclBindings(admin));
      return new DetailedInventory(inventory, topicRecords(admin, descriptions.values()), committed);
    }
  }

  @Override
  public CatchUpReport awaitCatchUp(CatchUpRequest request) {
    long started = System.currentTimeMillis();
    LagHistory history = new LagHistory(LAG_SAMPLES);
    try (ReplicationProgress progress = new ReplicationProgress(clients, request.source(), request.target())) {
      Map<TopicPartition, Long> snapshot = request.toSnapshot() ? progress.sourceEnds(request.topics()) : null;
      while (true) {
        Map<TopicPartition, Long> lag = progress.lag(request.topics(), snapshot);
        long now = System.currentTimeMillis();
        meters.replicationLag(request.meterTags(), history.add(now, lag).byTopic());
        long max = lag.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long total = lag.values().stream().mapToLong(Long::longValue).sum();
        CatchUpReport report = new CatchUpReport(lag.size(), max, total, now - started, history.samples());
        Activity.getExecutionContext().heartbeat(report);
        if (max <= request.maxLagRecords()) {
          return report;
        }
        log.info("replication lag: max {} records, total {} over {} partitions", max, total, lag.size());
        sleep(pollInterval);
      }
    }
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return verifyInDetail(request, reportDir.resolve(request.migrationId()), VERIFY_REPLICATION_WAIT,
        context::heartbeat).report();
  }

  /**
   * Verification with its per-partition rows, the report files written to {@code dir}, waiting up to
   * {@code replicationWait} for the source's newest records to reach the target. Needs no activity
   * context ({@code onProgress} gets what the activity heartbeats), so the operator CLI runs exactly
   * what the runbook's verify phase runs.
   */
  public DetailedVerification verifyInDetail(VerifyRequest request, Path dir, Duration replicationWait,
      Consumer<String> onProgress) {
    try (ReplicationProgress progress = new ReplicationProgress(clients, request.source(), request.target());
         ClusterAdmin targetAdmin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      List<String> mismatches = new ArrayList<>();
      List<String> names = request.topics().stream().map(TopicSpec::name).toList();
      Map<String, TopicDescription> onTarget = describeExisting(targetAdmin, names, mismatches);
      Map<String, Map<String, String>> targetConfigs = topicConfigs(targetAdmin, List.copyOf(onTarget.keySet()));
      for (TopicSpec topic : request.topics()) {
        TopicDescription description = onTarget.get(topic.name());
        if (description == null) {
          continue;
        }
        if (description.partitions().size() != topic.partitions()) {
          mismatches.add(topic.name() + ": " + topic.partitions() + " partitions on the source, "
              + description.partitions().size() + " on the target");
        }
        topic.configs().forEach((key, value) -> {
          String targetValue = targetConfigs.get(topic.name()).get(key);
          if (!value.equals(targetValue)) {
            mismatches.add(topic.name() + ": config " + key + " is '" + value + "' on the source, '" + targetValue + "' on the target");
          }
        });
      }
      List<PartitionComparison> partitions = progress.compare(
          request.topics().stream().filter(t -> onTarget.containsKey(t.name())).toList(), request.digestWindow(),
          replicationWait, onProgress);
      partitions.stream().filter(p -> !p.matches()).forEach(p -> mismatches.add(p.topic() + "-" + p.partition() + ": " + p.note()));
      VerificationFiles files = VerificationFiles.write(dir, partitions, mismatches);
      long sourceRecords = partitions.stream().mapToLong(PartitionComparison::sourceRecords).sum();
      meters.recordsVerified(request.meterTags(), sourceRecords);
      return new DetailedVerification(new VerificationReport(request.topics().size(), partitions.size(), sourceRecords,
          partitions.stream().mapToLong(PartitionComparison::targetRecords).sum(),
          partitions.stream().mapToLong(PartitionComparison::digested).sum(),
          mismatches, partitions.stream().map(p -> new PartitionRecords(p.topic(), p.partition(), p.sourceRecords(),
              p.targetRecords())).toList()), partitions, files.json(), files.csv());
    }
  }

  @Override
  public void awaitGroupConsuming(GroupConsumingRequest request) {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      while (true) {
        ConsumerGroupDescription group = admin.call("describe group " + request.group(),
            a -> a.describeConsumerGroups(List.of(request.group())).all()).get(request.group());
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.call("list offsets of group " + request.group(),
                a -> a.listConsumerGroupOffsets(request.group()).partitionsToOffsetAndMetadata());
        String seen = "group " + request.group() + " is " + group.groupState() + " with " + group.members().size()
            + " member(s) and offsets for " + committed.size() + " partition(s) on " + request.target().bootstrapServers();
        Activity.getExecutionContext().heartbeat(seen);
        if (group.groupState() == GroupState.STABLE && !group.members().isEmpty() && !committed.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw ApplicationFailure.newFailure("not consuming within " + request.timeout() + ": " + seen, "NotConsuming");
        }
        sleep(pollInterval);
      }
    }
  }

  @Override
  public void awaitProducing(ProducingRequest request) {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      Map<TopicPartition, Long> before = endOffsets(admin, request.topics());
      while (true) {
        Map<TopicPartition, Long> now = endOffsets(admin, request.topics());
        long grown = now.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        Activity.getExecutionContext().heartbeat(grown);
        if (grown > 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw ApplicationFailure.newFailure("no new records on " + request.topics() + " at "
              + request.target().bootstrapServers() + " within " + request.timeout(), "NotProducing");
        }
        sleep(pollInterval);
      }
    }
  }

  private static TopicSelection selection(TopicSelection topics) {
    return topics == null ? new TopicSelection(null, null) : topics;
  }

  private static List<CommittedOffset> committedOffsets(ClusterAdmin admin, List<String> groupIds) {
    List<CommittedOffset> offsets = new ArrayList<>();
    for (String id : groupIds) {
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(
          admin.call("list offsets of group " + id, a -> a.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata()));
      committed.values().removeIf(Objects::isNull);
      Map<TopicPartition, Long> ends = committed.isEmpty() ? Map.of() : ends(admin, committed.keySet());
      committed.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
          .forEach(e -> offsets.add(new CommittedOffset(id, e.getKey().topic(), e.getKey().partition(),
              e.getValue().offset(), ends.getOrDefault(e.getKey(), 0L))));
    }
    return offsets;
  }

  private static List<GroupInfo> groups(ClusterAdmin admin, List<String> ids, List<CommittedOffset> committed) {
    Map<String, ConsumerGroupDescription> descriptions = ids.isEmpty() ? Map.of()
        : admin.call("describe consumer groups", a -> a.describeConsumerGroups(ids).all());
    return ids.stream().map(id -> {
      List<CommittedOffset> own = committed.stream().filter(c -> c.group().equals(id)).toList();
      ConsumerGroupDescription description = descriptions.get(id);
      return new GroupInfo(id, description.groupState().toString(), description.members().size(),
          own.stream().map(CommittedOffset::topic).distinct().sorted().toList(),
          own.stream().mapToLong(CommittedOffset::lag).sum());
    }).toList();
  }

  private static Map<String, Long> topicRecords(ClusterAdmin admin, Collection<TopicDescription> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    topics.forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    Map<String, Long> records = new TreeMap<>();
    topics.forEach(d -> records.put(d.name(), 0L));
    if (partitions.isEmpty()) {
      return records;
    }
    Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
    offsets(admin, partitions, OffsetSpec.latest())
        .forEach((tp, end) -> records.merge(tp.topic(), end - starts.get(tp), Long::sum));
    return records;
  }

  private static int aclBindings(ClusterAdmin admin) {
    try {
      return admin.call("describe ACLs", a -> a.describeAcls(AclBindingFilter.ANY).values()).size();
    } catch (ApplicationFailure e) {
      if (e.getType().equals(SecurityDisabledException.class.getName())) {
        return 0;
      }
      throw e;
    }
  }

  /** Topic configs set on the topic itself (not broker or default values). */
  private static Map<String, Map<String, String>> topicConfigs(ClusterAdmin admin, List<String> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = admin.call("describe topic configs", a -> a.describeConfigs(resources).all());
    Map<String, Map<String, String>> result = new HashMap<>();
    configs.forEach((resource, config) -> {
      Map<String, String> own = new java.util.TreeMap<>();
      config.entries().stream()
          .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
          .forEach(entry -> own.put(entry.name(), entry.value()));
      result.put(resource.name(), own);
    });
    return result;
  }

  private static Map<String, TopicDescription> describeExisting(ClusterAdmin admin, List<String> names, List<String> mismatches) {
    Collection<String> existing = admin.call("list topics", a -> a.listTopics().names());
    names.stream().filter(name -> !existing.contains(name)).forEach(name -> mismatches.add(name + ": missing on the target"));
    List<String> present = names.stream().filter(existing::contains).toList();
    return present.isEmpty() ? Map.of() : admin.call("describe topics", a -> a.describeTopics(present).allTopicNames());
  }

  private static Map<TopicPartition, Long> endOffsets(ClusterAdmin admin, List<String> topics) {
    Map<String, TopicDescription> descriptions = admin.call("describe topics", a -> a.describeTopics(topics).allTopicNames());
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    return ends(admin, partitions);
  }

  private static Map<TopicPartition, Long> ends(ClusterAdmin admin, Collection<TopicPartition> partitions) {
    return offsets(admin, partitions, OffsetSpec.latest());
  }

  private static Map<TopicPartition, Long> offsets(ClusterAdmin admin, Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        admin.call("list offsets", a -> a.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    }
  }
}
