package dev.runbook.kafka.offsets;

import static dev.runbook.kafka.offsets.TwoClusters.commit;
import static dev.runbook.kafka.offsets.TwoClusters.committed;
import static dev.runbook.kafka.offsets.TwoClusters.produce;
import static dev.runbook.kafka.offsets.TwoClusters.record;
import static dev.runbook.kafka.offsets.TwoClusters.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.kafka.PartitionContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The corners of exact translation where the replicator was not configured by the runbook: aborted
 * transactions read by groups and replicators of either isolation (MirrorMaker 2 reading committed,
 * and a second one reading uncommitted, its default), a block re-sent by a restarted replicator,
 * and writers on both clusters. Expected offsets come from record contents read as the group reads
 * them, never from the translator.
 */
@ExtendWith(SharedTwoClusters.class)
class OffsetTranslationCornersIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TX = "tx";

  private static TwoClusters clusters;
  private static GroupOffsetMigration migration;

  @BeforeAll
  static void useSharedClusters() {
    clusters = SharedTwoClusters.clusters();
    migration = TwoClusters.migration();
  }

  private GroupTranslationReport migrate(String group, GroupIsolation isolation) {
    return migration.migrate(GroupTranslationRequest.exact(group, clusters.sourceEndpoint(), clusters.targetEndpoint(), WAIT)
        .withIsolation(isolation), detail -> { });
  }

  private static PartitionTranslation partition(GroupTranslationReport report, TopicPartition tp) {
    return report.partitions().stream()
        .filter(p -> p.topic().equals(tp.topic()) && p.partition() == tp.partition())
        .findFirst().orElseThrow(() -> new AssertionError("no translation for " + tp + " in " + report));
  }

  /**
   * Partition 0: 5 committed records, 4 aborted, 5 committed; partition 1: 5 committed, then 4
   * aborted, so it ends in an aborted transaction and its marker. The target holds 7 records of its
   * own in front.
   */
  private static void writeTransactions(String topic) {
    clusters.prefillTarget(topic, 2, 7);
    clusters.source.createTopic(topic, 2);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.source.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "corners-" + topic),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      long sequence = 0;
      for (boolean commitIt : new boolean[] {true, false, true}) {
        producer.beginTransaction();
        for (int i = 0; i < (commitIt ? 5 : 4); i++, sequence++) {
          producer.send(record(topic, 0, null, "k" + sequence, TX, sequence));
          if (sequence < 9) {
            producer.send(record(topic, 1, null, "k" + sequence, TX, sequence));
          }
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
  }

  /** The source offset of the record with value {@code tx:<sequence>}, aborted or not. */
  private static long sourceOffsetOf(TopicPartition tp, long sequence) {
    return PartitionContents.read(clusters.source.bootstrapServers(), tp, IsolationLevel.READ_UNCOMMITTED)
        .offsetOf(TX + ":" + sequence).orElseThrow();
  }

  private static long sourceEnd(TopicPartition tp) {
    return PartitionContents.read(clusters.source.bootstrapServers(), tp).endOffset();
  }

  private static void assertExactAndVerified(GroupTranslationReport report, String group, Map<TopicPartition, Long> expected) {
    Map<TopicPartition, Long> onTarget = committed(clusters.target, group);
    expected.forEach((tp, exact) -> {
      assertEquals(exact, partition(report, tp).targetOffset(), tp + ": " + partition(report, tp).evidence());
      assertEquals(exact, onTarget.get(tp), tp + " committed on the target");
    });
    assertTrue(report.verification().verified(), report.verification().mismatches().toString());
  }

  @Test
  void readUncommittedGroupOverACommittedReplicatorResumesAtTheNextCommittedRecord() {
    String topic = "tx-committed-copy";
    writeTransactions(topic);
    TopicPartition tp = new TopicPartition(topic, 0);
    long insideAborted = sourceOffsetOf(tp, 7);
    commit(clusters.source, "ru-given", Map.of(tp, insideAborted));
    commit(clusters.source, "ru-inferred", Map.of(tp, insideAborted));

    GroupTranslationReport given = migrate("ru-given", GroupIsolation.READ_UNCOMMITTED);
    GroupTranslationReport inferred = migrate("ru-inferred", null);

    long nextCommitted = clusters.exactTargetOffset(tp, insideAborted, IsolationLevel.READ_COMMITTED);
    assertEquals(7 + 5, nextCommitted, "the copy of tx:9, the first committed record after the aborted ones");
    assertExactAndVerified(given, "ru-given", Map.of(tp, nextCommitted));
    assertExactAndVerified(inferred, "ru-inferred", Map.of(tp, nextCommitted));
    String evidence = partition(inferred, tp).evidence();
    assertTrue(evidence.contains("inferred: committed offset " + insideAborted + " directly follows aborted record"), evidence);
    assertTrue(evidence.contains("the replicator did not copy"), evidence);
  }

  @Test
  void readCommittedGroupOverAnUncommittedReplicatorSkipsCopiesOfAbortedRecordsAndEndsAtTheTargetEnd() {
    String topic = TwoClusters.UNCOMMITTED_PREFIX + "tx-rc-group";
    writeTransactions(topic);
    TopicPartition midStream = new TopicPartition(topic, 0);
    TopicPartition endsAborted = new TopicPartition(topic, 1);
    long beforeAborted = sourceOffsetOf(midStream, 5);
    Map<TopicPartition, Long> onSource = Map.of(midStream, beforeAborted, endsAborted, sourceEnd(endsAborted));
    commit(clusters.source, "rc-group", onSource);

    GroupTranslationReport report = migrate("rc-group", null);

    long targetEnd = PartitionContents.read(clusters.target.bootstrapServers(), endsAborted).endOffset();
    assertEquals(7 + 9, targetEnd, "the target holds copies of the 4 aborted records");
    assertExactAndVerified(report, "rc-group", Map.of(
        midStream, clusters.exactTargetOffset(midStream, beforeAborted),
        endsAborted, targetEnd));
    assertEquals(7 + 9, partition(report, midStream).targetOffset(), "the copy of tx:9, past the copies of tx:5..8");
    assertEquals(TranslationMethod.LOG_END, partition(report, endsAborted).method());
    assertTrue(partition(report, endsAborted).evidence().contains("the replicator copied (it reads uncommitted)"),
        partition(report, endsAborted).evidence());
  }

  @Test
  void readUncommittedGroupOverAnUncommittedReplicatorReadsTheCopiesOfAbortedRecords() {
    String topic = TwoClusters.UNCOMMITTED_PREFIX + "tx-ru-group";
    writeTransactions(topic);
    TopicPartition midStream = new TopicPartition(topic, 0);
    TopicPartition endsAborted = new TopicPartition(topic, 1);
    long insideAborted = sourceOffsetOf(midStream, 7);
    Map<TopicPartition, Long> onSource = Map.of(midStream, insideAborted, endsAborted, sourceEnd(endsAborted));
    commit(clusters.source, "ru-group", onSource);

    GroupTranslationReport report = migrate("ru-group", GroupIsolation.READ_UNCOMMITTED);

    assertExactAndVerified(report, "ru-group", Map.of(
        midStream, clusters.exactTargetOffset(midStream, insideAborted, IsolationLevel.READ_UNCOMMITTED),
        endsAborted, clusters.exactTargetOffset(endsAborted, sourceEnd(endsAborted), IsolationLevel.READ_UNCOMMITTED)));
    assertEquals(7 + 7, partition(report, midStream).targetOffset(), "the copy of aborted tx:7");
    assertEquals(GroupIsolation.READ_UNCOMMITTED, partition(report, midStream).sourceView());
  }

  /** One partition shows the group reads uncommitted; the other, committed just before aborted records, follows it. */
  @Test
  void isolationInferredOnOnePartitionDecidesTheGroupsOtherPartitions() {
    String topic = TwoClusters.UNCOMMITTED_PREFIX + "tx-inferred";
    writeTransactions(topic);
    TopicPartition inside = new TopicPartition(topic, 0);
    TopicPartition beforeAborted = new TopicPartition(topic, 1);
    Map<TopicPartition, Long> onSource = Map.of(inside, sourceOffsetOf(inside, 7),
        beforeAborted, sourceOffsetOf(beforeAborted, 5));
    commit(clusters.source, "inferred-group", onSource);

    GroupTranslationReport report = migrate("inferred-group", null);

    assertExactAndVerified(report, "inferred-group", Map.of(
        inside, clusters.exactTargetOffset(inside, onSource.get(inside), IsolationLevel.READ_UNCOMMITTED),
        beforeAborted, clusters.exactTargetOffset(beforeAborted, onSource.get(beforeAborted),
            IsolationLevel.READ_UNCOMMITTED)));
    assertEquals(7 + 5, partition(report, beforeAborted).targetOffset(), "the copy of aborted tx:5");
    assertTrue(partition(report, beforeAborted).evidence().contains("inferred from " + inside),
        partition(report, beforeAborted).evidence());
  }

  /**
   * A replicator restart re-sent source @10..@19 after @19. The exact offset is where the target,
   * read from there, holds exactly what the source holds from the committed offset.
   */
  @Test
  void afterABlockReSentByARestartedReplicatorTheGroupReReadsNothing() {
    String topic = TwoClusters.UNREPLICATED_PREFIX + "re-sent";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    clusters.prefillTarget(topic, 1, 3);
    List<ProducerRecord<byte[], byte[]>> records = timedRecords(topic, "re-sent", 30);
    send(clusters.source, records);
    send(clusters.target, records.subList(0, 20));
    send(clusters.target, records.subList(10, 30));
    commit(clusters.source, "re-sent-group", Map.of(tp, 15L));

    GroupTranslationReport report = migrate("re-sent-group", null);

    long exact = firstOffsetReadingTheSame(tp, 15);
    assertEquals(3 + 20 + 5, exact, "after the second copy of @14");
    assertExactAndVerified(report, "re-sent-group", Map.of(tp, exact));
    assertTrue(partition(report, tp).evidence().contains("re-sends source @10"), partition(report, tp).evidence());
  }

  /** The target offset from which the target reads exactly the values the source reads from {@code committed}. */
  private static long firstOffsetReadingTheSame(TopicPartition tp, long committed) {
    PartitionContents source = PartitionContents.read(clusters.source.bootstrapServers(), tp);
    PartitionContents target = PartitionContents.read(clusters.target.bootstrapServers(), tp);
    List<String> rest = source.valuesFrom(committed);
    for (long offset = target.logStartOffset(); offset <= target.endOffset(); offset++) {
      if (target.valuesFrom(offset).equals(rest)) {
        return offset;
      }
    }
    throw new AssertionError("no target offset reads what the source reads from " + committed);
  }

  @Test
  void refusesAPartitionWrittenOnBothClustersAndCommitsNothing() {
    String topic = "written-on-both";
    TopicPartition tp = new TopicPartition(topic, 0);
    clusters.source.createTopic(topic, 1);
    produce(clusters.source, topic, 1, 40, "source-writer");
    clusters.awaitReplicated(topic);
    send(clusters.target, List.of(record(topic, 0, null, "own", "target-writer", 0)));
    List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>();
    for (int i = 40; i < 80; i++) {
      more.add(record(topic, 0, null, Integer.toString(i), "source-writer", i));
    }
    send(clusters.source, more);
    clusters.awaitReplicated(topic);
    commit(clusters.source, "both-group", Map.of(tp, 20L));

    TranslationException failure = assertThrows(TranslationException.class, () -> migrate("both-group", null));

    assertEquals(OffsetFailureType.INTERLEAVED_WRITES, failure.type());
    assertTrue(failure.getMessage().startsWith(topic + "-0: target record @40"), failure.getMessage());
    assertTrue(failure.getMessage().contains("no copy of any source record"), failure.getMessage());
    assertTrue(committed(clusters.target, "both-group").isEmpty(), "nothing committed on the target");
  }

  private static List<ProducerRecord<byte[], byte[]>> timedRecords(String topic, String producerId, int count) {
    long base = System.currentTimeMillis() - 60_000;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(record(topic, 0, base + i, "k" + i, producerId, i));
    }
    return records;
  }
}
