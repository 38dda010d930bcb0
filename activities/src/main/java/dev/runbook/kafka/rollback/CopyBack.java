package dev.runbook.kafka.rollback;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.ProvenanceHeaders;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.offsets.LogRecord;
import dev.runbook.kafka.offsets.RecordDigest;
import dev.runbook.kernel.FailureType;
import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The reverse flow's progress, as a producer's rollback needs it: where the copy-back window opens
 * (both clusters' ends when the reverse flow starts) and, later, whether every record written on
 * the target since then (not carrying the forward flow's header) is on the source among the reverse
 * flow's copies (carrying its header), in the same order, matched by timestamp and content digest.
 */
public final class CopyBack {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final int MAX_DUPLICATES_NAMED = 5;

  private final KafkaClientFactory clients;
  private final Duration pollInterval;

  public CopyBack(KafkaClientFactory clients, Duration pollInterval) {
    this.clients = clients;
    this.pollInterval = pollInterval;
  }

  public List<PartitionEnds> mark(CopyBackRequest request) {
    Map<TopicPartition, Long> sourceEnds = ends(request.source(), NamedCluster.source(request.source()), request.topics());
    Map<TopicPartition, Long> targetEnds = ends(request.target(), NamedCluster.target(request.target()), request.topics());
    return targetEnds.entrySet().stream()
        .map(e -> new PartitionEnds(e.getKey().topic(), e.getKey().partition(), sourceEnds.getOrDefault(e.getKey(), 0L), e.getValue()))
        .sorted(Comparator.comparing(PartitionEnds::topic).thenComparingInt(PartitionEnds::partition))
        .toList();
  }

  /**
   * Polls until every partition is copied back; {@code onPoll} hears how many records are still to
   * copy. Fails for good when the copies skip a record written on the target.
   */
  public CopyBackReport await(CopyBackRequest request, Consumer<String> onPoll) {
    long started = System.currentTimeMillis();
    while (true) {
      long written = 0;
      long copied = 0;
      long stillToCopy = 0;
      List<String> duplicates = new ArrayList<>();
      long duplicateCount = 0;
      for (PartitionEnds from : request.from()) {
        TopicPartition partition = new TopicPartition(from.topic(), from.partition());
        // The source first: every copy read there has its original on the target by the time the target is read.
        List<LogRecord> copies = read(request.source(), partition, from.sourceEnd(),
            record -> record.headers().lastHeader(ProvenanceHeaders.COPIED_TO_SOURCE) != null);
        List<LogRecord> onTarget = read(request.target(), partition, from.targetEnd(),
            record -> record.headers().lastHeader(ProvenanceHeaders.COPIED_TO_TARGET) == null);
        CopyBackComparison comparison = CopyBackComparison.of(onTarget, copies);
        if (comparison.broken() != null) {
          throw ServiceFailure.of(FailureType.VERIFICATION_FAILED, "the reverse flow's copies of " + partition + " are not the"
              + " records written on the target: " + comparison.broken());
        }
        written += onTarget.size();
        copied += copies.size();
        stillToCopy += comparison.stillToCopy();
        duplicateCount += comparison.duplicates().size();
        comparison.duplicates().stream().limit(Math.max(0, MAX_DUPLICATES_NAMED - duplicates.size()))
            .forEach(record -> duplicates.add(partition + " " + record.describe()));
      }
      if (stillToCopy == 0) {
        return new CopyBackReport(request.from().size(), written, copied, duplicateCount, duplicates,
            System.currentTimeMillis() - started);
      }
      onPoll.accept(stillToCopy + " of " + written + " records written on the target not yet on the source");
      sleep();
    }
  }

  /** Deletes those of {@code topics} that exist on the source; none there is nothing to do. */
  public void deleteSourceTopics(KafkaEndpoint source, List<String> topics) {
    try (ClusterAdmin admin = ClusterAdmin.open(clients, source, NamedCluster.source(source))) {
      java.util.Set<String> present = admin.call("list topics", a -> a.listTopics().names());
      List<String> ours = topics.stream().filter(present::contains).toList();
      if (!ours.isEmpty()) {
        admin.call("delete topics", a -> a.deleteTopics(ours).all());
      }
    }
  }

  private Map<TopicPartition, Long> ends(KafkaEndpoint endpoint, NamedCluster cluster, List<String> topics) {
    try (ClusterAdmin admin = ClusterAdmin.open(clients, endpoint, cluster)) {
      return admin.endOffsets(topics);
    }
  }

  /** The records of {@code partition} from {@code fromOffset} to its current end that {@code keep} accepts. */
  private List<LogRecord> read(KafkaEndpoint endpoint, TopicPartition partition, long fromOffset,
      Predicate<ConsumerRecord<byte[], byte[]>> keep) {
    List<LogRecord> records = new ArrayList<>();
    try (var consumer = clients.readCommittedConsumer(endpoint, "runbook-copy-back")) {
      consumer.assign(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      consumer.seek(partition, fromOffset);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
          if (record.offset() < end && keep.test(record)) {
            records.add(new LogRecord(record.offset(), record.timestamp(), RecordDigest.of(record)));
          }
        }
      }
    }
    return records;
  }

  private void sleep() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ServiceFailure.of(FailureType.INTERRUPTED, "interrupted while waiting for the copy-back");
    }
  }
}
