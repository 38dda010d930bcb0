package dev.runbook.kafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.activity.ActivityFailures;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class NamedClusterTest {

  final KafkaEndpoint confluent = new KafkaEndpoint("pkc-1.confluent.cloud:9092", "SASL_SSL", "PLAIN",
      SecretRef.env("CONFLUENT_KEY"), SecretRef.env("CONFLUENT_SECRET"), null);

  @Test
  void aFailureNamesTheClustersPartItsAddressAndTheOperationAndKeepsKafkasReasonAndType() {
    ApplicationFailure failure = ActivityFailures.of(NamedCluster.source(confluent)
        .failed("describe group billing", new SaslAuthenticationException("Authentication failed: Invalid username or password")));

    assertEquals("Kafka source cluster pkc-1.confluent.cloud:9092: describe group billing failed: "
        + "Authentication failed: Invalid username or password", failure.getOriginalMessage());
    assertEquals(SaslAuthenticationException.class.getName(), failure.getType());
    assertEquals(false, failure.isNonRetryable());
  }

  @Test
  void kafkasOwnTimeoutAndAWaitThatRanOutShareOneRetryableType() {
    NamedCluster target = NamedCluster.target(KafkaEndpoint.plaintext("lab-kafka-bootstrap.kafka.svc:9092"));

    ApplicationFailure clientTimeout =
        ActivityFailures.of(target.failed("read offsets of orders-0", new TimeoutException("Timeout of 4000ms expired")));
    ApplicationFailure noAnswer = ActivityFailures.of(target.noAnswer("list topics", Duration.ofSeconds(2)));

    assertEquals("KafkaTimeout", clientTimeout.getType());
    assertEquals(false, clientTimeout.isNonRetryable());
    assertEquals("Kafka target cluster lab-kafka-bootstrap.kafka.svc:9092: list topics got no answer within 2000 ms",
        noAnswer.getOriginalMessage());
    assertEquals("KafkaTimeout", noAnswer.getType());
    assertEquals(false, noAnswer.isNonRetryable());
    assertEquals("Kafka cluster pkc-1.confluent.cloud:9092: list topics got no answer within 2000 ms",
        NamedCluster.of(confluent).noAnswer("list topics", Duration.ofSeconds(2)).getMessage());
  }
}
