package dev.runbook.airflow;

import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.airflow.AirflowMigrationPlan.ParityFailurePolicy;
import dev.runbook.kernel.StepOptions;
import dev.runbook.plan.AirflowEndpoint;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Airflow runbook's view of the world: the Astro API, both Airflow REST APIs and the target's
 * Helm release on Kubernetes. Every call is idempotent (check, then act), so a retry or a rerun
 * after a crash repeats nothing. Activity types are prefixed {@code Airflow} (the Kafka runbook has a
 * {@code discover} too). Nothing here returns a secret value: variables, passwords and
 * Astro secret environment variables appear by name only.
 */
@ActivityInterface(namePrefix = "Airflow")
public interface AirflowActivities {

  /** How long the target's workloads may take to be ready. */
  Duration READINESS_TIMEOUT = Duration.ofMinutes(15);
  /** How long a DAG's next planned run may take to move past the intervals marked done. */
  Duration ADVANCE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The stub workflows call these through, each method with its own options: reads retry
   * patiently, writes up to 3 times, waits up to their limit (the plan's parse and drain timeouts,
   * {@link #READINESS_TIMEOUT}, {@link #ADVANCE_TIMEOUT}) plus a minute for the activity to say why.
   */
  static AirflowActivities stub(Duration parseTimeout, Duration drainTimeout) {
    ActivityOptions read = StepOptions.read(Duration.ofMinutes(5));
    ActivityOptions change = StepOptions.change(Duration.ofMinutes(5), 3);
    return StepOptions.stub(AirflowActivities.class, Map.ofEntries(
        Map.entry("discover", read),
        Map.entry("awaitTargetReady", StepOptions.longWait(READINESS_TIMEOUT.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("metadataNames", read),
        Map.entry("migrateMetadata", change),
        Map.entry("removeMetadata", change),
        Map.entry("awaitParity", StepOptions.longWait(parseTimeout.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("setPaused", change),
        Map.entry("pauseWhenIdle", StepOptions.longWait(drainTimeout.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("readSchedules", read),
        Map.entry("markIntervalsDone", change),
        Map.entry("awaitScheduleAdvanced", StepOptions.longWait(ADVANCE_TIMEOUT.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("writeReport", change)));
  }

  /** Reads the source: Astro deployment (when named), Airflow version, DAGs, pools, variables, connections, import errors. */
  SourceInventory discover(DiscoveryRequest request);

  /** Waits until the release's Deployments and StatefulSets are ready and every reported health component is healthy. */
  TargetReadiness awaitTargetReady(TargetReadinessRequest request);

  /** The pools, variables and connections that exist on an instance, by name. */
  MetadataNames metadataNames(AirflowEndpoint endpoint);

  /** Copies pools, then variables, then connections from source to target, as the plan's policy says. */
  MetadataReport migrateMetadata(MetadataRequest request);

  /** Deletes these pools, variables and connections from an instance; absent ones are fine. */
  void removeMetadata(MetadataRemoval request);

  /** Waits until every DAG is parsed on the target without import errors, asking for a reparse of failed files. */
  ParityReport awaitParity(ParityRequest request);

  /** Sets each DAG's pause state; DAGs already in that state are left alone. */
  void setPaused(PauseRequest request);

  /**
   * Pauses each DAG at a moment it has no queued or running run. Airflow stops scheduling the runs
   * of a paused DAG, so pausing first and then waiting would freeze them: this waits for idleness,
   * pauses, and unpauses again if a run slipped in meanwhile.
   */
  DrainReport pauseWhenIdle(DrainRequest request);

  /** Both instances' view of each DAG's schedule, for {@link IntervalContinuity}. */
  List<DagSchedule> readSchedules(ScheduleRequest request);

  /** Records intervals as done on an instance: a run at each logical date, marked success without running tasks. */
  void markIntervalsDone(MarkRequest request);

  /** Waits until each DAG's next planned run on an instance is after the given instant, and returns them. */
  List<PlannedRun> awaitScheduleAdvanced(AdvanceRequest request);

  /** Writes the migration report as JSON and returns where. */
  String writeReport(FinalReport report);

  /** What discovery reads. */
  record DiscoveryRequest(AirflowEndpoint source, AstroDeployment astro) {}

  /** The source as found, with its provider packages and plugins; secret values never included. */
  record SourceInventory(
      AstroSummary astro,
      String airflowVersion,
      String api,
      List<DagInfo> dags,
      List<String> pools,
      List<VariableInfo> variables,
      List<ConnectionInfo> connections,
      List<String> importErrors,
      List<ProviderInfo> providers,
      List<String> plugins) {}

  /** A provider package an Airflow has installed, as its API lists it. */
  record ProviderInfo(String packageName, String version) {

    @Override
    public String toString() {
      return packageName + " " + version;
    }
  }

  /** The Astronomer deployment; environment variables by name, secret ones listed apart (Astro never returns their values). */
  record AstroSummary(
      String deploymentId,
      String name,
      String airflowVersion,
      String runtimeVersion,
      String status,
      List<String> environmentVariables,
      List<String> secretEnvironmentVariables) {}

  /**
   * A DAG of the source: schedule, catchup, pause state, tags, file, its last scheduled run, its
   * owners, and its tasks' operator classes (fully qualified, as the API reports them).
   */
  record DagInfo(
      String dagId,
      boolean paused,
      String schedule,
      boolean timeScheduled,
      boolean catchup,
      List<String> tags,
      String fileLocation,
      RunInterval lastScheduledRun,
      boolean hasImportErrors,
      List<String> owners,
      List<String> operatorClasses) {}

  /** A variable by key; {@code masked} when the API hides its value. */
  record VariableInfo(String key, boolean masked) {}

  /** A connection by id; whether a password is set, and whether its extra holds masked fields. */
  record ConnectionInfo(String connectionId, String type, boolean passwordSet, boolean extraMasked) {}

  /** Which Helm release and API to check, and for how long. */
  record TargetReadinessRequest(AirflowEndpoint api, String namespace, String release, Duration timeout) {}

  /**
   * What was found ready: workloads as {@code kind/name ready/desired}, Airflow version, healthy
   * components, and the provider packages and plugins the target has.
   */
  record TargetReadiness(
      List<String> workloads, String airflowVersion, List<String> healthyComponents, List<ProviderInfo> providers,
      List<String> plugins) {}

  /** Pools, variables and connections by name. */
  record MetadataNames(List<String> pools, List<String> variables, List<String> connections) {

    public MetadataNames {
      pools = List.copyOf(pools);
      variables = List.copyOf(variables);
      connections = List.copyOf(connections);
    }
  }

  /** Copy metadata from source to target under the plan's policy and secret references. */
  record MetadataRequest(AirflowEndpoint source, AirflowEndpoint target, Metadata metadata) {}

  /**
   * What the metadata copy did, item by item ({@code pool NAME}, {@code variable KEY},
   * {@code connection ID}): {@code notMigrated} says why each item (or part of it) did not move.
   */
  record MetadataReport(
      List<String> created,
      List<String> overwritten,
      List<String> unchanged,
      List<String> keptOnTarget,
      List<String> notMigrated) {

    public String summary() {
      return created.size() + " created, " + overwritten.size() + " overwritten, " + unchanged.size() + " unchanged, "
          + keptOnTarget.size() + " kept as on the target" + (keptOnTarget.isEmpty() ? "" : " (" + String.join(", ", keptOnTarget) + ")")
          + "; not migrated: " + (notMigrated.isEmpty() ? "none" : String.join("; ", notMigrated));
    }
  }

  /** Which metadata to delete from an instance. */
  record MetadataRemoval(AirflowEndpoint endpoint, MetadataNames names) {}

  /**
   * The DAGs of a batch and the files they come from (as the source names them; {@code fileOfDag} by
   * DAG id). {@code onFailure} {@code HOLD_ON_SOURCE}: a DAG whose file fails on the target is reported,
   * not waited for; otherwise the wait parks on it.
   */
  record ParityRequest(
      AirflowEndpoint target, List<String> dagIds, List<String> files, Duration timeout, Map<String, String> fileOfDag,
      ParityFailurePolicy onFailure) {}

  /** DAGs found parsed on the target, the files whose reparse was requested, and the DAGs that failed there. */
  record ParityReport(List<String> present, List<String> reparsed, List<HeldDag> failed) {

    public ParityReport {
      failed = failed == null ? List.of() : List.copyOf(failed);
    }
  }

  /** A DAG kept on the source, and why. */
  record HeldDag(String dagId, String reason) {

    @Override
    public String toString() {
      return dagId + ": " + reason;
    }
  }

  /** One DAG's pause state. */
  record DagPause(String dagId, boolean paused) {}

  /** Set these pause states on an instance. */
  record PauseRequest(AirflowEndpoint endpoint, List<DagPause> states) {}

  /**
   * Pause these DAGs when idle, within {@code timeout}; {@code original} holds each DAG's pause state
   * before the runbook touched it (a DAG paused by the runbook with runs left is unpaused to drain).
   */
  record DrainRequest(AirflowEndpoint endpoint, List<DagPause> original, Duration timeout) {}

  /** DAGs paused idle, and DAGs that were already paused with runs frozen by that pause (as {@code dag: n run(s)}). */
  record DrainReport(List<String> pausedIdle, List<String> frozenRuns) {}

  /** Read the schedules of these DAGs on both sides of a hand-over; list at most {@code maxRuns} runs to repeat. */
  record ScheduleRequest(AirflowEndpoint from, AirflowEndpoint to, List<String> dagIds, int maxRuns) {}

  /** Intervals of one DAG to record as done. */
  record DagIntervals(String dagId, List<RunInterval> intervals) {}

  /** Record these intervals as done on an instance, with a note saying where they ran. */
  record MarkRequest(AirflowEndpoint endpoint, List<DagIntervals> dags, String note) {}

  /** One DAG whose next planned run must come after {@code after}. */
  record DagAfter(String dagId, Instant after) {}

  /** Wait on an instance until each DAG's next planned run is after its instant. */
  record AdvanceRequest(AirflowEndpoint endpoint, List<DagAfter> dags, Duration timeout) {}

  /** A DAG's next planned run on an instance ({@code null} when none). */
  record PlannedRun(String dagId, RunInterval next) {}

  /** The final report, written as JSON on the worker (the migration report is drawn from the run itself). */
  record FinalReport(
      String migrationId,
      String source,
      String target,
      AstroSummary astro,
      MetadataReport metadata,
      List<BatchReport> batches,
      List<String> leftOnSource,
      List<String> pausedAtDecommission) {}

  /** One batch: its DAGs, what parity found, how each DAG's schedule continues, what is held paused. */
  record BatchReport(
      int number,
      List<String> dags,
      List<String> reparsed,
      DrainReport drain,
      List<ContinuityVerdict> continuity,
      List<String> unpausedOnTarget,
      List<String> heldPaused,
      List<PlannedRun> plannedOnTarget,
      List<HeldDag> heldOnSource) {

    public BatchReport {
      heldOnSource = heldOnSource == null ? List.of() : List.copyOf(heldOnSource);
    }

    /** The gate's evidence: one line per finding. */
    public String evidence() {
      StringBuilder text = new StringBuilder("batch " + number + ": " + dags.size() + " DAG(s) on the target, unpaused there: "
          + (unpausedOnTarget.isEmpty() ? "none" : String.join(", ", unpausedOnTarget)));
      if (!heldOnSource.isEmpty()) {
        text.append("\nHELD ON THE SOURCE (fail on the target): ").append(String.join("; ", heldOnSource.stream()
            .map(HeldDag::toString).toList()));
      }
      if (!heldPaused.isEmpty()) {
        text.append("\nHELD PAUSED on the target (risk): ").append(String.join("; ", heldPaused));
      }
      if (!drain.frozenRuns().isEmpty()) {
        text.append("\nruns frozen by an earlier pause on the source: ").append(String.join(", ", drain.frozenRuns()));
      }
      continuity.forEach(verdict -> text.append("\n").append(verdict));
      plannedOnTarget.forEach(planned -> text.append("\n").append(planned.dagId()).append(": next run on the target ")
          .append(planned.next() == null ? "none" : planned.next()));
      return text.toString();
    }
  }
}
