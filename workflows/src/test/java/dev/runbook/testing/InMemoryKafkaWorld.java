package dev.runbook.testing;

import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.TargetClusterActivities;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.kafka.fence.ClientInventoryRequest;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceReport.PartitionGrowth;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.LiveMember;
import dev.runbook.kafka.fence.SourceClients;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.kafka.offsets.OffsetFailureType;
import dev.runbook.kafka.offsets.PartitionTranslation;
import dev.runbook.kafka.offsets.TranslationMethod;
import dev.runbook.kafka.offsets.VerificationResult;
import dev.runbook.kafka.rollback.CopyBackReport;
import dev.runbook.kafka.rollback.CopyBackRequest;
import dev.runbook.kafka.rollback.PartitionEnds;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.NotificationActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Kafka runbook's whole outside world in memory: a source with topics and groups, a target
 * cluster, apps as replica counts and bootstrap strings. It records every change so tests and the
 * orchestration benchmark see what the workflow did, and fails or holds a step on demand. Only
 * orchestration is exercised with it; the real systems are tested elsewhere.
 */
public final class InMemoryKafkaWorld
    implements KafkaActivities, TargetClusterActivities, AppActivities, OffsetActivities, NotificationActivities {

  public final List<String> changes = new CopyOnWriteArrayList<>();
  public final List<Notification> notifications = new CopyOnWriteArrayList<>();
  public final Set<String> failing = ConcurrentHashMap.newKeySet();
  public final Map<String, Integer> replicas = new ConcurrentHashMap<>();
  public final Map<String, String> bootstrap = new ConcurrentHashMap<>();
  private final List<SourceAcl> acls = new CopyOnWriteArrayList<>();
  private final List<SourceQuota> quotas = new CopyOnWriteArrayList<>();
  /** The quotas, by user, of the last {@code applyUsers}. */
  public volatile Map<String, UserQuotas> appliedQuotas;
  /** What {@code compareAcls} reports: nothing (the target's ACLs are the translation) unless a test says otherwise. */
  public volatile List<String> aclDifferences = List.of();
  /** What {@code compareQuotas} reports: nothing unless a test says otherwise. */
  public volatile List<String> quotaDifferences = List.of();
  /** Each app's last repoint: the target's security it was given, or "original" when sent back as it was. */
  public final Map<String, String> credentials = new ConcurrentHashMap<>();
  public final Map<String, String> groupCluster = new ConcurrentHashMap<>();
  public final Set<String> targetResources = ConcurrentHashMap.newKeySet();
  /**
   * Steps (named as for {@link #failing}) that wait, heartbeating, while this says so: a slow world on
   * demand, so a test can act while an activity is surely in flight. Only for activities that heartbeat.
   */
  public volatile Predicate<String> holding = what -> false;
  /** What the catch-up reports having measured on its way (none unless a test sets some). */
  public final List<LagSample> lagSamples = new CopyOnWriteArrayList<>();
  /** Records per partition of each topic, the same on both sides, as verify reports them. */
  public final Map<String, List<Long>> partitionRecords = new ConcurrentHashMap<>();
  /** Members of groups outside the plan that the client inventory finds on the source (none unless a test adds some). */
  public final List<LiveMember> unplannedMembers = new CopyOnWriteArrayList<>();
  /** Producers the source reports as writing: to the inventory always, to a fence check while the source grows. */
  public final List<ActiveProducer> sourceProducers = new CopyOnWriteArrayList<>();
  /** The source partitions each fence check sees grow: none (the source is fenced) unless a test says otherwise. */
  public volatile List<PartitionGrowth> sourceGrowth = List.of();
  /** What every wait for the reverse flow's copy-back reports. */
  public volatile CopyBackReport copyBack = new CopyBackReport(0, 0, 0, 0, List.of(), 0);
  /** The window every fence check was asked to watch, in order. */
  public final List<Duration> fenceWindows = new CopyOnWriteArrayList<>();

  private final List<TopicSpec> topics;
  private final List<GroupInfo> groups;
  private final String sourceBootstrap;
  private final String targetBootstrap;

  public InMemoryKafkaWorld(List<TopicSpec> topics, List<GroupInfo> groups, String sourceBootstrap, String targetBootstrap) {
    this.topics = List.copyOf(topics);
    this.groups = List.copyOf(groups);
    this.sourceBootstrap = sourceBootstrap;
    this.targetBootstrap = targetBootstrap;
    groups.forEach(group -> groupCluster.put(group.group(), sourceBootstrap));
  }

  /** Registers an app running against the source with {@code count} replicas. */
  /** The source's ACL bindings, as discovery reports them. */
  public InMemoryKafkaWorld withAcls(List<SourceAcl> bindings) {
    acls.addAll(bindings);
    return this;
  }

  /** The source's client quotas, as discovery reports them. */
  public InMemoryKafkaWorld withQuotas(List<SourceQuota> entries) {
    quotas.addAll(entries);
    return this;
  }

  public InMemoryKafkaWorld withApp(AppRef app, int count) {
    replicas.put(app.id(), count);
    bootstrap.put(app.id(), sourceBootstrap);
    return this;
  }

  @Override
  public SourceInventory discover(DiscoveryRequest request) {
    holdOrFailIfAsked("discover");
    Pattern include = Pattern.compile(request.topics() == null || request.topics().include() == null ? ".*" : request.topics().include());
    return new SourceInventory(topics.stream().filter(t -> include.matcher(t.name()).matches()).toList(), groups,
        acls.size(), List.copyOf(acls), List.copyOf(quotas), null);
  }

  @Override
  public CatchUpReport awaitCatchUp(CatchUpRequest request) {
    holdOrFailIfAsked("catch-up");
    long lag = lagSamples.isEmpty() ? 0 : lagSamples.get(lagSamples.size() - 1).total();
    return new CatchUpReport(topics.stream().mapToInt(TopicSpec::partitions).sum(), lag, lag, 1, List.copyOf(lagSamples));
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    holdOrFailIfAsked("verify");
    List<PartitionRecords> rows = new ArrayList<>();
    for (TopicSpec topic : request.topics()) {
      List<Long> counts = partitionRecords.getOrDefault(topic.name(), List.of());
      for (int p = 0; p < topic.partitions(); p++) {
        long count = counts.size() > p ? counts.get(p) : 0;
        rows.add(new PartitionRecords(topic.name(), p, count, count));
      }
    }
    long records = rows.stream().mapToLong(PartitionRecords::sourceRecords).sum();
    return new VerificationReport(request.topics().size(), rows.size(), records, records, 0, List.of(), rows);
  }

  @Override
  public void awaitGroupConsuming(GroupConsumingRequest request) {
    holdOrFailIfAsked("consuming " + request.group());
  }

  @Override
  public void awaitProducing(ProducingRequest request) {
    holdOrFailIfAsked("producing");
  }

  @Override
  public SourceClients inventoryClients(ClientInventoryRequest request) {
    holdOrFailIfAsked("inventory");
    return new SourceClients(List.copyOf(unplannedMembers), List.copyOf(sourceProducers), 1);
  }

  @Override
  public FenceReport watchSourceFence(FenceRequest request) {
    holdOrFailIfAsked("fence");
    fenceWindows.add(request.window());
    List<PartitionGrowth> grown = sourceGrowth;
    int partitions = topics.stream().filter(t -> request.topics().contains(t.name())).mapToInt(TopicSpec::partitions).sum();
    return new FenceReport(request.window().toMillis(), partitions, 2, grown, grown.isEmpty() ? List.of() : List.copyOf(sourceProducers),
        request.window().toMillis());
  }

  @Override
  public List<PartitionEnds> markCopyBackStart(CopyBackRequest request) {
    holdOrFailIfAsked("mark copy-back");
    return topics.stream().filter(t -> request.topics().contains(t.name()))
        .flatMap(t -> java.util.stream.IntStream.range(0, t.partitions()).mapToObj(p -> new PartitionEnds(t.name(), p, 0, 0)))
        .toList();
  }

  @Override
  public CopyBackReport awaitCopiedBack(CopyBackRequest request) {
    holdOrFailIfAsked("copy-back");
    change("await copy-back of " + request.from().size() + " partitions");
    return copyBack;
  }

  @Override
  public void deleteSourceTopics(SourceTopicsRequest request) {
    change("delete source topics " + request.topics());
  }

  @Override
  public void applyCluster(TargetCluster target) {
    change("apply cluster " + target.cluster());
    targetResources.add("kafka/" + target.cluster());
  }

  @Override
  public String awaitClusterReady(TargetCluster target) {
    holdOrFailIfAsked("ready");
    return targetBootstrap;
  }

  @Override
  public void applyTopics(TopicsRequest request) {
    change("apply topics " + KafkaPlanDefaults.names(request.topics()));
    request.topics().forEach(topic -> targetResources.add("topic/" + topic.name()));
  }

  @Override
  public void applyUsers(UsersRequest request) {
    change("apply users " + request.users());
    appliedQuotas = request.quotas();
    request.users().forEach(user -> targetResources.add("user/" + user));
  }

  @Override
  public void applyMirrorMaker(MirrorMakerSpec spec) {
    change("apply mirrormaker " + spec.name());
    targetResources.add("mirrormaker/" + spec.name());
  }

  @Override
  public void deleteMirrorMaker(MirrorMakerSpec spec) {
    change("delete mirrormaker " + spec.name());
    targetResources.remove("mirrormaker/" + spec.name());
  }

  @Override
  public void deleteTopics(TopicsRequest request) {
    change("delete topics " + KafkaPlanDefaults.names(request.topics()));
    request.topics().forEach(topic -> targetResources.remove("topic/" + topic.name()));
  }

  @Override
  public void deleteUsers(UsersRequest request) {
    change("delete users " + request.users());
    request.users().forEach(user -> targetResources.remove("user/" + user));
  }

  @Override
  public void deleteCluster(TargetCluster target) {
    change("delete cluster " + target.cluster());
    targetResources.remove("kafka/" + target.cluster());
  }

  @Override
  public List<String> checkApps(List<AppRef> apps) {
    List<String> problems = new ArrayList<>();
    apps.stream().filter(app -> !replicas.containsKey(app.id()))
        .forEach(app -> problems.add("deployment " + app.id() + " does not exist"));
    return problems;
  }

  @Override
  public AppSnapshot stopApp(AppRef app) {
    change("stop " + app.id());
    int before = replicas.put(app.id(), 0);
    return new AppSnapshot(app, before, bootstrap.get(app.id()));
  }

  @Override
  public List<String> compareAcls(AclsRequest request) {
    change("compare ACLs of " + request.expected().keySet());
    return aclDifferences;
  }

  @Override
  public List<String> compareQuotas(QuotasRequest request) {
    change("compare quotas of " + request.expected());
    return quotaDifferences;
  }

  @Override
  public void repointApp(RepointRequest request) {
    change("repoint " + request.app().id() + " to " + request.bootstrapServers()
        + (request.schemaRegistryUrl() == null ? "" : " and registry " + request.schemaRegistryUrl()));
    bootstrap.put(request.app().id(), request.bootstrapServers());
    credentials.put(request.app().id(), request.targetSecurity() == null ? "original" : request.targetSecurity().toString());
  }

  @Override
  public void startApp(StartRequest request) {
    change("start " + request.app().id() + " x" + request.replicas());
    replicas.put(request.app().id(), request.replicas());
  }

  @Override
  public GroupTranslationReport translateGroup(GroupTranslationRequest request) {
    change("translate " + request.group() + " " + request.direction()
        + (request.isolation() == null ? "" : " " + request.isolation().configValue()));
    String from = request.readFrom().bootstrapServers();
    if (!from.equals(groupCluster.get(request.group()))) {
      throw ApplicationFailure.newNonRetryableFailure(
          "group " + request.group() + " has no offsets on " + from, OffsetFailureType.GROUP_HAS_NO_OFFSETS.name());
    }
    groupCluster.put(request.group(), request.writeTo().bootstrapServers());
    List<PartitionTranslation> partitions = partitionsOf(request.group()).stream()
        .map(partition -> new PartitionTranslation(partition.topic(), partition.partition(), 10, 10,
            TranslationMethod.EXACT_MATCH, "in memory", 1, null, null))
        .toList();
    return new GroupTranslationReport(request.group(), request.direction(), request.mode(), partitions, true,
        new VerificationResult(true, 1, List.of()), 1,
        new GroupTranslationReport.Timings(1, 0, 0));
  }

  /** Every partition of the topics the group consumes, as discovery describes them. */
  private List<TopicPartitionRef> partitionsOf(String group) {
    List<String> consumed = groups.stream().filter(g -> g.group().equals(group)).findFirst()
        .map(GroupInfo::topics).orElse(List.of());
    List<TopicPartitionRef> partitions = new ArrayList<>();
    topics.stream().filter(topic -> consumed.contains(topic.name())).forEach(topic -> {
      for (int partition = 0; partition < topic.partitions(); partition++) {
        partitions.add(new TopicPartitionRef(topic.name(), partition));
      }
    });
    return partitions;
  }

  private record TopicPartitionRef(String topic, int partition) {}

  @Override
  public void notify(Notification notification) {
    notifications.add(notification);
  }

  private void change(String what) {
    holdOrFailIfAsked(what);
    changes.add(what);
  }

  private void holdOrFailIfAsked(String what) {
    while (holding.test(what)) {
      Activity.getExecutionContext().heartbeat(what);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while holding " + what, e);
      }
    }
    if (failing.stream().anyMatch(what::startsWith)) {
      throw ApplicationFailure.newNonRetryableFailure("failing on purpose: " + what, "Refused");
    }
  }
}
