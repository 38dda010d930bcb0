package dev.runbook.kafka.replication;

import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.offsets.LogRecord;
import dev.runbook.kafka.offsets.OffsetFailureType;
import dev.runbook.kafka.offsets.OffsetTranslator;
import dev.runbook.kafka.offsets.PartitionReaders;
import dev.runbook.kafka.offsets.PartitionLog;
import dev.runbook.kafka.offsets.ReplicationWait;
import dev.runbook.kafka.offsets.TranslationException;
import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * How far MirrorMaker 2 has copied each partition, measured by content: a partition is caught up
 * when the last readable source record below the source's end has its copy on the target (found
 * by timestamp and digest, as the offset translator does). Offsets differ between the clusters
 * (transaction markers, compaction), so comparing end offsets would never converge.
 */
final class ReplicationProgress implements AutoCloseable {

  private static final int COUNT_BOUND = 10_000;
  private static final long SCAN_BOUND = 100_000;

  private final KafkaClientFactory clients;
  private final KafkaEndpoint sourceEndpoint;
  private final KafkaEndpoint targetEndpoint;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> source;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> target;
  private final OffsetTranslator translator = new OffsetTranslator(SCAN_BOUND);
  private final NamedCluster sourceCluster;
  private final NamedCluster targetCluster;
  private PartitionReaders lagReaders;

  ReplicationProgress(KafkaClientFactory clients, KafkaEndpoint sourceEndpoint, KafkaEndpoint targetEndpoint) {
    this.clients = clients;
    this.sourceEndpoint = sourceEndpoint;
    this.targetEndpoint = targetEndpoint;
    this.source = clients.readCommittedConsumer(sourceEndpoint, "runbook-replication-source");
    this.target = clients.readCommittedConsumer(targetEndpoint, "runbook-replication-target");
    this.sourceCluster = NamedCluster.source(sourceEndpoint);
    this.targetCluster = NamedCluster.target(targetEndpoint);
  }

  /** The source's end (last stable offset) of every partition of the topics, now. */
  Map<TopicPartition, Long> sourceEnds(List<String> topics) {
    List<TopicPartition> partitions = partitions(topics);
    return on(sourceCluster, "read end offsets", () -> source.endOffsets(partitions));
  }

  /**
   * Records not yet on the target per partition, up to {@code snapshot} (or the source's current
   * end when null). A partition whose last record is already copied counts 0 whatever offsets say.
   * Partitions are measured in parallel ({@link PartitionReaders}, kept open across calls), so a
   * catch-up takes a sample in about the time of one partition's reads, not the sum of all.
   */
  Map<TopicPartition, Long> lag(List<String> topics, Map<TopicPartition, Long> snapshot) {
    Map<TopicPartition, Long> ends = snapshot != null ? snapshot : sourceEnds(topics);
    List<TopicPartition> partitions = partitions(topics);
    if (lagReaders == null) {
      lagReaders = PartitionReaders.open(clients, sourceEndpoint, targetEndpoint, "runbook-replication-lag", partitions.size());
    }
    List<Long> lags = lagReaders.run(partitions, Set.of(), (tp, from, to) ->
        lagOf(tp, new NamedPartitionLog(from, sourceCluster, tp), new NamedPartitionLog(to, targetCluster, tp),
            ends.getOrDefault(tp, 0L)));
    Map<TopicPartition, Long> lag = new LinkedHashMap<>();
    for (int i = 0; i < partitions.size(); i++) {
      lag.put(partitions.get(i), lags.get(i));
    }
    return lag;
  }

  /** Anchor matches only ({@link OffsetTranslator#firstCopyEnd}): a sample takes a few reads however far behind the target is. */
  private long lagOf(TopicPartition tp, PartitionLog from, PartitionLog to, long sourceEnd) {
    try {
      translator.firstCopyEnd(tp.topic(), tp.partition(), sourceEnd, from, to, ReplicationWait.NONE);
      return 0;
    } catch (TranslationException notYet) {
      if (notYet.type() != OffsetFailureType.NOT_REPLICATED_WITHIN_BOUND) {
        throw notYet;
      }
    }
    long copiedUpTo = from.logStartOffset();
    if (to.endOffset() > to.logStartOffset()) {
      try {
        copiedUpTo = translator.firstCopyEnd(tp.topic(), tp.partition(), to.endOffset(), to, from, ReplicationWait.NONE);
      } catch (TranslationException unknown) {
        copiedUpTo = from.logStartOffset();
      }
    }
    return Math.max(1, readableBetween(from, copiedUpTo, sourceEnd));
  }

  private static long readableBetween(PartitionLog log, long from, long to) {
    if (to - from > COUNT_BOUND) {
      return to - from;
    }
    return log.read(from, (int) (to - from)).stream().filter(r -> r.offset() < to).count();
  }

  /**
   * Compares each partition up to the source's current end: where that end lands on the target,
   * and the digests of the last {@code window} readable records on both sides. Partitions are
   * compared in parallel ({@link PartitionReaders}); {@code progress} hears from one thread at a time.
   */
  List<PartitionComparison> compare(List<TopicSpec> topics, int window, Duration replicationWait, Consumer<String> progress) {
    List<TopicPartition> partitions = new ArrayList<>();
    Set<String> compacted = new HashSet<>();
    for (TopicSpec topic : topics) {
      if (topic.configs().getOrDefault("cleanup.policy", "delete").contains("compact")) {
        compacted.add(topic.name());
      }
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    }
    if (partitions.isEmpty()) {
      return List.of();
    }
    AtomicInteger done = new AtomicInteger();
    Consumer<String> serialized = detail -> {
      synchronized (progress) {
        progress.accept(detail);
      }
    };
    try (PartitionReaders readers = PartitionReaders.openForLongReads(clients, sourceEndpoint, targetEndpoint,
        "runbook-verify", partitions.size())) {
      return readers.run(partitions, compacted, (tp, from, to) -> {
        PartitionComparison comparison = compare(tp, new NamedPartitionLog(from, sourceCluster, tp),
            new NamedPartitionLog(to, targetCluster, tp), window, bounded(replicationWait, serialized));
        serialized.accept("compared " + done.incrementAndGet() + "/" + partitions.size() + " partitions");
        return comparison;
      });
    }
  }

  private PartitionComparison compare(TopicPartition tp, PartitionLog from, PartitionLog to, int window, ReplicationWait wait) {
    boolean compacted = from.compacted();
    long sourceStart = from.logStartOffset();
    long sourceEnd = from.endOffset();
    long targetStart = to.logStartOffset();
    long targetEnd = to.endOffset();
    long position;
    try {
      position = translator.translate(tp.topic(), tp.partition(), sourceEnd, from, to, wait).targetOffset();
    } catch (TranslationException e) {
      return new PartitionComparison(tp.topic(), tp.partition(), sourceStart, sourceEnd, targetStart, targetEnd, -1, 0,
          false, "the source's last record is not on the target: " + e.getMessage());
    }
    List<LogRecord> sourceTail = tail(from, Math.max(sourceStart, sourceEnd - window), sourceEnd);
    long targetFrom = Math.max(targetStart, position - (compacted ? 2L * window + 100 : sourceTail.size()));
    List<LogRecord> targetTail = tail(to, targetFrom, position);
    boolean matches = compacted ? inOrder(sourceTail, targetTail) : sameDigests(sourceTail, targetTail);
    String note = matches
        ? "last " + sourceTail.size() + " records identical"
        : "the last " + sourceTail.size() + " source records differ from the target's records before offset " + position;
    return new PartitionComparison(tp.topic(), tp.partition(), sourceStart, sourceEnd, targetStart, targetEnd, position,
        sourceTail.size(), matches, note);
  }

  /** Waits up to {@code limit} in all for records still on their way, reporting what it waits for. */
  private static ReplicationWait bounded(Duration limit, Consumer<String> progress) {
    long deadline = System.nanoTime() + limit.toNanos();
    return missing -> {
      if (System.nanoTime() > deadline) {
        return false;
      }
      progress.accept("waiting for " + missing);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return true;
    };
  }

  /** A Kafka client error becomes a retryable failure that names the cluster and what was being done. */
  private static <T> T on(NamedCluster cluster, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (KafkaException e) {
      throw cluster.failed(operation, e);
    }
  }

  private static List<LogRecord> tail(PartitionLog log, long from, long to) {
    if (to <= from) {
      return List.of();
    }
    return log.read(from, (int) (to - from)).stream().filter(r -> r.offset() < to).toList();
  }

  private static boolean sameDigests(List<LogRecord> a, List<LogRecord> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameContentAs(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Every source record appears on the target, in order (compaction may keep extra target records). */
  private static boolean inOrder(List<LogRecord> sourceRecords, List<LogRecord> targetRecords) {
    int t = 0;
    for (LogRecord record : sourceRecords) {
      while (t < targetRecords.size() && !Arrays.equals(targetRecords.get(t).digest(), record.digest())) {
        t++;
      }
      if (t == targetRecords.size()) {
        return false;
      }
      t++;
    }
    return true;
  }

  private List<TopicPartition> partitions(List<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo info : on(sourceCluster, "list partitions of " + topic, () -> source.partitionsFor(topic))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    partitions.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    return partitions;
  }

  @Override
  public void close() {
    source.close();
    target.close();
    if (lagReaders != null) {
      lagReaders.close();
    }
  }
}
