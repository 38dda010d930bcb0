package dev.runbook.airflow.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runbook.activity.ActivityFailures;
import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.activity.PollingWait.Poll;
import dev.runbook.airflow.AirflowActivities;
import dev.runbook.airflow.AirflowMigrationPlan.ParityFailurePolicy;
import dev.runbook.airflow.DagSchedule;
import dev.runbook.airflow.RunInterval;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.AirflowHealth;
import dev.runbook.airflow.client.Connection;
import dev.runbook.airflow.client.Dag;
import dev.runbook.airflow.client.DagDetails;
import dev.runbook.airflow.client.DagRun;
import dev.runbook.airflow.client.DagRunQuery;
import dev.runbook.airflow.client.DagRunState;
import dev.runbook.airflow.client.ImportError;
import dev.runbook.airflow.client.Pool;
import dev.runbook.airflow.client.Variable;
import dev.runbook.http.HttpApiException;
import dev.runbook.kernel.FailureType;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.secrets.SecretResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Airflow runbook's activities over the REST clients, the Astro API and the Kubernetes API.
 * Thin: discovery is {@link AirflowDiscovery}, the metadata copy {@link MetadataCopy}, the decisions
 * live in {@code IntervalContinuity} and {@code HandOverDecision}; this class reads, waits and
 * writes, checking before every write.
 */
public final class AirflowActivitiesImpl implements AirflowActivities {

  /** Run ids of the runs that mark an interval as done: {@code migrated__<logical date>}. */
  public static final String MARK_RUN_PREFIX = "migrated__";

  private static final Logger log = LoggerFactory.getLogger(AirflowActivitiesImpl.class);
  private static final Set<String> PROTECTED_POOLS = Set.of("default_pool");

  private final AirflowClients airflow;
  private final HelmReleaseWorkloads workloads;
  private final AirflowDiscovery discovery;
  private final MetadataCopy metadata;
  private final Path reportDir;
  private final Duration pollInterval;
  private final Heartbeat heartbeat;

  public AirflowActivitiesImpl(
      AirflowClients airflow, SecretResolver secrets, HelmReleaseWorkloads workloads, Path reportDir,
      Duration pollInterval, Heartbeat heartbeat) {
    this.airflow = airflow;
    this.workloads = workloads;
    this.discovery = new AirflowDiscovery(airflow, secrets);
    this.metadata = new MetadataCopy(secrets);
    this.reportDir = reportDir;
    this.pollInterval = pollInterval;
    this.heartbeat = heartbeat;
  }

  @Override
  public SourceInventory discover(DiscoveryRequest request) {
    return discovery.discover(request);
  }

  @Override
  public TargetReadiness awaitTargetReady(TargetReadinessRequest request) {
    return wait(request.timeout()).until("readiness of release " + request.namespace() + "/" + request.release(), () -> {
      List<HelmReleaseWorkloads.Workload> found = workloads.list(request.namespace(), request.release());
      if (found.isEmpty()) {
        return Poll.pending("no Deployment or StatefulSet labelled tier=airflow,release=" + request.release()
            + " in namespace " + request.namespace());
      }
      List<String> notReady = found.stream().filter(w -> !w.isReady()).map(Object::toString).toList();
      if (!notReady.isEmpty()) {
        return Poll.pending("not ready: " + String.join(", ", notReady));
      }
      AirflowClient target;
      AirflowHealth health;
      try {
        target = airflow.connect(request.api());
        health = target.health();
      } catch (HttpApiException e) {
        return Poll.pending("the API does not answer yet: " + e.getMessage());
      }
      if (!health.isHealthy()) {
        return Poll.pending("unhealthy components: " + String.join(", ", health.unhealthyComponents()));
      }
      return Poll.done(new TargetReadiness(found.stream().map(Object::toString).toList(), target.version().version(),
          health.components().entrySet().stream().filter(e -> e.getValue().isHealthy()).map(Map.Entry::getKey).sorted().toList(),
          AirflowDiscovery.providers(target), target.plugins()));
    }, heartbeat);
  }

  @Override
  public MetadataNames metadataNames(AirflowEndpoint endpoint) {
    AirflowClient client = airflow.connect(endpoint);
    return new MetadataNames(client.listPools().stream().map(Pool::name).toList(),
        client.listVariables().stream().map(Variable::key).toList(),
        client.listConnections().stream().map(Connection::connectionId).toList());
  }

  @Override
  public MetadataReport migrateMetadata(MetadataRequest request) {
    MetadataReport report = ActivityFailures.call(
        () -> metadata.copy(airflow.connect(request.source()), airflow.connect(request.target()), request.metadata()));
    log.info("metadata copied: {}", report.summary());
    return report;
  }

  @Override
  public void removeMetadata(MetadataRemoval request) {
    AirflowClient client = airflow.connect(request.endpoint());
    request.names().connections().forEach(client::deleteConnection);
    request.names().variables().forEach(client::deleteVariable);
    request.names().pools().stream().filter(pool -> !PROTECTED_POOLS.contains(pool)).forEach(client::deletePool);
    log.info("removed from {}: pools {}, variables {}, connections {}", request.endpoint().url(),
        request.names().pools(), request.names().variables(), request.names().connections());
  }

  /**
   * Waits for every DAG to be parsed on the target. A DAG whose file fails to import there fails for
   * good once the error was recorded by a parse after this wait began (the runbook's metadata was in
   * place), or by a fresh parse since it was first seen (its timestamp moved on; the runbook asks for
   * one): then the wait parks at once with the error, or, with {@code HOLD_ON_SOURCE}, reports the DAG
   * and waits for the others only. "Not parsed yet" is only said of a DAG whose file has no error.
   */
  @Override
  public ParityReport awaitParity(ParityRequest request) {
    AirflowClient target = airflow.connect(request.target());
    Set<String> files = new HashSet<>(request.files());
    Map<String, String> fileOfDag = request.fileOfDag() == null ? Map.of() : request.fileOfDag();
    boolean hold = request.onFailure() == ParityFailurePolicy.HOLD_ON_SOURCE;
    Instant began = Instant.now();
    Map<String, Instant> firstSeen = new HashMap<>();
    Set<String> reparsed = new LinkedHashSet<>();
    return wait(request.timeout()).finalTimeout().until("DAG parity on the target", () -> {
      Map<String, Dag> found = target.listDags().stream().filter(dag -> !dag.stale())
          .collect(Collectors.toMap(Dag::dagId, Function.identity()));
      Map<String, ImportError> errorOfFile = target.importErrors().stream().filter(error -> files.contains(error.filename()))
          .collect(Collectors.toMap(ImportError::filename, Function.identity(), (first, second) -> second));
      List<String> waiting = new ArrayList<>();
      List<String> pendingErrors = new ArrayList<>();
      List<HeldDag> failed = new ArrayList<>();
      for (String dagId : request.dagIds()) {
        Dag dag = found.get(dagId);
        String file = dag != null && dag.fileLocation() != null ? dag.fileLocation() : fileOfDag.get(dagId);
        ImportError error = file == null ? null : errorOfFile.get(file);
        if (error == null) {
          if (dag == null) {
            waiting.add(dagId + " (not parsed yet)");
          } else if (dag.hasImportErrors()) {
            waiting.add(dagId + " (its file has an import error)");
          }
          continue;
        }
        Instant seen = firstSeen.putIfAbsent(file, error.timestamp());
        boolean fresh = error.timestamp() != null
            && (error.timestamp().isAfter(began) || (seen != null && error.timestamp().isAfter(seen)));
        if (fresh) {
          failed.add(new HeldDag(dagId, DagReads.describe(error)));
          continue;
        }
        waiting.add(dagId + " (its file has an import error from before this wait; waiting for it to be parsed again)");
        pendingErrors.add(DagReads.describe(error));
        if (dag != null && reparsed.add(file)) {
          target.findDagDetails(dagId).map(DagDetails::fileToken).ifPresent(target::requestReparse);
        }
      }
      if (!failed.isEmpty() && !hold) {
        throw FailureType.DAG_IMPORT_FAILED.failure("DAG parity on the target: "
            + failed.stream().map(HeldDag::toString).collect(Collectors.joining("; ")));
      }
      if (waiting.isEmpty()) {
        Set<String> held = failed.stream().map(HeldDag::dagId).collect(Collectors.toSet());
        return Poll.done(new ParityReport(request.dagIds().stream().filter(dag -> !held.contains(dag)).toList(),
            List.copyOf(reparsed), failed));
      }
      return Poll.pending("waiting for " + String.join(", ", waiting)
          + (pendingErrors.isEmpty() ? "" : "; import errors on the target: " + String.join("; ", pendingErrors))
          + (failed.isEmpty() ? "" : "; held on the source: " + failed.stream().map(HeldDag::dagId).collect(Collectors.joining(", "))));
    }, heartbeat);
  }

  @Override
  public void setPaused(PauseRequest request) {
    AirflowClient client = airflow.connect(request.endpoint());
    for (DagPause wanted : request.states()) {
      Optional<Dag> dag = client.findDag(wanted.dagId());
      if (dag.isEmpty()) {
        if (!wanted.paused()) {
          throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("DAG " + wanted.dagId() + " does not exist on " + request.endpoint().url());
        }
        continue;
      }
      if (dag.get().paused() != wanted.paused()) {
        client.setPaused(wanted.dagId(), wanted.paused());
        log.info("{} {} on {}", wanted.paused() ? "paused" : "unpaused", wanted.dagId(), request.endpoint().url());
      }
    }
  }

  @Override
  public DrainReport pauseWhenIdle(DrainRequest request) {
    AirflowClient client = airflow.connect(request.endpoint());
    Map<String, Boolean> pending = new LinkedHashMap<>();
    request.original().forEach(dag -> pending.put(dag.dagId(), dag.paused()));
    List<String> pausedIdle = new ArrayList<>();
    List<String> frozen = new ArrayList<>();
    return wait(request.timeout()).until("pausing idle DAGs on " + request.endpoint().url(), () -> {
      for (Map.Entry<String, Boolean> entry : List.copyOf(pending.entrySet())) {
        String dagId = entry.getKey();
        Dag dag = client.findDag(dagId).orElseThrow(() -> FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure(
            "DAG " + dagId + " does not exist on " + request.endpoint().url()));
        List<DagRun> active = activeRuns(client, dagId);
        if (dag.paused()) {
          if (active.isEmpty()) {
            pausedIdle.add(dagId);
            pending.remove(dagId);
          } else if (entry.getValue()) {
            frozen.add(dagId + ": " + active.size() + " run(s)");
            pending.remove(dagId);
          } else {
            // Paused by an earlier attempt with runs left: Airflow would freeze them, so let them finish first.
            client.setPaused(dagId, false);
          }
        } else if (active.isEmpty()) {
          client.setPaused(dagId, true);
          if (activeRuns(client, dagId).isEmpty()) {
            pausedIdle.add(dagId);
            pending.remove(dagId);
          } else {
            client.setPaused(dagId, false);
          }
        }
      }
      return pending.isEmpty() ? Poll.done(new DrainReport(pausedIdle, frozen))
          : Poll.pending("runs still queued or running for: " + String.join(", ", pending.keySet()));
    }, heartbeat);
  }

  @Override
  public List<DagSchedule> readSchedules(ScheduleRequest request) {
    AirflowClient from = airflow.connect(request.from());
    AirflowClient to = airflow.connect(request.to());
    List<DagSchedule> schedules = new ArrayList<>();
    for (String dagId : request.dagIds()) {
      DagDetails fromDetails = details(from, dagId, request.from());
      DagDetails toDetails = details(to, dagId, request.to());
      RunInterval toNext = planned(toDetails);
      List<RunInterval> repeated = new ArrayList<>();
      if (toNext != null) {
        from.listDagRuns(dagId, DagRunQuery.automated(toNext.logicalDate(), DagRunQuery.Order.OLDEST_FIRST, request.maxRuns() + 1))
            .forEach(run -> repeated.add(DagReads.interval(run)));
      }
      boolean truncated = repeated.size() > request.maxRuns();
      schedules.add(new DagSchedule(dagId, fromDetails.periodic(), fromDetails.catchup(), DagReads.lastAutomatedRun(from, dagId),
          planned(fromDetails), truncated ? repeated.subList(0, request.maxRuns()) : repeated, truncated, toNext));
    }
    return schedules;
  }

  @Override
  public void markIntervalsDone(MarkRequest request) {
    AirflowClient client = airflow.connect(request.endpoint());
    for (DagIntervals dag : request.dags()) {
      for (RunInterval interval : dag.intervals()) {
        String runId = MARK_RUN_PREFIX + interval.logicalDate();
        Optional<DagRun> existing = client.findDagRun(dag.dagId(), runId);
        if (existing.isEmpty()) {
          try {
            existing = Optional.of(client.triggerDagRun(dag.dagId(), runId, interval.logicalDate(), interval.start(),
                interval.end(), request.note()));
          } catch (HttpApiException e) {
            if (e.reason() != HttpApiException.Reason.CONFLICT) {
              throw e;
            }
            // Another run already holds this logical date: the scheduler skips it all the same.
            continue;
          }
        }
        if (existing.get().state() != DagRunState.SUCCESS) {
          client.setDagRunState(dag.dagId(), runId, DagRunState.SUCCESS);
        }
      }
      log.info("marked {} interval(s) of {} done on {}", dag.intervals().size(), dag.dagId(), request.endpoint().url());
    }
  }

  @Override
  public List<PlannedRun> awaitScheduleAdvanced(AdvanceRequest request) {
    AirflowClient client = airflow.connect(request.endpoint());
    return wait(request.timeout()).until("schedules moving past marked intervals", () -> {
      List<PlannedRun> planned = new ArrayList<>();
      List<String> behind = new ArrayList<>();
      for (DagAfter dag : request.dags()) {
        RunInterval next = planned(details(client, dag.dagId(), request.endpoint()));
        planned.add(new PlannedRun(dag.dagId(), next));
        if (next != null && !next.logicalDate().isAfter(dag.after())) {
          behind.add(dag.dagId() + " plans " + next + ", not after " + dag.after());
        }
      }
      return behind.isEmpty() ? Poll.done(planned) : Poll.pending(String.join("; ", behind));
    }, heartbeat);
  }

  @Override
  public String writeReport(FinalReport report) {
    Path file = reportDir.resolve(report.migrationId()).resolve("airflow-migration-report.json");
    try {
      Files.createDirectories(file.getParent());
      new ObjectMapper().registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file.toString();
  }

  private PollingWait wait(Duration timeout) {
    return new PollingWait(pollInterval, timeout);
  }

  private static DagDetails details(AirflowClient client, String dagId, AirflowEndpoint endpoint) {
    return client.findDagDetails(dagId).orElseThrow(() -> FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure(
        "DAG " + dagId + " does not exist on " + endpoint.url()));
  }

  private static List<DagRun> activeRuns(AirflowClient client, String dagId) {
    return client.listDagRuns(dagId, DagRunQuery.newest(100, DagRunState.QUEUED, DagRunState.RUNNING));
  }

  private static RunInterval planned(DagDetails details) {
    if (details.nextLogicalDate() == null) {
      return null;
    }
    Instant start = details.nextIntervalStart() == null ? details.nextLogicalDate() : details.nextIntervalStart();
    Instant end = details.nextIntervalEnd() == null ? details.nextLogicalDate() : details.nextIntervalEnd();
    return new RunInterval(details.nextLogicalDate(), start, end);
  }
}
