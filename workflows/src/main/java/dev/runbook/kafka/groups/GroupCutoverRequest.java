package dev.runbook.kafka.groups;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Consumer groups to cut over, as the migration hands them to the {@link CutoverCoordinatorWorkflow}
 * and the coordinator hands each one to its {@link GroupCutoverWorkflow}: the plan's groups as they
 * are, at most {@code parallelism} at once, and, cutting back over to the source, each app as it was
 * before the cutover stopped it ({@code appsBefore}). {@code done} carries the results of the
 * coordinator's earlier runs when it continues as new.
 */
public record GroupCutoverRequest(
    String migrationWorkflowId,
    CutoverScope scope,
    int parallelism,
    List<ConsumerGroupCutover> groups,
    List<AppSnapshot> appsBefore,
    List<GroupCutoverResult> done) {

  public GroupCutoverRequest {
    groups = groups == null ? List.of() : List.copyOf(groups);
    appsBefore = appsBefore == null ? List.of() : List.copyOf(appsBefore);
    done = done == null ? List.of() : List.copyOf(done);
  }

  /**
   * Also reads the shapes recorded before this record existed, so those runs still replay: the
   * coordinator's input listed its groups as {@code pending: [{group, before}]}, a group's input as
   * {@code move: {group, before}}.
   */
  @JsonCreator
  static GroupCutoverRequest fromJson(
      @JsonProperty("migrationWorkflowId") String migrationWorkflowId,
      @JsonProperty("scope") CutoverScope scope,
      @JsonProperty("parallelism") int parallelism,
      @JsonProperty("groups") List<ConsumerGroupCutover> groups,
      @JsonProperty("appsBefore") List<AppSnapshot> appsBefore,
      @JsonProperty("done") List<GroupCutoverResult> done,
      @JsonProperty("pending") List<RecordedGroup> pending,
      @JsonProperty("move") RecordedGroup move) {
    List<RecordedGroup> recorded = new ArrayList<>(pending == null ? List.of() : pending);
    if (move != null) {
      recorded.add(move);
    }
    if (recorded.isEmpty()) {
      return new GroupCutoverRequest(migrationWorkflowId, scope, parallelism, groups, appsBefore, done);
    }
    List<AppSnapshot> before = new ArrayList<>();
    recorded.forEach(group -> before.addAll(group.before() == null ? List.of() : group.before()));
    return new GroupCutoverRequest(migrationWorkflowId, scope, parallelism,
        recorded.stream().map(RecordedGroup::group).toList(), before, done);
  }

  /** One group of the shape recorded before this record existed. */
  record RecordedGroup(ConsumerGroupCutover group, List<AppSnapshot> before) {}

  /** The request for one group's own child: its group, its apps' snapshots. */
  public GroupCutoverRequest forGroup(ConsumerGroupCutover group) {
    Set<String> apps = new HashSet<>(group.apps().stream().map(AppRef::id).toList());
    return new GroupCutoverRequest(migrationWorkflowId, scope, 1, List.of(group),
        appsBefore.stream().filter(app -> apps.contains(app.app().id())).toList(), List.of());
  }

  /** The one group of a group's own request. */
  public ConsumerGroupCutover group() {
    if (groups.size() != 1) {
      throw new IllegalStateException("a group's cutover request holds " + groups.size() + " groups");
    }
    return groups.get(0);
  }

  /** The rest of the work, for the coordinator's next run when it continues as new. */
  public GroupCutoverRequest continuing(List<ConsumerGroupCutover> left, List<GroupCutoverResult> doneSoFar) {
    return new GroupCutoverRequest(migrationWorkflowId, scope, parallelism, left, appsBefore, doneSoFar);
  }
}
