package dev.runbook.kafka.clients;

import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.activity.ServiceFailure;
import dev.runbook.kernel.FailureType;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A Kafka cluster as failure messages name it: its part in the migration (none where a command
 * may point at either cluster, as discovery) and its bootstrap address, never its credentials. An operator reading a parked step must see which cluster failed
 * during which operation; the message lands in the workflow history, so nothing secret may be in it.
 */
public record NamedCluster(String role, String bootstrapServers) {

  /** A cluster with no part named: discovery reads whichever cluster it is given. */
  public static NamedCluster of(KafkaEndpoint endpoint) {
    return new NamedCluster(null, endpoint.bootstrapServers());
  }

  public static NamedCluster source(KafkaEndpoint endpoint) {
    return new NamedCluster("source", endpoint.bootstrapServers());
  }

  public static NamedCluster target(KafkaEndpoint endpoint) {
    return new NamedCluster("target", endpoint.bootstrapServers());
  }

  /**
   * A retryable failure of {@code operation}; a Kafka timeout gets the type
   * {@link FailureType#KAFKA_TIMEOUT}, anything else its class name.
   */
  public ServiceFailure failed(String operation, Throwable cause) {
    String type = cause instanceof TimeoutException ? FailureType.KAFKA_TIMEOUT.type() : cause.getClass().getName();
    return ServiceFailure.retryable(type, subject(operation) + " failed: " + cause.getMessage());
  }

  /** A retryable failure of {@code operation} that got no answer within {@code timeout}. */
  public ServiceFailure noAnswer(String operation, Duration timeout) {
    return ServiceFailure.of(FailureType.KAFKA_TIMEOUT, subject(operation) + " got no answer within " + timeout.toMillis() + " ms");
  }

  private String subject(String operation) {
    return (role == null ? "Kafka cluster " : "Kafka " + role + " cluster ") + bootstrapServers + ": " + operation;
  }
}
