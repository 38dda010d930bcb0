package dev.runbook.kafka.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The catch-up's lag samples: summed per topic, bounded, and carried through the workflow fact unchanged. */
class LagHistoryTest {

  @Test
  void sumsPartitionsPerTopic() {
    Map<TopicPartition, Long> lag = new LinkedHashMap<>();
    lag.put(new TopicPartition("orders", 0), 5L);
    lag.put(new TopicPartition("orders", 1), 7L);
    lag.put(new TopicPartition("payments", 0), 3L);

    LagSample sample = new LagHistory(4).add(1_000, lag);

    assertEquals(Map.of("orders", 12L, "payments", 3L), sample.byTopic());
    assertEquals(15, sample.total());
  }

  @Test
  void thinsOutEvenlyWhenFullKeepingTheFirstAndNewestSample() {
    LagHistory history = new LagHistory(4);
    for (long t = 0; t < 9; t++) {
      history.add(t, Map.of(new TopicPartition("orders", 0), 100 - t));
    }
    assertEquals(List.of(0L, 4L, 8L), history.samples().stream().map(LagSample::at).toList());

    history.add(9, Map.of(new TopicPartition("orders", 0), 0L));
    assertEquals(List.of(0L, 4L, 8L, 9L), history.samples().stream().map(LagSample::at).toList());
  }

  @Test
  void survivesTheFactEncoding() {
    Map<TopicPartition, Long> lag = new LinkedHashMap<>();
    lag.put(new TopicPartition("orders.v2", 0), 5L);
    lag.put(new TopicPartition("pay_ments-x", 0), 0L);
    LagHistory history = new LagHistory(10);
    history.add(1_700_000_000_000L, lag);
    history.add(1_700_000_005_000L, Map.of());

    assertEquals(history.samples(), KafkaFacts.LAG_SAMPLES.decode(KafkaFacts.LAG_SAMPLES.encode(history.samples())));
  }
}
