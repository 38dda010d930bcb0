package dev.runbook.worker;

import dev.runbook.RunbookWorkflows;
import dev.runbook.kernel.UnreadableInputInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Temporal worker serving every runbook on one task queue. Closing it stops polling first,
 * then lets running activities finish (up to the grace period), so a rolling upgrade does not
 * cut an activity in half: its next attempt runs on the new worker.
 */
public final class RunbookWorker implements AutoCloseable {

  private final WorkerFactory factory;
  private final Duration gracePeriod;

  private RunbookWorker(WorkerFactory factory, Duration gracePeriod) {
    this.factory = factory;
    this.gracePeriod = gracePeriod;
  }

  /**
   * Starts polling {@code taskQueue} with every runbook workflow ({@link RunbookWorkflows#ALL}) and
   * these activities; {@code interceptors} see every call (a test's worker shortens timeouts with one).
   * A run whose input cannot be read fails at once as an invalid plan ({@link UnreadableInputInterceptor}).
   */
  public static RunbookWorker start(WorkflowClient client, String taskQueue, List<Object> activities, Duration gracePeriod,
      WorkerInterceptor... interceptors) {
    WorkerInterceptor[] all = Stream.concat(Stream.of(new UnreadableInputInterceptor()), Arrays.stream(interceptors))
        .toArray(WorkerInterceptor[]::new);
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().setWorkerInterceptors(all).build());
    Worker worker = factory.newWorker(taskQueue);
    RunbookWorkflows.ALL.forEach(worker::registerWorkflowImplementationTypes);
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
