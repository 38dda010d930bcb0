package dev.runbook.worker;

import dev.runbook.airflow.AirflowMigrationWorkflowImpl;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
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
    return start(client, taskQueue, activities, gracePeriod, WorkflowImplementationOptions.getDefaultInstance());
  }

  /**
   * As {@link #start(WorkflowClient, String, List, Duration)}, with per-activity options that override
   * the workflows' own (a test's worker shortens heartbeat timeouts so a killed worker is noticed in seconds).
   */
  public static RunbookWorker start(WorkflowClient client, String taskQueue, List<Object> activities, Duration gracePeriod,
      WorkflowImplementationOptions workflowOptions) {
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().build());
    Worker worker = factory.newWorker(taskQueue);
    WORKFLOWS.forEach(workflow -> worker.registerWorkflowImplementationTypes(workflowOptions, workflow));
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
