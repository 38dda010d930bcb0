package dev.runbook.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every execution one run of a runbook made, found by walking histories (the test server cannot
 * list executions): a history's started children and its continue-as-new successor are
 * executions too. Measures how many there are and the longest history.
 */
final class ExecutionHistories {

  /** The count of executions, the longest history and whose it is, and the top-level run's own length. */
  record Census(int executions, int maxEvents, String longest, int rootEvents) {}

  private ExecutionHistories() {}

  static Census of(WorkflowClient client, String rootWorkflowId) {
    Deque<WorkflowExecution> toVisit = new ArrayDeque<>();
    toVisit.add(WorkflowExecution.newBuilder().setWorkflowId(rootWorkflowId).build());
    int executions = 0;
    int maxEvents = 0;
    int rootEvents = 0;
    String longest = null;
    while (!toVisit.isEmpty()) {
      WorkflowExecution execution = toVisit.poll();
      List<HistoryEvent> events = client.fetchHistory(execution.getWorkflowId(),
          execution.getRunId().isEmpty() ? null : execution.getRunId()).getEvents();
      executions++;
      if (executions == 1) {
        rootEvents = events.size();
      }
      if (events.size() > maxEvents) {
        maxEvents = events.size();
        longest = execution.getWorkflowId();
      }
      for (HistoryEvent event : events) {
        if (event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
          toVisit.add(event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution());
        } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
          toVisit.add(WorkflowExecution.newBuilder().setWorkflowId(execution.getWorkflowId())
              .setRunId(event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()).build());
        }
      }
    }
    return new Census(executions, maxEvents, longest, rootEvents);
  }
}
