package dev.runbook.testing;

import dev.runbook.RunbookWorkflows;
import dev.runbook.kernel.RunbookSearchAttributes;
import dev.runbook.kernel.UnreadableInputInterceptor;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.Map;

/**
 * The Temporal SDK's in-process test server as every runbook test needs it: the runbook search
 * attributes registered (without them workflow tasks fail and runs hang), one worker on the
 * runbooks' task queue serving every runbook workflow with the activities given, started.
 * A run whose input cannot be read fails as an invalid plan, as on the real worker.
 * {@link #timeSkipping} for orchestration over in-memory worlds; {@link #realTime} when the
 * activities touch real systems that take real time.
 */
public final class RunbookTestEnvironment implements AutoCloseable {

  public static final String TASK_QUEUE = "runbooks";

  private final TestWorkflowEnvironment environment;

  private RunbookTestEnvironment(TestWorkflowEnvironment environment, Object... activities) {
    this.environment = environment;
    RunbookSearchAttributes.ALL.forEach(
        key -> environment.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = environment.newWorker(TASK_QUEUE);
    RunbookWorkflows.ALL.forEach(worker::registerWorkflowImplementationTypes);
    worker.registerActivitiesImplementations(activities);
    environment.start();
  }

  /** Workflow time skips ahead whenever every workflow waits on a timer: for orchestration over in-memory worlds. */
  public static Builder timeSkipping() {
    return new Builder(true);
  }

  /** Workflow time is wall-clock time: for activities that touch real systems. */
  public static Builder realTime() {
    return new Builder(false);
  }

  /** How the environment is set up before it starts. */
  public static final class Builder {
    private final TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();

    private Builder(boolean timeSkipping) {
      options.setUseTimeskipping(timeSkipping);
      options.setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
          .setWorkerInterceptors(new UnreadableInputInterceptor()).build());
    }

    /** Client options the worker and the client share, e.g. an encrypting data converter. */
    public Builder clientOptions(WorkflowClientOptions clientOptions) {
      options.setWorkflowClientOptions(clientOptions);
      return this;
    }

    /** Options merged over those the workflows give these activity types (see {@link ActivityOptionsOverride}). */
    public Builder activityOptions(Map<String, ActivityOptions> byActivityType) {
      options.setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
          .setWorkerInterceptors(new UnreadableInputInterceptor(), new ActivityOptionsOverride(byActivityType)).build());
      return this;
    }

    /** Starts the server and a worker serving every runbook with these activities. */
    public RunbookTestEnvironment start(Object... activities) {
      return new RunbookTestEnvironment(TestWorkflowEnvironment.newInstance(options.build()), activities);
    }
  }

  public WorkflowClient client() {
    return environment.getWorkflowClient();
  }

  @Override
  public void close() {
    environment.close();
  }
}
