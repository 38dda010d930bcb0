package dev.runbook.testkit.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once accounting of one producer's stream against what a consumer group processed:
 * {@code duplicates} counts extra processings of a sequence, {@code lost} the sequences never
 * processed.
 */
public record DeliveryAccount(long produced, long processed, long duplicates, long lost) {

  public static DeliveryAccount of(
      Collection<SequenceProducer.ProducedRecord> producedRecords,
      Collection<RecordingConsumer.ProcessedRecord> processedRecords) {
    Set<Long> producedSequences = new HashSet<>();
    producedRecords.forEach(r -> producedSequences.add(r.sequence()));
    Map<Long, Integer> timesProcessed = new HashMap<>();
    processedRecords.forEach(r -> timesProcessed.merge(r.sequence(), 1, Integer::sum));
    long duplicates = timesProcessed.values().stream().mapToLong(times -> times - 1).sum();
    long lost = producedSequences.stream().filter(sequence -> !timesProcessed.containsKey(sequence)).count();
    return new DeliveryAccount(producedSequences.size(), processedRecords.size(), duplicates, lost);
  }
}
