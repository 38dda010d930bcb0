package dev.runbook.kafka.offsets;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.offsets.OffsetTranslator.GroupIsolationChoice;
import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one consumer group from one cluster to the other: reads its committed offsets, translates
 * every partition, commits them on the other cluster all at once (one offset commit request, so
 * all or none), then verifies that the group's next record is the same record on both sides. A
 * failed verification restores the group's previous offsets. The same code serves rollback: the
 * request's direction swaps the roles of the two endpoints.
 */
public final class GroupOffsetMigration {

  private static final Logger LOG = LoggerFactory.getLogger(GroupOffsetMigration.class);

  /** Receives progress while the migration runs; activities turn it into heartbeats. */
  @FunctionalInterface
  public interface MigrationProgress {
    void report(String detail);
  }

  /**
   * Translation reads each reader's partitions together ({@link TranslationPrefetch}): the same
   * requests for 1 or 25 partitions, so more readers would only add consumers to open.
   */
  private static final int PARTITIONS_PER_READER = 25;

  private final KafkaClientFactory clients;
  private final Duration replicationPollInterval;

  public GroupOffsetMigration(KafkaClientFactory clients, Duration replicationPollInterval) {
    this.clients = clients;
    this.replicationPollInterval = replicationPollInterval;
  }

  /** The two clusters' admin clients for one run, read-from side first. */
  private record Sides(Admin fromAdmin, Admin toAdmin, KafkaEndpoint from, KafkaEndpoint to) {}

  public GroupTranslationReport migrate(GroupTranslationRequest request, MigrationProgress progress) {
    long started = System.nanoTime();
    KafkaEndpoint from = request.readFrom();
    KafkaEndpoint to = request.writeTo();
    try (Admin fromAdmin = clients.admin(from); Admin toAdmin = clients.admin(to)) {
      Sides sides = new Sides(fromAdmin, toAdmin, from, to);
      Map<TopicPartition, Long> committed = committedOffsets(fromAdmin, request, from);
      Set<String> topics = new TreeSet<>();
      committed.keySet().forEach(tp -> topics.add(tp.topic()));
      // The checks' requests go out together; each is awaited in turn.
      KafkaFuture<Map<ConfigResource, Config>> configs = fromAdmin.describeConfigs(topics.stream()
          .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all();
      KafkaFuture<Collection<GroupListing>> onTarget = request.commit() ? toAdmin.listGroups().all() : null;
      requireSamePartitionCounts(sides, topics);
      if (onTarget != null) {
        // Fail before the expensive translation; a dry run writes nothing, so members on the target are fine.
        refuseActiveGroup(toAdmin, onTarget, request.group(), to);
      }
      Set<String> compacted = compactedTopics(await(configs, "describe configs of " + topics));
      try (PartitionReaders readers = PartitionReaders.open(clients, from, to, readerId(request), committed.size(),
          PARTITIONS_PER_READER)) {
        return translateCommitVerify(request, sides, readers, committed, compacted, progress, started);
      }
    }
  }

  private GroupTranslationReport translateCommitVerify(GroupTranslationRequest request, Sides sides, PartitionReaders readers,
      Map<TopicPartition, Long> committed, Set<String> compacted, MigrationProgress progress, long started) {
    Admin toAdmin = sides.toAdmin();
    KafkaEndpoint to = sides.to();
    List<PartitionTranslation> translations = translateAll(request, readers, committed, compacted, progress);
    long translated = System.nanoTime();
    if (!request.commit()) {
      VerificationResult dryRun = verify(readers, translations, plannedOffsets(translations), compacted,
          boundedWait(request.maxReplicationWait(), serialized(progress)));
      return report(request, translations, false, dryRun, started, translated, translated);
    }
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> before =
        toAdmin.listConsumerGroupOffsets(request.group()).partitionsToOffsetAndMetadata();
    refuseActiveGroup(toAdmin, toAdmin.listGroups().all(), request.group(), to);
    Map<TopicPartition, OffsetAndMetadata> previous =
        only(await(before, "list offsets of " + request.group()), committed.keySet());
    Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    translations.forEach(t -> toCommit.put(partitionOf(t), new OffsetAndMetadata(t.targetOffset())));
    await(toAdmin.alterConsumerGroupOffsets(request.group(), toCommit).all(), "commit offsets of " + request.group());
    long committedAt = System.nanoTime();
    progress.report("committed " + toCommit.size() + " partitions of " + request.group() + "; verifying");

    Map<TopicPartition, Long> readBack = new HashMap<>();
    currentOffsets(toAdmin, request.group(), committed.keySet()).forEach((tp, o) -> readBack.put(tp, o.offset()));
    VerificationResult verification = verify(readers, translations, readBack, compacted,
        boundedWait(request.maxReplicationWait(), serialized(progress)));
    if (!verification.verified() && request.mode() == TranslationMode.EXACT) {
      restore(toAdmin, request.group(), committed.keySet(), previous);
      throw new TranslationException(OffsetFailureType.VERIFICATION_FAILED, "group " + request.group()
          + " failed verification after commit on " + to.bootstrapServers() + "; its previous offsets were restored: "
          + String.join("; ", verification.mismatches()));
    }
    GroupTranslationReport report = report(request, translations, true, verification, started, translated, committedAt);
    LOG.info("group {} {}: {} partitions committed on {}, verified={} in {} ms ({})", request.group(), request.direction(),
        translations.size(), to.bootstrapServers(), verification.verified(), report.durationMillis(), report.timings());
    return report;
  }

  private List<PartitionTranslation> translateAll(GroupTranslationRequest request, PartitionReaders readers,
      Map<TopicPartition, Long> committed, Set<String> compacted, MigrationProgress progress) {
    OffsetTranslator translator = new OffsetTranslator(request.maxRecordsScanned());
    MigrationProgress shared = serialized(progress);
    ReplicationWait wait = boundedWait(request.maxReplicationWait(), shared);
    Map<TopicPartition, MirrorCheckpoints.Checkpointed> checkpoints = request.mode() == TranslationMode.MM2_CHECKPOINT
        ? readCheckpoints(request)
        : Map.of();
    AtomicInteger done = new AtomicInteger();
    GroupIsolationChoice isolation = request.isolation() == null
        ? GroupIsolationChoice.infer() : GroupIsolationChoice.given(request.isolation());
    PartitionReaders.PartitionTask<OffsetTranslator.Translated> translate = (tp, source, target) -> {
      long offset = committed.get(tp);
      OffsetTranslator.Translated translated = request.mode() == TranslationMode.EXACT
          ? translator.translate(tp.topic(), tp.partition(), offset, source, target, isolation, wait)
          : new OffsetTranslator.Translated(MirrorCheckpoints.translate(checkpoints.get(tp), tp, offset, request.mm2SourceAlias(),
              () -> translator.translate(tp.topic(), tp.partition(), offset, source, target, ReplicationWait.NONE)), false, false);
      shared.report("translated " + done.incrementAndGet() + "/" + committed.size() + " partitions of " + request.group());
      return translated;
    };
    List<OffsetTranslator.Translated> translated = readers.run(committed.keySet(), compacted,
        share -> TranslationPrefetch.prefetch(share, committed), translate);
    Optional<PartitionTranslation> showsUncommitted = translated.stream()
        .filter(OffsetTranslator.Translated::inferredUncommitted).map(OffsetTranslator.Translated::translation).findFirst();
    List<TopicPartition> assumed = translated.stream().filter(OffsetTranslator.Translated::assumed)
        .map(t -> partitionOf(t.translation())).toList();
    if (showsUncommitted.isEmpty() || assumed.isEmpty()) {
      return translated.stream().map(OffsetTranslator.Translated::translation).toList();
    }
    // One partition's offsets showed the group reads uncommitted; the partitions that had to assume redo it.
    PartitionTranslation evidence = showsUncommitted.get();
    GroupIsolationChoice inferred = new GroupIsolationChoice(GroupIsolation.READ_UNCOMMITTED, "inferred from "
        + partitionOf(evidence) + ", whose committed offset " + evidence.sourceCommitted()
        + " directly follows an aborted record, where only a read_uncommitted consumer stops");
    Map<TopicPartition, PartitionTranslation> redone = new HashMap<>();
    readers.run(assumed, compacted, (tp, source, target) -> translator.translate(tp.topic(), tp.partition(),
        committed.get(tp), source, target, inferred, wait).translation())
        .forEach(t -> redone.put(partitionOf(t), t));
    return translated.stream().map(t -> redone.getOrDefault(partitionOf(t.translation()), t.translation())).toList();
  }

  private Map<TopicPartition, MirrorCheckpoints.Checkpointed> readCheckpoints(GroupTranslationRequest request) {
    try (Consumer<byte[], byte[]> reader = clients.readCommittedConsumer(request.writeTo(), readerId(request))) {
      return MirrorCheckpoints.read(reader, request.mm2SourceAlias(), request.group());
    }
  }

  private static String readerId(GroupTranslationRequest request) {
    return "offset-translation-" + request.group();
  }

  /** Heartbeats come from several reader threads; one at a time reaches the listener. */
  private static MigrationProgress serialized(MigrationProgress progress) {
    return detail -> {
      synchronized (progress) {
        progress.report(detail);
      }
    };
  }

  private ReplicationWait boundedWait(Duration maxWait, MigrationProgress progress) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    return missing -> {
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        return false;
      }
      progress.report("waiting for " + missing);
      try {
        Thread.sleep(Math.max(1, Math.min(replicationPollInterval.toMillis(), remainingNanos / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
      return true;
    };
  }

  private static Map<TopicPartition, Long> committedOffsets(Admin admin, GroupTranslationRequest request, KafkaEndpoint from) {
    Map<TopicPartition, OffsetAndMetadata> all = await(
        admin.listConsumerGroupOffsets(request.group()).partitionsToOffsetAndMetadata(),
        "list offsets of " + request.group());
    Map<TopicPartition, Long> committed = new LinkedHashMap<>();
    all.forEach((tp, offset) -> {
      if (offset != null && (request.topics().isEmpty() || request.topics().contains(tp.topic()))) {
        committed.put(tp, offset.offset());
      }
    });
    if (committed.isEmpty()) {
      throw new TranslationException(OffsetFailureType.GROUP_HAS_NO_OFFSETS, "group " + request.group()
          + " has no committed offsets on " + from.bootstrapServers()
          + (request.topics().isEmpty() ? "" : " for topics " + request.topics()) + "; check the group name");
    }
    return committed;
  }

  private static void requireSamePartitionCounts(Sides sides, Set<String> topics) {
    KafkaFuture<Map<String, TopicDescription>> fromFuture = sides.fromAdmin().describeTopics(topics).allTopicNames();
    Map<String, KafkaFuture<TopicDescription>> toFutures = sides.toAdmin().describeTopics(topics).topicNameValues();
    Map<String, TopicDescription> fromTopics = await(fromFuture, "describe topics " + topics);
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    toFutures.forEach((topic, future) -> {
      try {
        int toCount = future.get().partitions().size();
        int fromCount = fromTopics.get(topic).partitions().size();
        if (toCount != fromCount) {
          mismatched.add(topic + " has " + fromCount + " partitions on " + sides.from().bootstrapServers()
              + " but " + toCount + " on " + sides.to().bootstrapServers());
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("could not describe " + topic + " on " + sides.to().bootstrapServers(), e.getCause());
        }
        missing.add(topic);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    });
    if (!missing.isEmpty()) {
      throw new TranslationException(OffsetFailureType.TOPIC_MISSING_ON_TARGET,
          "topics " + missing + " do not exist on " + sides.to().bootstrapServers() + "; nothing was committed");
    }
    if (!mismatched.isEmpty()) {
      throw new TranslationException(OffsetFailureType.PARTITION_COUNT_MISMATCH, String.join("; ", mismatched)
          + ": records do not map one to one, so offsets cannot be translated; nothing was committed");
    }
  }

  /**
   * Refuses a group with members on the cluster written to. The group's state comes from the listing
   * of groups (one ListGroups round trip); only a state that may have members is described, to name
   * them: describing a classic group took about 100 ms on the benchmark's clusters, listing 5 to 20 ms.
   */
  private static void refuseActiveGroup(Admin admin, KafkaFuture<Collection<GroupListing>> listed, String group,
      KafkaEndpoint to) {
    boolean mayHaveMembers = await(listed, "list groups").stream()
        .filter(listing -> listing.groupId().equals(group))
        .anyMatch(listing -> listing.groupState().map(state -> state != GroupState.EMPTY && state != GroupState.DEAD)
            .orElse(true));
    if (!mayHaveMembers) {
      return;
    }
    ConsumerGroupDescription description;
    try {
      description = await(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group), "describe " + group);
    } catch (GroupIdNotFoundException unknownOnTarget) {
      return;
    }
    if (!description.members().isEmpty()) {
      List<String> clients = description.members().stream().map(m -> m.clientId() + "@" + m.host()).toList();
      throw new TranslationException(OffsetFailureType.GROUP_ACTIVE_ON_TARGET, "group " + group + " has "
          + clients.size() + " active member(s) on " + to.bootstrapServers() + " " + clients
          + ": stop its apps there before committing translated offsets; nothing was committed");
    }
  }

  private static Set<String> compactedTopics(Map<ConfigResource, Config> configs) {
    Set<String> compacted = new HashSet<>();
    configs.forEach((resource, config) -> {
      var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (policy != null && policy.value() != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        compacted.add(resource.name());
      }
    });
    return compacted;
  }

  private static Map<TopicPartition, OffsetAndMetadata> currentOffsets(Admin admin, String group, Set<TopicPartition> partitions) {
    return only(await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "list offsets of " + group),
        partitions);
  }

  private static Map<TopicPartition, OffsetAndMetadata> only(Map<TopicPartition, OffsetAndMetadata> all,
      Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    all.forEach((tp, offset) -> {
      if (offset != null && partitions.contains(tp)) {
        current.put(tp, offset);
      }
    });
    return current;
  }

  /**
   * For each partition, the next record the group reads on the cluster written to must be the one it
   * reads next on the cluster read from (same timestamp and digest), or both sides must be at their end.
   * When the side read from has moved on (its producers still write) and MirrorMaker has not copied that
   * record yet, the check waits for the copy, within {@code wait}'s bound.
   */
  private static VerificationResult verify(PartitionReaders readers, List<PartitionTranslation> translations,
      Map<TopicPartition, Long> committedOnTarget, Set<String> compacted, ReplicationWait wait) {
    Map<TopicPartition, PartitionTranslation> byPartition = new HashMap<>();
    translations.forEach(t -> byPartition.put(partitionOf(t), t));
    List<Optional<String>> outcomes = readers.run(byPartition.keySet(), compacted, (tp, from, to) -> {
      PartitionTranslation translation = byPartition.get(tp);
      Long committed = committedOnTarget.get(tp);
      if (committed == null || committed != translation.targetOffset()) {
        return Optional.of(tp + ": committed " + committed + " on the target, expected " + translation.targetOffset());
      }
      PartitionLog source = translation.sourceViewOrDefault() == GroupIsolation.READ_UNCOMMITTED
          ? from.uncommittedView() : from;
      Optional<LogRecord> sourceNext = nextRecord(source, translation.sourceCommitted());
      Optional<LogRecord> targetNext = nextRecord(to, committed);
      while (sourceNext.isPresent() && targetNext.isEmpty()
          && wait.awaitMore("the copy of " + sourceNext.get().describe() + " at " + tp + " offset " + committed)) {
        targetNext = nextRecord(to, committed);
      }
      boolean same = sourceNext.isEmpty()
          ? targetNext.isEmpty()
          : targetNext.isPresent() && targetNext.get().sameContentAs(sourceNext.get());
      return same ? Optional.empty() : Optional.of(tp + ": next source record "
          + sourceNext.map(LogRecord::describe).orElse("none (at end)") + " but next target record "
          + targetNext.map(LogRecord::describe).orElse("none (at end)"));
    });
    List<String> mismatches = outcomes.stream().flatMap(Optional::stream).toList();
    return new VerificationResult(mismatches.isEmpty(), translations.size(), mismatches);
  }

  /** The record a consumer positioned at {@code offset} reads next; below log start it resets to log start. */
  private static Optional<LogRecord> nextRecord(PartitionLog log, long offset) {
    List<LogRecord> next = log.read(Math.max(offset, log.logStartOffset()), 1);
    return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
  }

  private static void restore(Admin admin, String group, Set<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> previous) {
    if (!previous.isEmpty()) {
      await(admin.alterConsumerGroupOffsets(group, previous).all(), "restore offsets of " + group);
    }
    Set<TopicPartition> withoutPrevious = new HashSet<>(partitions);
    withoutPrevious.removeAll(previous.keySet());
    if (!withoutPrevious.isEmpty()) {
      await(admin.deleteConsumerGroupOffsets(group, withoutPrevious).all(), "delete offsets of " + group);
    }
  }

  private static Map<TopicPartition, Long> plannedOffsets(List<PartitionTranslation> translations) {
    Map<TopicPartition, Long> planned = new HashMap<>();
    translations.forEach(t -> planned.put(partitionOf(t), t.targetOffset()));
    return planned;
  }

  private static TopicPartition partitionOf(PartitionTranslation translation) {
    return new TopicPartition(translation.topic(), translation.partition());
  }

  /** Phase boundaries in {@link System#nanoTime()}: started, translated, committed (= translated in a dry run), now. */
  private static GroupTranslationReport report(GroupTranslationRequest request, List<PartitionTranslation> translations,
      boolean committed, VerificationResult verification, long startedNanos, long translatedNanos, long committedNanos) {
    long now = System.nanoTime();
    return new GroupTranslationReport(request.group(), request.direction(), request.mode(), translations, committed,
        verification, millis(now - startedNanos), new GroupTranslationReport.Timings(millis(translatedNanos - startedNanos),
            millis(committedNanos - translatedNanos), millis(now - committedNanos)));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  /** Waits for an Admin result; Kafka's own exception (timeout, authorization, ...) surfaces unwrapped. */
  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("could not " + what, e.getCause());
    }
  }
}
