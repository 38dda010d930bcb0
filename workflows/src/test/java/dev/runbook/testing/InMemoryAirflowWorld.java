package dev.runbook.testing;

import dev.runbook.airflow.AirflowActivities;
import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.DagSchedule;
import dev.runbook.airflow.RunInterval;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.NotificationActivities;
import dev.runbook.plan.AirflowEndpoint;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Airflow runbook's outside world in memory: a source and a target instance (by URL), each with
 * DAGs (pause state, automated runs, next planned run) and metadata names. Schedules follow the
 * scheduler's rule the runbook relies on: marking intervals done moves the next run past them.
 * Records every change so tests see order and effect, and fails on demand. Orchestration only; the
 * real Airflow is exercised by the end-to-end test.
 */
public final class InMemoryAirflowWorld implements AirflowActivities, NotificationActivities {

  public final List<String> changes = new CopyOnWriteArrayList<>();
  public final List<Notification> notifications = new CopyOnWriteArrayList<>();
  public final Set<String> failing = ConcurrentHashMap.newKeySet();
  public final Instance source;
  public final Instance target;

  public InMemoryAirflowWorld(String sourceUrl, String targetUrl) {
    this.source = new Instance("source", sourceUrl);
    this.target = new Instance("target", targetUrl);
  }

  /** One Airflow instance. */
  public static final class Instance {
    final String name;
    final String url;
    public final Map<String, FakeDag> dags = new ConcurrentHashMap<>();
    public final List<String> pools = new CopyOnWriteArrayList<>();
    public final Map<String, Boolean> variables = new ConcurrentHashMap<>();
    public final Map<String, List<String>> tags = new ConcurrentHashMap<>();
    public final Map<String, List<String>> owners = new ConcurrentHashMap<>();
    public final List<String> connections = new CopyOnWriteArrayList<>();
    /** Import errors by DAG id: the DAG's file fails to parse on this instance with this error. */
    public final Map<String, String> importErrors = new ConcurrentHashMap<>();
    public final List<ProviderInfo> providers = new CopyOnWriteArrayList<>();
    public final List<String> plugins = new CopyOnWriteArrayList<>();
    public volatile String airflowVersion = "3.3.2";
    /** Operator classes of each DAG's tasks, by DAG id. */
    public final Map<String, List<String>> operators = new ConcurrentHashMap<>();

    Instance(String name, String url) {
      this.name = name;
      this.url = url;
    }

    public Map<String, Boolean> pauseStates() {
      Map<String, Boolean> states = new java.util.TreeMap<>();
      dags.forEach((id, dag) -> states.put(id, dag.paused));
      return states;
    }
  }

  /**
   * A DAG on one instance. {@code step} spaces its runs ({@code null}: not scheduled by time);
   * {@code end} is the last logical date its schedule allows ({@code null}: open).
   */
  public static final class FakeDag {
    final String id;
    final Duration step;
    final boolean catchup;
    final Instant end;
    public volatile boolean paused;
    public final List<RunInterval> runs = new CopyOnWriteArrayList<>();
    public final List<Instant> marked = new CopyOnWriteArrayList<>();
    public volatile RunInterval next;

    FakeDag(String id, Duration step, boolean catchup, Instant end, boolean paused, RunInterval next) {
      this.id = id;
      this.step = step;
      this.catchup = catchup;
      this.end = end;
      this.paused = paused;
      this.next = next;
    }

    void advancePast(Instant logicalDate) {
      Instant following = logicalDate.plus(step);
      next = end != null && following.isAfter(end) ? null : RunInterval.at(following);
    }
  }

  /**
   * Adds a DAG to both instances: on the source with its runs, pause state and next run; on the
   * target paused and planning {@code targetNext} (what Airflow plans without history).
   */
  public InMemoryAirflowWorld withDag(String id, Duration step, boolean catchup, Instant end, boolean pausedOnSource,
      List<RunInterval> sourceRuns, RunInterval sourceNext, RunInterval targetNext) {
    FakeDag onSource = new FakeDag(id, step, catchup, end, pausedOnSource, sourceNext);
    onSource.runs.addAll(sourceRuns);
    source.dags.put(id, onSource);
    target.dags.put(id, new FakeDag(id, step, catchup, end, true, targetNext));
    return this;
  }

  /** The target ran an interval on its own (time passing after a cutover). */
  public void ranOnTarget(String dagId, Instant logicalDate) {
    FakeDag dag = target.dags.get(dagId);
    dag.runs.add(RunInterval.at(logicalDate));
    dag.advancePast(logicalDate);
  }

  private Instance instance(AirflowEndpoint endpoint) {
    if (endpoint.url().equals(source.url)) {
      return source;
    }
    if (endpoint.url().equals(target.url)) {
      return target;
    }
    throw new IllegalArgumentException("unknown Airflow " + endpoint.url());
  }

  private void failIfAsked(String what) {
    if (failing.contains(what)) {
      throw ApplicationFailure.newFailure("injected failure: " + what, "Injected");
    }
  }

  @Override
  public SourceInventory discover(DiscoveryRequest request) {
    failIfAsked("discover");
    List<DagInfo> dags = source.dags.values().stream().sorted(java.util.Comparator.comparing(dag -> dag.id))
        .map(dag -> new DagInfo(dag.id, dag.paused, dag.step == null ? null : dag.step.toString(), dag.step != null, dag.catchup,
            source.tags.getOrDefault(dag.id, List.of()), dag.id + ".py", dag.runs.isEmpty() ? null : dag.runs.get(dag.runs.size() - 1),
            false, source.owners.getOrDefault(dag.id, List.of("airflow")),
            source.operators.getOrDefault(dag.id, List.of("airflow.providers.standard.operators.python.PythonOperator"))))
        .toList();
    List<VariableInfo> variables = source.variables.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(entry -> new VariableInfo(entry.getKey(), entry.getValue())).toList();
    List<ConnectionInfo> connections = source.connections.stream().map(id -> new ConnectionInfo(id, "postgres", false, false)).toList();
    return new SourceInventory(null, source.airflowVersion, "V2", dags, List.copyOf(source.pools), variables, connections, List.of(),
        List.copyOf(source.providers), List.copyOf(source.plugins));
  }

  @Override
  public TargetReadiness awaitTargetReady(TargetReadinessRequest request) {
    failIfAsked("readiness");
    return new TargetReadiness(List.of("Deployment/" + request.release() + "-scheduler 1/1"), target.airflowVersion,
        List.of("metadatabase", "scheduler"), List.copyOf(target.providers), List.copyOf(target.plugins));
  }

  @Override
  public MetadataNames metadataNames(AirflowEndpoint endpoint) {
    Instance instance = instance(endpoint);
    return new MetadataNames(instance.pools, List.copyOf(new java.util.TreeSet<>(instance.variables.keySet())), instance.connections);
  }

  @Override
  public MetadataReport migrateMetadata(MetadataRequest request) {
    failIfAsked("metadata");
    List<String> created = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> notMigrated = new ArrayList<>();
    for (String pool : source.pools) {
      (target.pools.contains(pool) ? unchanged : created).add("pool " + pool);
      if (!target.pools.contains(pool)) {
        target.pools.add(pool);
      }
    }
    new java.util.TreeMap<>(source.variables).forEach((key, masked) -> {
      if (masked && !request.metadata().variables().containsKey(key)) {
        notMigrated.add("variable " + key + ": value masked by the source API and no secret reference in metadata.variables");
      } else if (target.variables.containsKey(key)) {
        unchanged.add("variable " + key);
      } else {
        target.variables.put(key, masked);
        created.add("variable " + key);
      }
    });
    for (String connection : source.connections) {
      (target.connections.contains(connection) ? unchanged : created).add("connection " + connection);
      if (!target.connections.contains(connection)) {
        target.connections.add(connection);
      }
    }
    changes.add("copy metadata: " + String.join(", ", created));
    return new MetadataReport(created, List.of(), unchanged, List.of(), notMigrated);
  }

  @Override
  public void removeMetadata(MetadataRemoval request) {
    Instance instance = instance(request.endpoint());
    instance.pools.removeAll(request.names().pools());
    request.names().variables().forEach(instance.variables::remove);
    instance.connections.removeAll(request.names().connections());
    changes.add("remove metadata from " + instance.name + ": " + request.names().pools() + " " + request.names().variables()
        + " " + request.names().connections());
  }

  @Override
  public ParityReport awaitParity(ParityRequest request) {
    failIfAsked("parity");
    List<HeldDag> failed = request.dagIds().stream().filter(target.importErrors::containsKey)
        .map(id -> new HeldDag(id, id + ".py: " + target.importErrors.get(id))).toList();
    if (!failed.isEmpty() && request.onFailure() != AirflowMigrationPlan.ParityFailurePolicy.HOLD_ON_SOURCE) {
      // As the real wait does once the file failed again after a fresh parse: at once, for good.
      throw ApplicationFailure.newNonRetryableFailure("DAG parity on the target: " + failed.stream().map(HeldDag::toString)
          .collect(java.util.stream.Collectors.joining("; ")), "DagImportFailed");
    }
    List<String> missing = request.dagIds().stream().filter(id -> !target.dags.containsKey(id) && !target.importErrors.containsKey(id))
        .toList();
    if (!missing.isEmpty()) {
      // As the real wait ends once its time is up: for good, so the step parks.
      throw ApplicationFailure.newNonRetryableFailure("DAG parity on the target not done; last seen: waiting for "
          + String.join(", ", missing.stream().map(id -> id + " (not parsed yet)").toList()), "NotDoneInTime");
    }
    Set<String> held = failed.stream().map(HeldDag::dagId).collect(java.util.stream.Collectors.toSet());
    return new ParityReport(request.dagIds().stream().filter(id -> !held.contains(id)).toList(), List.of(), failed);
  }

  @Override
  public void setPaused(PauseRequest request) {
    Instance instance = instance(request.endpoint());
    for (DagPause wanted : request.states()) {
      FakeDag dag = instance.dags.get(wanted.dagId());
      if (dag != null && dag.paused != wanted.paused()) {
        failIfAsked((wanted.paused() ? "pause " : "unpause ") + instance.name + " " + wanted.dagId());
        dag.paused = wanted.paused();
        changes.add((wanted.paused() ? "pause " : "unpause ") + instance.name + " " + wanted.dagId());
      }
    }
  }

  @Override
  public DrainReport pauseWhenIdle(DrainRequest request) {
    failIfAsked("drain");
    Instance instance = instance(request.endpoint());
    List<String> paused = new ArrayList<>();
    for (DagPause dag : request.original()) {
      FakeDag found = instance.dags.get(dag.dagId());
      if (!found.paused) {
        found.paused = true;
        changes.add("pause " + instance.name + " " + dag.dagId() + " when idle");
      }
      paused.add(dag.dagId());
    }
    return new DrainReport(paused, List.of());
  }

  @Override
  public List<DagSchedule> readSchedules(ScheduleRequest request) {
    Instance from = instance(request.from());
    Instance to = instance(request.to());
    List<DagSchedule> schedules = new ArrayList<>();
    for (String id : request.dagIds()) {
      FakeDag there = from.dags.get(id);
      FakeDag here = to.dags.get(id);
      List<RunInterval> repeated = here.next == null ? List.of()
          : there.runs.stream().filter(run -> !run.logicalDate().isBefore(here.next.logicalDate())).toList();
      boolean truncated = repeated.size() > request.maxRuns();
      schedules.add(new DagSchedule(id, there.step != null, there.catchup,
          there.runs.isEmpty() ? null : there.runs.get(there.runs.size() - 1), there.next,
          truncated ? repeated.subList(0, request.maxRuns()) : repeated, truncated, here.next));
    }
    return schedules;
  }

  @Override
  public void markIntervalsDone(MarkRequest request) {
    failIfAsked("mark");
    Instance instance = instance(request.endpoint());
    for (DagIntervals dag : request.dags()) {
      FakeDag found = instance.dags.get(dag.dagId());
      dag.intervals().forEach(interval -> found.marked.add(interval.logicalDate()));
      found.advancePast(dag.intervals().get(dag.intervals().size() - 1).logicalDate());
      changes.add("mark " + instance.name + " " + dag.dagId() + " " + dag.intervals());
    }
  }

  @Override
  public List<PlannedRun> awaitScheduleAdvanced(AdvanceRequest request) {
    Instance instance = instance(request.endpoint());
    return request.dags().stream().map(dag -> new PlannedRun(dag.dagId(), instance.dags.get(dag.dagId()).next)).toList();
  }

  @Override
  public String writeReport(FinalReport report) {
    changes.add("write report " + report.migrationId() + " (" + report.batches().size() + " batches)");
    return "memory://" + report.migrationId() + "/airflow-migration-report.json";
  }

  @Override
  public void notify(Notification notification) {
    notifications.add(notification);
  }

  /** The gates opened so far, in order. */
  public List<String> gatesOpened() {
    return notifications.stream().filter(n -> n.kind() == Notification.Kind.GATE_OPENED).map(Notification::subject).toList();
  }

  /** Evidence shown at each gate, by gate. */
  public Map<String, String> gateEvidence() {
    Map<String, String> evidence = new LinkedHashMap<>();
    notifications.stream().filter(n -> n.kind() == Notification.Kind.GATE_OPENED)
        .forEach(n -> evidence.put(n.subject(), n.message()));
    return evidence;
  }
}
