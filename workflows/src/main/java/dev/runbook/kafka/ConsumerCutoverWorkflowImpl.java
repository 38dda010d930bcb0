package dev.runbook.kafka;

import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMove;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoveRequest;
import dev.runbook.kafka.ConsumerGroupCutoverWorkflow.GroupMoved;
import dev.runbook.kernel.RunbookStatus;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bounded fan-out of group children with continue-as-new; see {@link ConsumerCutoverWorkflow}. */
public class ConsumerCutoverWorkflowImpl implements ConsumerCutoverWorkflow {

  /**
   * Events after which a run starts no more children and continues as new once the running ones
   * end: each group costs this history about 9 events (start, started, completed and their
   * workflow tasks), so a run stays well below the 10,240 events at which Temporal warns.
   */
  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 3_000;

  private final Deque<GroupMove> pending = new ArrayDeque<>();
  private final List<GroupMoved> done = new ArrayList<>();
  private final Map<String, Child> running = new LinkedHashMap<>();
  private String stoppedAt;

  @Override
  public ConsumerCutoverResult moveGroups(ConsumerCutoverRequest request) {
    pending.addAll(request.pending());
    done.addAll(request.done());
    int parallelism = Math.max(1, request.parallelism());
    while (!running.isEmpty() || mayStart()) {
      while (running.size() < parallelism && mayStart()) {
        start(request, pending.poll());
      }
      Promise.anyOf(running.values().stream().map(Child::result).toList()).get();
      collectEnded();
    }
    if (stoppedAt == null && !pending.isEmpty()) {
      Workflow.continueAsNew(new ConsumerCutoverRequest(
          request.migrationWorkflowId(), request.scope(), request.parallelism(), List.copyOf(pending), List.copyOf(done)));
    }
    return new ConsumerCutoverResult(List.copyOf(done), pending.stream().map(move -> move.group().group()).toList());
  }

  @Override
  public GroupsProgress groups() {
    return new GroupsProgress(List.copyOf(running.keySet()), done.size(), pending.size(), stoppedAt);
  }

  private boolean mayStart() {
    return stoppedAt == null && !pending.isEmpty()
        && Workflow.getInfo().getHistoryLength() < CONTINUE_AS_NEW_AFTER_EVENTS
        && !Workflow.getInfo().isContinueAsNewSuggested();
  }

  private void start(ConsumerCutoverRequest request, GroupMove move) {
    String id = ConsumerGroupCutoverWorkflow.workflowId(
        request.migrationWorkflowId(), move.group().group(), request.scope().direction());
    ConsumerGroupCutoverWorkflow child = Workflow.newChildWorkflowStub(
        ConsumerGroupCutoverWorkflow.class, ChildWorkflowOptions.newBuilder().setWorkflowId(id).build());
    running.put(id, new Child(move.group().group(), Async.function(child::move, new GroupMoveRequest(request.scope(), move))));
  }

  /** Takes every ended child out of {@code running}; the first that did not complete stops new starts. */
  private void collectEnded() {
    for (String id : List.copyOf(running.keySet())) {
      Child child = running.get(id);
      if (!child.result().isCompleted()) {
        continue;
      }
      running.remove(id);
      RuntimeException failure = child.result().getFailure();
      GroupMoved ended = failure == null ? child.result().get()
          : new GroupMoved(child.group(), id, RunbookStatus.ABORTED, "the child workflow failed: " + failure.getMessage(),
              List.of(), 0, 0);
      done.add(ended);
      if (!ended.completed() && stoppedAt == null) {
        stoppedAt = ended.group();
      }
    }
  }

  private record Child(String group, Promise<GroupMoved> result) {}
}
