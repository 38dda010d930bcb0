package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class StrimziReadinessTest {

  @Test
  void readyOnlyForTheCurrentGeneration() {
    KafkaTopic stale = topic(3L, 2L, "True", null);
    KafkaTopic current = topic(3L, 3L, "True", null);

    assertNull(StrimziReadiness.poll(stale, "KafkaTopic kafka/orders").result());
    assertEquals("KafkaTopic kafka/orders status is for generation 2, spec is at 3",
        StrimziReadiness.poll(stale, "KafkaTopic kafka/orders").progress());
    assertSame(current, StrimziReadiness.poll(current, "KafkaTopic kafka/orders").result());
  }

  @Test
  void progressReasonsKeepWaiting() {
    var poll = StrimziReadiness.poll(topic(1L, 1L, "False", "KafkaError"), "KafkaTopic kafka/orders");

    assertNull(poll.result());
    assertEquals("KafkaTopic kafka/orders Ready=False (KafkaError: broken)", poll.progress());
  }

  @Test
  void aRejectedResourceFailsPermanently() {
    var failure = assertThrows(ApplicationFailure.class,
        () -> StrimziReadiness.poll(topic(1L, 1L, "False", "NotSupported"), "KafkaTopic kafka/orders"));

    assertEquals("PlanDoesNotMatchReality", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals("Strimzi rejected KafkaTopic kafka/orders: Ready=False (NotSupported: broken)", failure.getOriginalMessage());
  }

  private static KafkaTopic topic(long generation, long observed, String ready, String reason) {
    return new KafkaTopicBuilder()
        .withNewMetadata().withNamespace("kafka").withName("orders").withGeneration(generation).endMetadata()
        .withNewStatus()
            .withObservedGeneration(observed)
            .withConditions(new ConditionBuilder().withType("Ready").withStatus(ready).withReason(reason)
                .withMessage(reason == null ? null : "broken").build())
        .endStatus()
        .build();
  }
}
