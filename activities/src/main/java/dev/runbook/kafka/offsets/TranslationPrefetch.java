package dev.runbook.kafka.offsets;

import dev.runbook.kafka.offsets.KafkaPartitionLog.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads for one reader's share of a group's partitions, in one request per step for all of them,
 * what {@link OffsetTranslator} reads first for each partition: the records at the committed
 * offset on the source, the offset of the last consumed record's timestamp on both clusters, the
 * source records from that offset (to count identical records in that millisecond) and the target
 * records from it, as far as the translator's first reads go. The translator then finds them among
 * the records read (see {@link KafkaPartitionLog}): the common partition costs no request of its own.
 */
final class TranslationPrefetch {

  private TranslationPrefetch() {}

  static void prefetch(PartitionReaders.Share share, Map<TopicPartition, Long> committed) {
    Map<TopicPartition, Span> around = new HashMap<>();
    share.from().forEach((tp, log) ->
        around.put(tp, new Span(Math.max(committed.get(tp) - 1, log.logStartOffset()), 2)));
    KafkaPartitionLog.prefetch(share.fromConsumer(), share.from(), around);

    Map<TopicPartition, LogRecord> anchors = new HashMap<>();
    Map<TopicPartition, Long> timestamps = new HashMap<>();
    around.forEach((tp, span) -> {
      List<LogRecord> read = share.from().get(tp).alreadyRead(span.from(), span.count());
      if (read != null && (committed.get(tp) <= span.from() || read.get(0).offset() == span.from())) {
        anchors.put(tp, read.get(0));
        timestamps.put(tp, read.get(0).timestamp());
      }
    });
    KafkaPartitionLog.prefetchOffsetsForTimes(share.fromConsumer(), share.from(), timestamps);
    KafkaPartitionLog.prefetchOffsetsForTimes(share.toConsumer(), share.to(), timestamps);

    Map<TopicPartition, Span> sameMillisecond = new HashMap<>();
    Map<TopicPartition, Span> copies = new HashMap<>();
    anchors.forEach((tp, anchor) -> {
      OptionalLong onSource = share.from().get(tp).alreadyLookedUp(anchor.timestamp());
      OptionalLong onTarget = share.to().get(tp).alreadyLookedUp(anchor.timestamp());
      long before = 0;
      if (onSource != null && onSource.isPresent() && onSource.getAsLong() < anchor.offset()) {
        before = anchor.offset() - onSource.getAsLong();
        sameMillisecond.put(tp, new Span(onSource.getAsLong(), (int) Math.min(before + 1, 500)));
      }
      if (onTarget != null && onTarget.isPresent()) {
        copies.put(tp, new Span(onTarget.getAsLong(), firstReadsCovering(before + 2)));
      }
    });
    KafkaPartitionLog.prefetch(share.fromConsumer(), share.from(), sameMillisecond);
    KafkaPartitionLog.prefetch(share.toConsumer(), share.to(), copies);
  }

  /** How many records the translator's growing first reads on the target take to see {@code records}. */
  private static int firstReadsCovering(long records) {
    long covered = 0;
    int chunk = OffsetTranslator.FIRST_TARGET_CHUNK;
    while (covered < records && covered < 2_000) {
      covered += chunk;
      chunk = Math.min(500, chunk * 4);
    }
    return (int) covered;
  }
}
