package dev.runbook.kafka.groups;

import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
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

/** Bounded fan-out of group children with continue-as-new; see {@link CutoverCoordinatorWorkflow}. */
public class CutoverCoordinatorWorkflowImpl implements CutoverCoordinatorWorkflow {

  /**
   * Events after which a run starts no more children and continues as new once the running ones
   * end: each group costs this history about 9 events (start, started, completed and their
   * workflow tasks), so a run stays well below the 10,240 events at which Temporal warns.
   */
  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 3_000;

  private final Deque<ConsumerGroupCutover> pending = new ArrayDeque<>();
  private final List<GroupCutoverResult> done = new ArrayList<>();
  private final Map<String, Child> running = new LinkedHashMap<>();
  private String stoppedAt;

  @Override
  public Outcome cutOver(GroupCutoverRequest request) {
    pending.addAll(request.groups());
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
      Workflow.continueAsNew(request.continuing(List.copyOf(pending), List.copyOf(done)));
    }
    return new Outcome(List.copyOf(done), pending.stream().map(ConsumerGroupCutover::group).toList());
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

  private void start(GroupCutoverRequest request, ConsumerGroupCutover group) {
    String id = GroupCutoverWorkflow.workflowId(request.migrationWorkflowId(), group.group(), request.scope().direction());
    GroupCutoverWorkflow child = Workflow.newChildWorkflowStub(
        GroupCutoverWorkflow.class, ChildWorkflowOptions.newBuilder().setWorkflowId(id).build());
    running.put(id, new Child(group.group(), Async.function(child::cutOver, request.forGroup(group))));
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
      GroupCutoverResult ended = failure == null ? child.result().get()
          : new GroupCutoverResult(child.group(), id, RunbookStatus.ABORTED, "the child workflow failed: " + failure.getMessage(),
              List.of(), 0, 0);
      done.add(ended);
      if (!ended.completed() && stoppedAt == null) {
        stoppedAt = ended.group();
      }
    }
  }

  private record Child(String group, Promise<GroupCutoverResult> result) {}
}
