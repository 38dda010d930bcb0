package dev.runbook.airflow;

import dev.runbook.airflow.AirflowActivities.AdvanceRequest;
import dev.runbook.airflow.AirflowActivities.BatchReport;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.DagPause;
import dev.runbook.airflow.AirflowActivities.DiscoveryRequest;
import dev.runbook.airflow.AirflowActivities.DrainReport;
import dev.runbook.airflow.AirflowActivities.DrainRequest;
import dev.runbook.airflow.AirflowActivities.MarkRequest;
import dev.runbook.airflow.AirflowActivities.MetadataNames;
import dev.runbook.airflow.AirflowActivities.MetadataRemoval;
import dev.runbook.airflow.AirflowActivities.MetadataReport;
import dev.runbook.airflow.AirflowActivities.MetadataRequest;
import dev.runbook.airflow.AirflowActivities.FinalReport;
import dev.runbook.airflow.AirflowActivities.HeldDag;
import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import dev.runbook.airflow.AirflowMigrationPlan.ParityFailurePolicy;
import dev.runbook.airflow.AirflowActivities.ParityReport;
import dev.runbook.airflow.AirflowActivities.ParityRequest;
import dev.runbook.airflow.AirflowActivities.PauseRequest;
import dev.runbook.airflow.AirflowActivities.PlannedRun;
import dev.runbook.airflow.AirflowActivities.ScheduleRequest;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.TargetReadiness;
import dev.runbook.airflow.AirflowActivities.TargetReadinessRequest;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.kernel.FailureType;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookWorkflow;
import dev.runbook.plan.AirflowEndpoint;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The Airflow runbook; {@link #migrate} reads like the wiki page it replaces. */
public class AirflowMigrationWorkflowImpl extends RunbookWorkflow implements AirflowMigrationWorkflow {

  /** Runs from before it move every DAG of a batch or none; from version 1 a DAG failing parity may be held on the source. */
  static final String DAG_PARITY_CHANGE = "dag-parity-hold";

  private final AirflowMigrationPlan plan;
  private final AirflowActivities airflow;
  private int dagParity;

  @WorkflowInit
  public AirflowMigrationWorkflowImpl(AirflowMigrationPlan plan) {
    // A null plan (input "null") is refused by migrate()'s validation, not by an NPE that would retry forever.
    super(plan == null ? new Runbook(RUNBOOK, null, null, List.of())
        : new Runbook(RUNBOOK, plan.migrationId(), plan.approvals(), AirflowPlanDefaults.gates(plan)));
    this.plan = plan;
    this.airflow = plan == null ? null : AirflowActivities.stub(AirflowPlanDefaults.parseTimeout(plan), AirflowPlanDefaults.drainTimeout(plan));
  }

  @Override
  public RunbookOutcome migrate(AirflowMigrationPlan ignored) {
    List<String> problems = AirflowPlanValidator.validate(plan);
    if (!problems.isEmpty()) {
      throw FailureType.INVALID_PLAN.failure("the plan is invalid: " + String.join("; ", problems));
    }
    return runbook.run(() -> {
      dagParity = Workflow.getVersion(DAG_PARITY_CHANGE, Workflow.DEFAULT_VERSION, 1);
      SourceInventory source = discover();
      TargetReadiness target = checkTargetReady();
      PlatformParity platform = PlatformParity.compare(source, target);
      MetadataReport metadata = migrateMetadata(source, platform);
      List<BatchReport> batches = new ArrayList<>();
      List<List<String>> planned = AirflowPlanDefaults.batches(plan, source.dags());
      for (int i = 0; i < planned.size(); i++) {
        batches.add(cutOver(i + 1, planned.get(i), source, platform));
      }
      List<String> leftOnSource = leftOnSource(source, batches);
      runbook.gate(DECOMMISSION, "every batch runs on " + plan.target().api().url() + "; decommissioning pauses every DAG of "
          + plan.source().api().url() + (leftOnSource.isEmpty() ? "" : ", including those not migrated: " + String.join(", ", leftOnSource)));
      decommission(source, metadata, batches, leftOnSource);
    });
  }

  private SourceInventory discover() {
    runbook.phase("discovery");
    SourceInventory inventory = runbook.step("discover the source and check the plan", () -> {
      SourceInventory found = airflow.discover(new DiscoveryRequest(plan.source().api(), plan.source().astro()));
      List<String> errors = AirflowPlanValidator.againstSource(plan, found);
      if (!errors.isEmpty()) {
        throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("the plan does not match the source: " + String.join("; ", errors));
      }
      return found;
    });
    runbook.fact(AirflowFacts.SOURCE_AIRFLOW, inventory.airflowVersion() + " (REST " + inventory.api() + ")");
    runbook.fact(AirflowFacts.SOURCE_DAGS, (long) inventory.dags().size());
    runbook.fact(AirflowFacts.SOURCE_IMPORT_ERRORS, (long) inventory.importErrors().size());
    if (inventory.astro() != null) {
      runbook.fact(AirflowFacts.SOURCE_ASTRO, inventory.astro().name() + " " + inventory.astro().status() + ", runtime "
          + inventory.astro().runtimeVersion());
    }
    return inventory;
  }

  private TargetReadiness checkTargetReady() {
    runbook.phase("target readiness");
    TargetReadiness ready = runbook.waitFor("await the target's workloads and health", () -> airflow.awaitTargetReady(
        new TargetReadinessRequest(plan.target().api(), plan.target().namespace(), plan.target().release(),
            AirflowActivities.READINESS_TIMEOUT)));
    runbook.fact(AirflowFacts.TARGET_AIRFLOW, ready.airflowVersion());
    runbook.fact(AirflowFacts.TARGET_WORKLOADS, String.join(", ", ready.workloads()));
    return ready;
  }

  /** Pools first (tasks wait forever for a missing pool), then variables, then connections. */
  private MetadataReport migrateMetadata(SourceInventory source, PlatformParity platform) {
    runbook.phase("metadata");
    AirflowEndpoint target = plan.target().api();
    MetadataNames before = runbook.step("read the target's metadata", () -> airflow.metadataNames(target));
    runbook.onRollback("migrate metadata", () -> airflow.removeMetadata(new MetadataRemoval(target, added(source, before))));
    MetadataReport report = runbook.step("migrate pools, variables and connections", () -> airflow.migrateMetadata(
        new MetadataRequest(plan.source().api(), target, AirflowPlanDefaults.metadata(plan))));
    runbook.fact(AirflowFacts.METADATA, report.summary());
    List<String> notCarried = notCarried(source, report);
    if (dagParity >= 1) {
      notCarried.addAll(platform.gaps());
    }
    if (!notCarried.isEmpty()) {
      runbook.gate(METADATA, "not migrated, to be provided on the target before its DAGs run:\n" + String.join("\n", notCarried)
          + "\nmigrated: " + report.summary());
    }
    return report;
  }

  /** What the REST APIs could not carry over: items the copy left out, and the Astro deployment's environment. */
  private static List<String> notCarried(SourceInventory source, MetadataReport report) {
    List<String> lines = new ArrayList<>(report.notMigrated());
    if (source.astro() != null && !source.astro().environmentVariables().isEmpty()) {
      lines.add("Astro environment variables (set them in the Helm values or Secrets): "
          + String.join(", ", source.astro().environmentVariables())
          + (source.astro().secretEnvironmentVariables().isEmpty() ? ""
              : "; secret, values not readable: " + String.join(", ", source.astro().secretEnvironmentVariables())));
    }
    return lines;
  }

  /** The source's pools, variables and connections that the target did not have before: what undo removes. */
  private static MetadataNames added(SourceInventory source, MetadataNames before) {
    return new MetadataNames(
        missing(source.pools(), before.pools()),
        missing(source.variables().stream().map(VariableInfo::key).toList(), before.variables()),
        missing(source.connections().stream().map(AirflowActivities.ConnectionInfo::connectionId).toList(), before.connections()));
  }

  private static List<String> missing(List<String> names, List<String> present) {
    Set<String> existing = new HashSet<>(present);
    return names.stream().filter(name -> !existing.contains(name)).toList();
  }

  private BatchReport cutOver(int number, List<String> dagIds, SourceInventory source, PlatformParity platform) {
    String batch = AirflowMigrationWorkflow.batchGate(number);
    runbook.phase("cutover " + batch);
    runbook.fact(AirflowFacts.BATCH_STARTED_AT, batch, Workflow.currentTimeMillis());
    ParityFailurePolicy onFailure = dagParity >= 1 ? AirflowPlanDefaults.onParityFailure(plan) : null;
    // Held at once: a DAG whose tasks use a provider the target lacks cannot parse there.
    List<HeldDag> failed = new ArrayList<>(onFailure == ParityFailurePolicy.HOLD_ON_SOURCE
        ? platform.needingMissingProviders(source, dagIds) : List.of());
    Set<String> known = failed.stream().map(HeldDag::dagId).collect(Collectors.toSet());
    List<String> checked = dagIds.stream().filter(dag -> !known.contains(dag)).toList();
    ParityReport parity = checked.isEmpty() ? new ParityReport(List.of(), List.of(), List.of())
        : runbook.waitFor("DAG parity of " + batch, () -> airflow.awaitParity(new ParityRequest(
            plan.target().api(), checked, files(source, checked), AirflowPlanDefaults.parseTimeout(plan), fileOfDag(source, checked),
            onFailure)));
    parity.failed().forEach(dag -> failed.add(platform.explain(dag)));
    Set<String> held = failed.stream().map(HeldDag::dagId).collect(Collectors.toSet());
    List<String> moving = dagIds.stream().filter(dag -> !held.contains(dag)).toList();
    HandOver over = moving.isEmpty() ? HandOver.NOTHING : handOverBatch(batch, source, moving);
    BatchReport report = new BatchReport(number, moving, parity.reparsed(), over.drain(), over.decision().verdicts(),
        over.decision().toUnpause(), over.decision().heldPaused(), over.planned(), failed);
    runbook.fact(AirflowFacts.BATCH_SUMMARY, batch, over.decision().toUnpause().size() + " unpaused on the target, "
        + over.decision().heldPaused().size() + " held paused" + (held.isEmpty() ? "" : ", " + held.size() + " held on the source"));
    runbook.fact(AirflowFacts.BATCH_DAGS_MOVED, batch, (long) moving.size());
    runbook.fact(AirflowFacts.BATCH_INTERVALS_CHECKED, batch, over.decision().verdicts().stream()
        .filter(verdict -> verdict.outcome() != ContinuityVerdict.Outcome.NOT_TIME_SCHEDULED).count());
    runbook.fact(AirflowFacts.BATCH_READY_AT, batch, Workflow.currentTimeMillis());
    runbook.gate(batch, report.evidence());
    runbook.fact(AirflowFacts.BATCH_DECIDED_AT, batch, Workflow.currentTimeMillis());
    return report;
  }

  private HandOver handOverBatch(String batch, SourceInventory source, List<String> dagIds) {
    List<DagPause> original = pauseStates(source, dagIds);
    // Registered before the batch changes anything: undo hands every DAG of the batch back to the source.
    runbook.onRollback("cut over " + batch, () -> {
      HandOver back = handOver(Direct.STEPS, plan.target().api(), plan.source().api(), allPaused(dagIds), original, batch + " back");
      if (!back.decision().heldPaused().isEmpty()) {
        runbook.fact(AirflowFacts.BATCH_ROLLBACK_HELD_PAUSED, batch, String.join("; ", back.decision().heldPaused()));
      }
    });
    return handOver(runbook::step, plan.source().api(), plan.target().api(), original, original, batch);
  }

  /** How a hand-over runs its steps: through the kernel going forward, directly inside a compensation. */
  @FunctionalInterface
  private interface Steps {
    <T> T step(String name, Supplier<T> action);
  }

  /** Inside a compensation the kernel already tracks the whole undo as one step. */
  private enum Direct implements Steps {
    STEPS;

    @Override
    public <T> T step(String name, Supplier<T> action) {
      return action.get();
    }
  }

  private record HandOver(DrainReport drain, HandOverDecision decision, List<PlannedRun> planned) {

    /** A batch whose every DAG is held on the source hands nothing over. */
    static final HandOver NOTHING = new HandOver(new DrainReport(List.of(), List.of()),
        HandOverDecision.decide(List.of(), List.of(), IntervalRiskPolicy.MARK_DONE, 0), List.of());
  }

  /**
   * Moves DAGs from one instance to the other: hold them paused on {@code to}, pause them on
   * {@code from} when idle, mark on {@code to} the intervals {@code from} already ran, unpause on
   * {@code to} those {@code wanted} unpaused whose schedule continues safely, and see their next
   * runs move past the marked intervals. The same steps hand a batch back on rollback.
   *
   * @param fromBefore each DAG's pause state on {@code from} before the runbook touched it
   * @param wanted each DAG's pause state wanted on {@code to}
   */
  private HandOver handOver(
      Steps steps, AirflowEndpoint from, AirflowEndpoint to, List<DagPause> fromBefore, List<DagPause> wanted, String what) {
    List<String> dagIds = wanted.stream().map(DagPause::dagId).toList();
    String toName = describe(to);
    String fromName = describe(from);
    steps.step("hold " + what + " paused on the " + toName, () -> {
      airflow.setPaused(new PauseRequest(to, allPaused(dagIds)));
      return null;
    });
    DrainReport drain = steps.step("pause " + what + " on the " + fromName + " once idle", () -> airflow.pauseWhenIdle(
        new DrainRequest(from, fromBefore, AirflowPlanDefaults.drainTimeout(plan))));
    int maxMarked = AirflowPlanDefaults.maxMarkedRuns(plan);
    List<DagSchedule> schedules = steps.step("read the schedules of " + what + " on both sides", () -> airflow.readSchedules(
        new ScheduleRequest(from, to, dagIds, maxMarked)));
    HandOverDecision decision = HandOverDecision.decide(schedules, wanted, AirflowPlanDefaults.intervalRisk(plan), maxMarked);
    if (!decision.toMark().isEmpty()) {
      steps.step("mark on the " + toName + " the intervals the " + fromName + " ran (" + what + ")", () -> {
        airflow.markIntervalsDone(new MarkRequest(to, decision.toMark(),
            "ran on the " + fromName + " before migration " + plan.migrationId() + "; recorded so it is not run again"));
        return null;
      });
    }
    if (!decision.toUnpause().isEmpty()) {
      steps.step("unpause " + what + " on the " + toName, () -> {
        airflow.setPaused(new PauseRequest(to, decision.toUnpause().stream().map(dag -> new DagPause(dag, false)).toList()));
        return null;
      });
    }
    List<PlannedRun> planned = decision.awaitAdvance().isEmpty() ? List.of()
        : steps.step("see the next runs of " + what + " move past the marked intervals", () -> airflow.awaitScheduleAdvanced(
            new AdvanceRequest(to, decision.awaitAdvance(), AirflowActivities.ADVANCE_TIMEOUT)));
    return new HandOver(drain, decision, planned);
  }

  private String describe(AirflowEndpoint endpoint) {
    return endpoint.equals(plan.source().api()) ? "source" : "target";
  }

  private static List<String> leftOnSource(SourceInventory source, List<BatchReport> batches) {
    Set<String> migrated = batches.stream().flatMap(batch -> batch.dags().stream()).collect(Collectors.toSet());
    return source.dags().stream().map(DagInfo::dagId).filter(dag -> !migrated.contains(dag)).toList();
  }

  private void decommission(SourceInventory source, MetadataReport metadata, List<BatchReport> batches, List<String> leftOnSource) {
    runbook.phase("decommission");
    List<String> all = source.dags().stream().map(DagInfo::dagId).toList();
    runbook.onRollback("pause every DAG of the source", () -> airflow.setPaused(
        new PauseRequest(plan.source().api(), pauseStates(source, leftOnSource))));
    runbook.step("pause every DAG of the source", () -> airflow.setPaused(new PauseRequest(plan.source().api(), allPaused(all))));
    String file = runbook.step("write the final report", () -> airflow.writeReport(new FinalReport(plan.migrationId(),
        plan.source().api().url(), plan.target().api().url(), source.astro(), metadata, batches, leftOnSource, all)));
    runbook.fact(AirflowFacts.FINAL_REPORT, file);
  }

  private static List<DagPause> allPaused(List<String> dagIds) {
    return dagIds.stream().map(dag -> new DagPause(dag, true)).toList();
  }

  private static List<DagPause> pauseStates(SourceInventory source, List<String> dagIds) {
    Map<String, DagInfo> byId = source.dags().stream().collect(Collectors.toMap(DagInfo::dagId, Function.identity()));
    return dagIds.stream().map(dag -> new DagPause(dag, byId.get(dag).paused())).toList();
  }

  private static Map<String, String> fileOfDag(SourceInventory source, List<String> dagIds) {
    Set<String> wanted = new HashSet<>(dagIds);
    Map<String, String> files = new java.util.TreeMap<>();
    source.dags().stream().filter(dag -> wanted.contains(dag.dagId())).forEach(dag -> files.put(dag.dagId(), dag.fileLocation()));
    return files;
  }

  private static List<String> files(SourceInventory source, List<String> dagIds) {
    Set<String> wanted = new HashSet<>(dagIds);
    return source.dags().stream().filter(dag -> wanted.contains(dag.dagId())).map(DagInfo::fileLocation).distinct().toList();
  }
}
