package dev.runbook.kernel;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays stored histories against today's code: a change that would break running executions
 * (a step added, moved or removed without {@code Workflow.getVersion}) fails here.
 */
class RunbookReplayTest {

  @Test
  void replaysARolledBackDrillWithRefusedSignalAndTwoGates() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/drill-rolled-back.json", DrillWorkflowImpl.class);
  }
}
