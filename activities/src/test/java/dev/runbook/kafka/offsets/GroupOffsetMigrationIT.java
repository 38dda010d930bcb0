package dev.runbook.kafka.offsets;

import static dev.runbook.kafka.offsets.TwoClusters.commit;
import static dev.runbook.kafka.offsets.TwoClusters.committed;
import static dev.runbook.kafka.offsets.TwoClusters.produce;
import static dev.runbook.kafka.offsets.TwoClusters.record;
import static dev.runbook.kafka.offsets.TwoClusters.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.kafka.PartitionContents;
import dev.runbook.testkit.kafka.RecordCounter;
import dev.runbook.testkit.kafka.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offset translation against two real KRaft clusters and a real MirrorMaker 2, one corner per
 * test. Expected offsets come from record contents ({@link PartitionContents}), never from the
 * translator; target topics usually carry records of their own in front so that offsets differ.
 */
@ExtendWith(SharedTwoClusters.class)
class GroupOffsetMigrationIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TwoClusters clusters;
  private static GroupOffsetMigration migration;

  @BeforeAll
  static void useSharedClusters() {
    clusters = SharedTwoClusters.clusters();
    migration = TwoClusters.migration();
  }

  private GroupTranslationReport migrate(String group) {
    return migration.migrate(
        GroupTranslationRequest.exact(group, clusters.sourceEndpoint(), clusters.targetEndpoint(), WAIT), detail -> { });
  }

  private static PartitionTranslation partition(GroupTranslationReport report, TopicPartition tp) {
    return report.partitions().stream()
        .filter(p -> p.topic().equals(tp.topic()) && p.partition() == tp.partition())
        .findFirst().orElseThrow(() -> new AssertionError("no translation for " + tp + " in " + report));
  }

  /** Each partition lands where record contents say, is committed there, and verification passed. */
  private void assertExactAndVerified(GroupTranslationReport report, String group, Map<TopicPartition, Long> onSource) {
    Map<TopicPartition, Long> onTarget = committed(clusters.target, group);
    onSource.forEach((tp, committedOnSource) -> {
      long exact = clusters.exactTargetOffset(tp, committedOnSource);
      assertEquals(exact, partition(report, tp).targetOffset(), tp + ": " + partition(report, tp).evidence());
      assertEquals(exact, onTarget.get(tp), tp + " committed on the target");
    });
    assertTrue(report.committed());
    assertTrue(report.verification().verified(), report.verification().mismatches().toString());
    assertEquals(onSource.size(), report.verification().partitionsChecked());
  }

  @Test
  void translatesMidStreamCommitsExactlyAndVerifies() {
    String topic = "plain";
    clusters.prefillTarget(topic, 3, 17);
    clusters.source.createTopic(topic, 3);
    produce(clusters.source, topic, 3, 400, "plain");
    clusters.awaitReplicated(topic);
    Map<TopicPartition, Long> onSource = Map.of(
        new TopicPartition(topic, 0), 1L, new TopicPartition(topic, 1), 217L, new TopicPartition(topic, 2), 399L);
    commit(clusters.source, "plain-group", onSource);

    GroupTranslationReport report = migrate("plain-group");

    assertExactAndVerified(report, "plain-group", onSource);
    assertEquals(234, partition(report, new TopicPartition(topic, 1)).targetOffset());
    report.partitions().forEach(p -> assertEquals(TranslationMethod.EXACT_MATCH, p.method(), p.evidence()));
  }

  @Test
  void compactedTopicAnchorsOnNearestSurvivorAndSkipsCopiesOfCompactedRecords() throws Exception {
    String topic = "compacted";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.target.createTopic(topic, 1);
    clusters.source.createTopic(topic, 1, Map.of(
        "cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.001",
        "min.compaction.lag.ms", "0", "delete.retention.ms", "100"));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String key = i < 50 ? "unique-" + i : "hot-" + (i % 10);
      records.add(record(topic, 0, null, key, "compacted", i));
    }
    send(clusters.source, records);
    clusters.awaitReplicated(topic);
    Thread.sleep(200);
    send(clusters.source, List.of(record(topic, 0, null, "roll", "compacted", 150)));
    awaitCompacted(tp, 50, 140);
    clusters.awaitReplicated(topic);
    commit(clusters.source, "compacted-group", Map.of(tp, 80L));

    GroupTranslationReport report = migrate("compacted-group");

    assertExactAndVerified(report, "compacted-group", Map.of(tp, 80L));
    assertEquals(140, partition(report, tp).targetOffset(), "the first record a source consumer at 80 reads is @140");
    assertEquals(TranslationMethod.COMPACTED_NEAREST_EARLIER, partition(report, tp).method());
    assertTrue(partition(report, tp).evidence().contains("skipped 90"), partition(report, tp).evidence());
  }

  /** Waits until the cleaner has removed the overwritten records, so the first survivor from {@code from} is {@code survivor}. */
  private static void awaitCompacted(TopicPartition tp, long from, long survivor) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      PartitionContents contents = PartitionContents.read(clusters.source.bootstrapServers(), tp);
      if (("compacted:" + survivor).equals(contents.nextValueFrom(from))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("source not compacted in time; next from " + from + " is " + contents.nextValueFrom(from));
      }
      Thread.sleep(200);
    }
  }

  @Test
  void transactionalTopicStepsOverMarkersAndNeverMatchesAbortedRecords() throws Exception {
    String topic = "transactional";
    TopicPartition midStream = new TopicPartition(topic, 0);
    TopicPartition atEnd = new TopicPartition(topic, 1);
    clusters.prefillTarget(topic, 2, 9);
    clusters.source.createTopic(topic, 2);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.source.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "offsets-test-tx"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      long sequence = 0;
      for (boolean commitIt : new boolean[] {true, false, true, false}) {
        producer.beginTransaction();
        for (int i = 0; i < 10; i++, sequence++) {
          producer.send(record(topic, 0, null, "k" + sequence, "tx", sequence));
          producer.send(record(topic, 1, null, "k" + sequence, "tx", sequence));
        }
        producer.flush();
        if (commitIt) {
          producer.commitTransaction();
        } else {
          producer.abortTransaction();
        }
      }
    }
    clusters.awaitReplicated(topic);
    long afterAbortedTransaction = 22;
    long sourceEnd = PartitionContents.read(clusters.source.bootstrapServers(), atEnd).endOffset();
    Map<TopicPartition, Long> onSource = Map.of(midStream, afterAbortedTransaction, atEnd, sourceEnd);
    commit(clusters.source, "transactional-group", onSource);

    GroupTranslationReport report = migrate("transactional-group");

    assertExactAndVerified(report, "transactional-group", onSource);
    assertEquals(9 + 10, partition(report, midStream).targetOffset());
    assertEquals(TranslationMethod.TRANSACTION_GAP, partition(report, midStream).method());
    assertEquals(9 + 20, partition(report, atEnd).targetOffset());
    assertEquals(TranslationMethod.LOG_END, partition(report, atEnd).method());
    try (RecordCounter counter = new RecordCounter(clusters.target.bootstrapServers())) {
      assertEquals(Map.of(midStream, 29L, atEnd, 29L), counter.count(List.of(midStream, atEnd)),
          "only committed transactional records reach the target");
    }
  }

  @Test
  void tellsApartManyRecordsOfTheSameMillisecond() {
    String topic = "burst";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.prefillTarget(topic, 1, 23);
    clusters.source.createTopic(topic, 1);
    long sameMillisecond = System.currentTimeMillis();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      records.add(record(topic, 0, i < 50 ? null : sameMillisecond, "same-key", "burst", i));
    }
    send(clusters.source, records);
    clusters.awaitReplicated(topic);
    commit(clusters.source, "burst-group", Map.of(tp, 431L));

    GroupTranslationReport report = migrate("burst-group");

    assertExactAndVerified(report, "burst-group", Map.of(tp, 431L));
    assertEquals(23 + 431, partition(report, tp).targetOffset());
  }

  @Test
  void emptyPartitionsResumeAtTargetEnd() throws Exception {
    String topic = "empty";
    TopicPartition neverWritten = new TopicPartition(topic, 0);
    TopicPartition emptiedByRetention = new TopicPartition(topic, 1);
    clusters.source.createTopic(topic, 2);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record(topic, 1, null, "k" + i, "empty", i));
    }
    send(clusters.source, records);
    clusters.awaitReplicated(topic);
    deleteRecordsBefore(emptiedByRetention, 20);
    Map<TopicPartition, Long> onSource = Map.of(neverWritten, 0L, emptiedByRetention, 5L);
    commit(clusters.source, "empty-group", onSource);

    GroupTranslationReport report = migrate("empty-group");

    assertExactAndVerified(report, "empty-group", onSource);
    assertEquals(0, partition(report, neverWritten).targetOffset());
    assertEquals(20, partition(report, emptiedByRetention).targetOffset());
    report.partitions().forEach(p -> assertEquals(TranslationMethod.EMPTY_PARTITION, p.method(), p.evidence()));
  }

  @Test
  void commitAtLogEndResumesAtTheEndOfTheReplicatedData() {
    String topic = "at-end";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.prefillTarget(topic, 1, 13);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 100, "at-end");
    clusters.awaitReplicated(topic);
    commit(clusters.source, "at-end-group", Map.of(tp, 100L));

    GroupTranslationReport report = migrate("at-end-group");

    assertExactAndVerified(report, "at-end-group", Map.of(tp, 100L));
    assertEquals(113, partition(report, tp).targetOffset());
    assertEquals(TranslationMethod.LOG_END, partition(report, tp).method());
  }

  @Test
  void committedZeroStartsAtTheCopyOfTheFirstRecord() {
    String topic = "from-zero";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.prefillTarget(topic, 1, 5);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 50, "from-zero");
    clusters.awaitReplicated(topic);
    commit(clusters.source, "from-zero-group", Map.of(tp, 0L));

    GroupTranslationReport report = migrate("from-zero-group");

    assertExactAndVerified(report, "from-zero-group", Map.of(tp, 0L));
    assertEquals(5, partition(report, tp).targetOffset());
    assertEquals(TranslationMethod.NOTHING_CONSUMED, partition(report, tp).method());
  }

  @Test
  void commitTrimmedByRetentionResumesAtTheCopyOfTheSourceLogStart() throws Exception {
    String topic = "trimmed";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.prefillTarget(topic, 1, 7);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 100, "trimmed");
    clusters.awaitReplicated(topic);
    deleteRecordsBefore(tp, 60);
    commit(clusters.source, "trimmed-group", Map.of(tp, 20L));

    GroupTranslationReport report = migrate("trimmed-group");

    assertExactAndVerified(report, "trimmed-group", Map.of(tp, 20L));
    assertEquals(67, partition(report, tp).targetOffset());
    assertEquals(TranslationMethod.BEFORE_LOG_START, partition(report, tp).method());
  }

  @Test
  void failsClearlyAndCommitsNothingWhenTheLastConsumedRecordIsNotReplicatedInTime() {
    String topic = TwoClusters.UNREPLICATED_PREFIX + "late";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    clusters.target.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 10, "late");
    commit(clusters.source, "late-group", Map.of(tp, 8L));
    Duration bound = Duration.ofSeconds(1);
    long started = System.nanoTime();

    TranslationException failure = assertThrows(TranslationException.class, () -> migration.migrate(
        GroupTranslationRequest.exact("late-group", clusters.sourceEndpoint(), clusters.targetEndpoint(), bound),
        detail -> { }));

    assertEquals(OffsetFailureType.NOT_REPLICATED_WITHIN_BOUND, failure.type());
    assertTrue(failure.getMessage().contains("@7"), failure.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(bound) >= 0, "waited the full bound");
    assertTrue(committed(clusters.target, "late-group").isEmpty(), "nothing committed on the target");
  }

  /**
   * Consumers move while producers still write to the source: the record after the group's commit
   * may reach the target after the commit. Verification waits for its copy instead of failing.
   */
  @Test
  void verificationWaitsForTheCopyOfTheNextRecordWhileTheSourceMovesOn() throws Exception {
    String topic = TwoClusters.UNREPLICATED_PREFIX + "moving-on";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    clusters.target.createTopic(topic, 1);
    long base = System.currentTimeMillis() - 60_000;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(record(topic, 0, base + i, "k" + i, "moving-on", i));
    }
    send(clusters.source, records);
    send(clusters.target, records.subList(0, 8));
    commit(clusters.source, "moving-on-group", Map.of(tp, 8L));
    Thread copier = new Thread(() -> {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      send(clusters.target, records.subList(8, 10));
    });
    copier.start();

    GroupTranslationReport report = migrate("moving-on-group");
    copier.join();

    assertEquals(8, partition(report, tp).targetOffset(), partition(report, tp).evidence());
    assertTrue(report.verification().verified(), report.verification().mismatches().toString());
    assertEquals(Map.of(tp, 8L), committed(clusters.target, "moving-on-group"));
  }

  @Test
  void refusesPartitionCountMismatchAndCommitsNothing() {
    String good = "mismatch-good";
    String mismatched = TwoClusters.UNREPLICATED_PREFIX + "mismatch";
    clusters.source.createTopic(good, 1);
    clusters.source.createTopic(mismatched, 2);
    clusters.target.createTopic(mismatched, 3);
    produce(clusters.source, good, 1, 10, "mismatch-good");
    produce(clusters.source, mismatched, 2, 10, "mismatch");
    clusters.awaitReplicated(good);
    commit(clusters.source, "mismatch-group", Map.of(
        new TopicPartition(good, 0), 5L, new TopicPartition(mismatched, 0), 5L, new TopicPartition(mismatched, 1), 5L));

    TranslationException failure = assertThrows(TranslationException.class, () -> migrate("mismatch-group"));

    assertEquals(OffsetFailureType.PARTITION_COUNT_MISMATCH, failure.type());
    assertTrue(failure.getMessage().contains(mismatched + " has 2 partitions"), failure.getMessage());
    assertTrue(committed(clusters.target, "mismatch-group").isEmpty(), "nothing committed, not even the good topic");
  }

  @Test
  void refusesAGroupWithActiveMembersOnTheTarget() throws Exception {
    String topic = "active";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    clusters.target.createTopic("active-idle", 1);
    produce(clusters.source, topic, 1, 10, "active");
    clusters.awaitReplicated(topic);
    commit(clusters.source, "active-group", Map.of(tp, 5L));
    try (RecordingConsumer memberOnTarget = new RecordingConsumer("active-group", List.of("active-idle"))) {
      memberOnTarget.start(clusters.target.bootstrapServers());
      awaitMembers("active-group");

      TranslationException failure = assertThrows(TranslationException.class, () -> migrate("active-group"));

      assertEquals(OffsetFailureType.GROUP_ACTIVE_ON_TARGET, failure.type());
      assertFalse(committed(clusters.target, "active-group").containsKey(tp), "nothing committed on the target");
    }
  }

  private static void awaitMembers(String group) throws Exception {
    try (Admin admin = clusters.target.admin()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().isEmpty()) {
            return;
          }
        } catch (ExecutionException notYetKnown) {
          // the group is created when the member joins
        }
        Thread.sleep(100);
      }
      throw new AssertionError(group + " has no member on the target");
    }
  }

  @Test
  void rollbackTranslatesTargetOffsetsBackToTheSource() {
    String topic = "rollback";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.prefillTarget(topic, 1, 11);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 200, "rollback");
    clusters.awaitReplicated(topic);
    commit(clusters.source, "rollback-group", Map.of(tp, 40L));
    migrate("rollback-group");
    long consumedOnTarget = 11 + 150;
    commit(clusters.target, "rollback-group", Map.of(tp, consumedOnTarget));

    GroupTranslationReport report = migration.migrate(
        GroupTranslationRequest.exact("rollback-group", clusters.sourceEndpoint(), clusters.targetEndpoint(), WAIT)
            .withDirection(MigrationDirection.TARGET_TO_SOURCE), detail -> { });

    assertEquals(150, partition(report, tp).targetOffset());
    assertEquals(150, committed(clusters.source, "rollback-group").get(tp));
    assertTrue(report.verification().verified(), report.verification().mismatches().toString());
  }

  @Test
  void checkpointModeReportsHowFarMirrorMakerLandsFromTheExactOffset() throws Exception {
    String topic = "checkpointed";
    String group = TwoClusters.MM2_GROUP_PREFIX + "checkpointed";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 1_000, "checkpointed");
    clusters.awaitReplicated(topic);
    commit(clusters.source, group, Map.of(tp, 650L));
    GroupTranslationRequest request =
        GroupTranslationRequest.exact(group, clusters.sourceEndpoint(), clusters.targetEndpoint(), WAIT)
            .withMode(TranslationMode.MM2_CHECKPOINT, "source").withCommit(false);

    PartitionTranslation checkpoint = awaitCheckpoint(request, tp, 650L);

    long exact = clusters.exactTargetOffset(tp, 650L);
    assertEquals(TranslationMethod.MM2_CHECKPOINT, checkpoint.method());
    assertEquals(exact - checkpoint.targetOffset(), checkpoint.uncertaintyRecords(), checkpoint.evidence());
    assertTrue(checkpoint.targetOffset() <= exact, "MirrorMaker never translates ahead: " + checkpoint.evidence());
  }

  /** MirrorMaker emits checkpoints every second once it has seen the group's commit. */
  private static PartitionTranslation awaitCheckpoint(GroupTranslationRequest request, TopicPartition tp, long upstream)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "none";
    while (System.nanoTime() < deadline) {
      try {
        PartitionTranslation translation = partition(migration.migrate(request, detail -> { }), tp);
        if (!translation.evidence().contains("stale")) {
          return translation;
        }
        last = translation.evidence();
      } catch (TranslationException noCheckpointYet) {
        last = noCheckpointYet.getMessage();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no checkpoint for upstream offset " + upstream + ": " + last);
  }

  private static void deleteRecordsBefore(TopicPartition tp, long offset) throws Exception {
    try (Admin admin = clusters.source.admin()) {
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all().get();
    }
  }
}
