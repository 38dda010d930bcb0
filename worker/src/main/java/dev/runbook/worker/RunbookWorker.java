package dev.runbook.worker;

import dev.runbook.airflow.AirflowMigrationWorkflowImpl;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Temporal worker serving every runbook on one task queue. Closing it stops polling first,
 * then lets running activities finish (up to the grace period), so a rolling upgrade does not
 * cut an activity in half: its next attempt runs on the new worker.
 */
public final class RunbookWorker implements AutoCloseable {

  /** Every runbook workflow this worker serves. */
  public static final List<Class<?>> WORKFLOWS = Stream.concat(
      KafkaMigrationWorkflowImpl.IMPLEMENTATIONS.stream(), Stream.of(AirflowMigrationWorkflowImpl.class)).toList();

  private final WorkerFactory factory;
  private final Duration gracePeriod;

  private RunbookWorker(WorkerFactory factory, Duration gracePeriod) {
    this.factory = factory;
    this.gracePeriod = gracePeriod;
  }

  public static RunbookWorker start(WorkflowClient client, String taskQueue, List<Object> activities, Duration gracePeriod) {
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().build());
    Worker worker = factory.newWorker(taskQueue);
    WORKFLOWS.forEach(worker::registerWorkflowImplementationTypes);
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    return new RunbookWorker(factory, gracePeriod);
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }
}
