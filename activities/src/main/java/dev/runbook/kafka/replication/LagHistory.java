package dev.runbook.kafka.replication;

import dev.runbook.kafka.KafkaActivities.LagSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag samples of one catch-up wait, at most {@code capacity}: every {@code stride}-th measurement
 * is kept, and when they fill up, every second one is dropped and the stride doubles; the newest
 * measurement is always added at the end. A wait of hours still charts its whole course, evenly
 * spaced, in a workflow fact of bounded size.
 */
final class LagHistory {

  private final int capacity;
  private final List<LagSample> kept = new ArrayList<>();
  private long measured;
  private long stride = 1;
  private LagSample latest;

  LagHistory(int capacity) {
    if (capacity < 3) {
      throw new IllegalArgumentException("a lag history keeps at least 3 samples, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds the lag measured at {@code at}, summed per topic; returns that sample. */
  LagSample add(long at, Map<TopicPartition, Long> lagByPartition) {
    Map<String, Long> byTopic = new LinkedHashMap<>();
    lagByPartition.forEach((tp, lag) -> byTopic.merge(tp.topic(), lag, Long::sum));
    LagSample sample = new LagSample(at, byTopic);
    if (measured % stride == 0) {
      kept.add(sample);
      if (kept.size() == capacity) {
        List<LagSample> thinned = new ArrayList<>();
        for (int i = 0; i < kept.size(); i += 2) {
          thinned.add(kept.get(i));
        }
        kept.clear();
        kept.addAll(thinned);
        stride *= 2;
      }
    }
    measured++;
    latest = sample;
    return sample;
  }

  /** The kept samples, oldest first, ending with the newest measurement. */
  List<LagSample> samples() {
    List<LagSample> samples = new ArrayList<>(kept);
    if (latest != null && (samples.isEmpty() || samples.get(samples.size() - 1) != latest)) {
      samples.add(latest);
    }
    return List.copyOf(samples);
  }
}
