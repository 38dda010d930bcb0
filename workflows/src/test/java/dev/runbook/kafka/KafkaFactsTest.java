package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaFactsTest {

  @Test
  void verifiedPartitionsRoundTripAndKeepTheFirstThousand() {
    List<PartitionRecords> partitions = new ArrayList<>();
    for (int p = 0; p < 1_200; p++) {
      partitions.add(new PartitionRecords(p % 2 == 0 ? "orders.eu-1" : "billing_v2", p, 1_000L + p, 1_000L + p - (p == 7 ? 1 : 0)));
    }
    String stored = KafkaFacts.VERIFIED_PARTITIONS.encode(partitions);

    List<PartitionRecords> read = KafkaFacts.VERIFIED_PARTITIONS.decode(stored);
    assertEquals(partitions.subList(0, KafkaFacts.MAX_PARTITIONS_KEPT), read);
    assertEquals("1000 partitions", KafkaFacts.VERIFIED_PARTITIONS.describe(stored));
    assertEquals(List.of(), KafkaFacts.VERIFIED_PARTITIONS.decode(""));
    assertThrows(IllegalArgumentException.class, () -> KafkaFacts.VERIFIED_PARTITIONS.decode("orders:1:5"));
  }

  @Test
  void lagSamplesRoundTripAndSummarise() {
    List<LagSample> samples = List.of(new LagSample(1_000, Map.of("orders", 40L, "billing", 2L)), new LagSample(6_000, Map.of("orders", 0L)));
    String stored = KafkaFacts.LAG_SAMPLES.encode(samples);

    assertEquals(samples, KafkaFacts.LAG_SAMPLES.decode(stored));
    assertEquals("2 samples, lag 42 at first, 0 at last", KafkaFacts.LAG_SAMPLES.describe(stored));
  }
}
