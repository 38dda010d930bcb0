package dev.runbook.testing;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits on a running runbook through its progress query, the way an operator watches it. Polling
 * a query does not unlock the test server's time skipping, so gate timeouts stay where they are.
 */
public final class RunbookProbe {

  private RunbookProbe() {}

  /** Polls until {@code condition} holds (a workflow not started yet is waited for); fails with the last progress seen. */
  public static Progress awaitProgress(RunbookControl run, Predicate<Progress> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = run.progress();
        if (condition.test(last)) {
          return last;
        }
      } catch (WorkflowNotFoundException notYet) {
        // A child workflow the test waits for may not have been started yet.
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }
    throw new AssertionError("not reached within " + timeout + "; last progress: " + last);
  }

  public static Progress awaitGate(RunbookControl run, String gate, Duration timeout) {
    return awaitProgress(run, p -> p.pendingGate() != null && gate.equals(p.pendingGate().name()), timeout);
  }

  /** The workflow's result, given its typed stub; fails with its progress when it does not end in time. */
  public static RunbookOutcome result(RunbookControl run, Duration timeout) {
    try {
      return WorkflowStub.fromTyped(run).getResult(timeout.toSeconds(), TimeUnit.SECONDS, RunbookOutcome.class);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout + "; progress: " + run.progress());
    }
  }

  /** Starts a Kafka migration of {@code plan} on the test environment's task queue. */
  public static KafkaMigrationWorkflow startKafka(WorkflowClient client, KafkaMigrationPlan plan) {
    KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(RunbookTestEnvironment.TASK_QUEUE).setWorkflowId(plan.workflowId()).build());
    WorkflowClient.start(run::migrate, plan);
    return run;
  }

  /** Waits up to 20 s for {@code gate} to open, then approves it as alice. */
  public static void approveAsAlice(RunbookControl run, String gate) {
    awaitGate(run, gate, Duration.ofSeconds(20));
    run.decide(GateDecision.approve(gate, "alice", null));
  }
}
