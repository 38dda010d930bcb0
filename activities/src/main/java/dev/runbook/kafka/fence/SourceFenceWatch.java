package dev.runbook.kafka.fence;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.fence.FenceReport.PartitionGrowth;
import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.kernel.FailureType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The fence check's eyes on the source: samples the high watermark of every partition of the
 * migrated topics from the start of the window to its end, then asks the broker which producers
 * wrote since the window began. Watching the whole window catches a producer that writes once a
 * minute as surely as a busy one; comparing the first sample with the last counts every write,
 * the samples between tell the operator, through the heartbeat, as soon as growth shows. Where the
 * reverse flow copies back what producers write on the target, a partition grew only if some new
 * record lacks its header.
 */
public final class SourceFenceWatch {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaClientFactory clients;
  private final Duration sampleInterval;

  public SourceFenceWatch(KafkaClientFactory clients, Duration sampleInterval) {
    this.clients = clients;
    this.sampleInterval = sampleInterval;
  }

  /** Watches for the request's window; {@code onSample} hears how many partitions grew so far. */
  public FenceReport watch(FenceRequest request, Consumer<String> onSample) {
    long started = System.currentTimeMillis();
    long windowMillis = request.window().toMillis();
    try (ClusterAdmin admin = ClusterAdmin.open(clients, request.source(), NamedCluster.source(request.source()))) {
      List<TopicPartition> partitions = admin.partitionsOf(request.topics());
      Map<TopicPartition, Long> first = admin.highWatermarks(partitions);
      long windowStart = System.currentTimeMillis();
      long windowEnd = windowStart + windowMillis;
      Map<TopicPartition, Long> last = first;
      int samples = 1;
      while (System.currentTimeMillis() < windowEnd) {
        sleep(Math.min(sampleInterval.toMillis(), Math.max(1, windowEnd - System.currentTimeMillis())));
        last = admin.highWatermarks(partitions);
        samples++;
        onSample.accept("sample " + samples + ": " + grown(first, last).size() + " of " + partitions.size()
            + " source partitions grew since the window began");
      }
      List<PartitionGrowth> grown = request.copiedBackHeader() == null ? grown(first, last)
          : grown(first, last).stream().filter(growth -> writtenByOthers(request, growth)).toList();
      List<ActiveProducer> writers = ProducerStates.writingSince(admin, partitions, windowStart);
      return new FenceReport(windowMillis, partitions.size(), samples, grown, writers, System.currentTimeMillis() - started);
    }
  }

  /** Whether some record of the growth was written by another than the reverse flow. */
  private boolean writtenByOthers(FenceRequest request, PartitionGrowth growth) {
    TopicPartition partition = new TopicPartition(growth.topic(), growth.partition());
    try (var consumer = clients.partitionReader(request.source(), "runbook-fence-check", GroupIsolation.READ_UNCOMMITTED)) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, growth.startOffset());
      while (consumer.position(partition) < growth.endOffset()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
          if (record.offset() < growth.endOffset() && record.headers().lastHeader(request.copiedBackHeader()) == null) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static List<PartitionGrowth> grown(Map<TopicPartition, Long> first, Map<TopicPartition, Long> last) {
    List<PartitionGrowth> grown = new ArrayList<>();
    last.forEach((partition, end) -> {
      long start = first.getOrDefault(partition, 0L);
      if (end > start) {
        grown.add(new PartitionGrowth(partition.topic(), partition.partition(), start, end));
      }
    });
    grown.sort(Comparator.comparing(PartitionGrowth::topic).thenComparingInt(PartitionGrowth::partition));
    return grown;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ServiceFailure.of(FailureType.INTERRUPTED, "interrupted while watching the source for writes");
    }
  }
}
