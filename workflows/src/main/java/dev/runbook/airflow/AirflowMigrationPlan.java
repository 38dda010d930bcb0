package dev.runbook.airflow;

import dev.runbook.kernel.Approvals;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the Airflow runbook needs to move DAGs from Astronomer (or any Airflow) to Apache
 * Airflow on Kubernetes, batch by batch. Loaded from YAML by our CLI, or given as the same JSON to
 * {@code temporal workflow start --input}. Carries secret references only, never secret values.
 */
public record AirflowMigrationPlan(
    String migrationId,
    Source source,
    Target target,
    Metadata metadata,
    Dags dags,
    Cutover cutover,
    Approvals approvals) {

  /** One live migration per target Helm release: the workflow id says which. */
  public String workflowId() {
    return "airflow-migration-" + target.namespace() + "-" + target.release();
  }

  /** The source Airflow's REST API and, optionally, the Astronomer deployment it runs in. */
  public record Source(AirflowEndpoint api, AstroDeployment astro) {}

  /**
   * The Astro API's view of the source: deployment {@code deploymentId} of organization
   * {@code organizationId}, read with {@code apiToken}; {@code apiUrl} defaults to the public Astro API.
   */
  public record AstroDeployment(String organizationId, String deploymentId, SecretRef apiToken, String apiUrl) {}

  /** The self-hosted Airflow: its REST API, and the Helm release (namespace, name) whose workloads run it. */
  public record Target(AirflowEndpoint api, String namespace, String release) {}

  /**
   * How pools, variables and connections move. The APIs mask secret variables and connection
   * passwords, so their values come from {@code variables} (by variable key) and
   * {@code connectionPasswords} (by connection id). {@code onConflict} says what to do with an object
   * that exists on the target with a different value.
   */
  public record Metadata(ConflictPolicy onConflict, Map<String, SecretRef> variables, Map<String, SecretRef> connectionPasswords) {

    public Metadata {
      variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
      connectionPasswords = connectionPasswords == null ? Map.of()
          : Collections.unmodifiableMap(new LinkedHashMap<>(connectionPasswords));
    }

    /** What to do with an object that exists on the target with a different value. */
    public enum ConflictPolicy {
      /** Stop before writing anything, listing the conflicts. */
      FAIL,
      /** Keep the target's value and report it. */
      SKIP,
      /** Replace the target's value with the source's. */
      OVERWRITE
    }
  }

  /**
   * The DAGs to move: either {@code order}, {@code batchSize} at a time, or {@code batches} as the
   * operator shaped them. DAGs of the source in no batch stay there (and are paused at
   * decommission). {@code parseTimeout} bounds the wait for the target's dag-processor to parse a
   * batch (its default rescan interval is 5 minutes); {@code onParityFailure} says what a DAG that
   * cannot be parsed on the target does to its batch.
   */
  public record Dags(
      List<String> order, Integer batchSize, Duration parseTimeout, List<Batch> batches, ParityFailurePolicy onParityFailure) {}

  /**
   * One batch: the DAG ids it lists, then the source's DAGs carrying one of {@code tags} or owned by
   * one of {@code owners} that no batch lists and no earlier batch took.
   */
  public record Batch(List<String> dags, List<String> tags, List<String> owners) {

    public Batch {
      dags = dags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dags));
      tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
      owners = owners == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(owners));
    }
  }

  /** What a DAG that fails parity on the target (an import error, a missing provider) does to its batch. */
  public enum ParityFailurePolicy {
    /** The whole batch waits, then parks with the reason: nothing of it moves until an operator acts. */
    BLOCK_BATCH,
    /** The DAG stays on the source, its reason in the batch gate's evidence; the rest of its batch moves. */
    HOLD_ON_SOURCE
  }

  /**
   * {@code drainTimeout} bounds the wait for a DAG's runs to finish on the source. When the target
   * would re-run intervals the source already ran, {@code onIntervalRisk} says whether to mark them
   * done on the target (at most {@code maxMarkedRuns} per DAG) or to keep the DAG paused there and
   * state the risk at the batch gate.
   */
  public record Cutover(Duration drainTimeout, IntervalRiskPolicy onIntervalRisk, Integer maxMarkedRuns) {}

  /** What the runbook does when the target's next run would repeat intervals the source already ran. */
  public enum IntervalRiskPolicy {
    /** Record those intervals on the target as runs marked success (a note says they ran on the source). */
    MARK_DONE,
    /** Leave the DAG paused on the target and show the risk at the batch gate. */
    HOLD_PAUSED
  }
}
