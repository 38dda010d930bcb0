package dev.runbook.kafka.admin;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;

/**
 * An Admin client that knows which cluster it talks to: each call is awaited for the factory's
 * call timeout, and a failure becomes a retryable activity failure naming the cluster and the
 * operation, so a step that parks says which cluster went away and what it was doing.
 */
final class ClusterAdmin implements AutoCloseable {

  private final Admin admin;
  private final NamedCluster cluster;
  private final Duration timeout;

  private ClusterAdmin(Admin admin, NamedCluster cluster, Duration timeout) {
    this.admin = admin;
    this.cluster = cluster;
    this.timeout = timeout;
  }

  static ClusterAdmin open(KafkaClientFactory clients, KafkaEndpoint endpoint, NamedCluster cluster) {
    return new ClusterAdmin(clients.admin(endpoint), cluster, clients.callTimeout());
  }

  /** Runs {@code call} and waits for its answer; Kafka's own errors keep their class name as the failure type. */
  <T> T call(String operation, Function<Admin, KafkaFuture<T>> call) {
    try {
      return call.apply(admin).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw cluster.failed(operation, Optional.ofNullable(e.getCause()).orElse(e));
    } catch (TimeoutException e) {
      throw cluster.noAnswer(operation, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted during " + operation, "Interrupted");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
