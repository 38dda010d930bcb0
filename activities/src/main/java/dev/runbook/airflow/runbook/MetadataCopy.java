package dev.runbook.airflow.runbook;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.airflow.AirflowActivities.MetadataReport;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata;
import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.BulkResult;
import dev.runbook.airflow.client.Connection;
import dev.runbook.airflow.client.Pool;
import dev.runbook.airflow.client.Variable;
import dev.runbook.kernel.FailureType;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Copies pools, then variables, then connections from one Airflow to another. Everything is
 * compared first, so under {@link ConflictPolicy#FAIL} a conflict stops the copy before anything is
 * written; objects equal on both sides are left alone, so a rerun writes nothing. Values the source
 * API masks come from the plan's secret references; what has none is reported, never guessed.
 * Reports and failures name objects, never values. Needs no Temporal: failures are {@link ServiceFailure}s.
 */
public final class MetadataCopy {

  /** How one object compares with its namesake on the target. */
  enum Comparison {
    ABSENT,
    EQUAL,
    DIFFERENT,
    /** The target masks its value: it cannot be compared. */
    NOT_COMPARABLE
  }

  /** What happens to one object under the policy. */
  enum Action {
    CREATE,
    OVERWRITE,
    LEAVE_EQUAL,
    KEEP_TARGET,
    CONFLICT
  }

  private final SecretResolver secrets;

  public MetadataCopy(SecretResolver secrets) {
    this.secrets = secrets;
  }

  static Action decide(Comparison comparison, ConflictPolicy policy) {
    return switch (comparison) {
      case ABSENT -> Action.CREATE;
      case EQUAL -> Action.LEAVE_EQUAL;
      case NOT_COMPARABLE -> policy == ConflictPolicy.OVERWRITE ? Action.OVERWRITE : Action.KEEP_TARGET;
      case DIFFERENT -> switch (policy) {
        case OVERWRITE -> Action.OVERWRITE;
        case SKIP -> Action.KEEP_TARGET;
        case FAIL -> Action.CONFLICT;
      };
    };
  }

  public MetadataReport copy(AirflowClient source, AirflowClient target, Metadata plan) {
    Outcome outcome = new Outcome(plan.onConflict());
    List<Pool> pools = plan(source.listPools(), target.listPools(), Pool::name, "pool", Pool::equals, outcome);
    List<Variable> variables = new ArrayList<>();
    Map<String, Variable> targetVariables = byKey(target.listVariables(), Variable::key);
    for (Variable listed : source.listVariables()) {
      Variable variable = listed.value() == null ? source.findVariable(listed.key()).orElse(listed) : listed;
      String label = "variable " + variable.key();
      if (variable.isMasked()) {
        SecretRef ref = plan.variables().get(variable.key());
        if (ref == null) {
          outcome.notMigrated.add(label + ": value masked by the source API and no secret reference in metadata.variables");
          continue;
        }
        variable = new Variable(variable.key(), secrets.resolve(ref), variable.description());
      }
      Variable existing = targetVariables.get(variable.key());
      Comparison comparison = existing == null ? Comparison.ABSENT
          : existing.isMasked() ? Comparison.NOT_COMPARABLE
          : existing.equals(variable) ? Comparison.EQUAL : Comparison.DIFFERENT;
      if (outcome.record(label, decide(comparison, plan.onConflict()))) {
        variables.add(variable);
      }
    }
    List<PendingConnection> connections = new ArrayList<>();
    Map<String, Connection> targetConnections = byKey(target.listConnections(), Connection::connectionId);
    for (Connection connection : source.listConnections()) {
      String label = "connection " + connection.connectionId();
      Connection wanted = connection;
      if (connection.extra() != null && connection.extra().contains(Variable.MASK)) {
        outcome.notMigrated.add(label + ": extra holds fields masked by the source API; copied without extra");
        wanted = withoutExtra(connection);
      }
      SecretRef passwordRef = plan.connectionPasswords().get(connection.connectionId());
      if (connection.password() == Connection.PasswordState.SET && passwordRef == null) {
        outcome.notMigrated.add(label + ": password not migrated (the API masks it; add metadata.connectionPasswords."
            + connection.connectionId() + ")");
      }
      Connection existing = targetConnections.get(connection.connectionId());
      Comparison comparison = existing == null ? Comparison.ABSENT
          : sameFields(existing, wanted) ? (passwordRef == null ? Comparison.EQUAL : Comparison.NOT_COMPARABLE)
          : Comparison.DIFFERENT;
      Action action = decide(comparison, plan.onConflict());
      if (outcome.record(label, action)) {
        connections.add(new PendingConnection(wanted, passwordRef, action == Action.CREATE));
      }
    }
    if (!outcome.conflicts.isEmpty()) {
      throw ServiceFailure.of(FailureType.METADATA_CONFLICT, "differ on the target and metadata.onConflict is FAIL, nothing was written: "
          + String.join(", ", outcome.conflicts) + "; set onConflict to SKIP or OVERWRITE, or align the target");
    }
    written("pools", target.upsertPools(pools));
    written("variables", target.setVariables(variables));
    for (PendingConnection pending : connections) {
      String password = pending.password() == null ? null : secrets.resolve(pending.password());
      if (pending.create()) {
        target.createConnection(pending.connection(), password);
      } else {
        target.updateConnection(pending.connection(), password);
      }
    }
    return outcome.report();
  }

  private static <T> List<T> plan(List<T> sourceItems, List<T> targetItems, Function<T, String> key, String kind,
      java.util.function.BiPredicate<T, T> equal, Outcome outcome) {
    Map<String, T> existing = byKey(targetItems, key);
    List<T> toWrite = new ArrayList<>();
    for (T item : sourceItems) {
      T there = existing.get(key.apply(item));
      Comparison comparison = there == null ? Comparison.ABSENT : equal.test(there, item) ? Comparison.EQUAL : Comparison.DIFFERENT;
      if (outcome.record(kind + " " + key.apply(item), decide(comparison, outcome.policy))) {
        toWrite.add(item);
      }
    }
    return toWrite;
  }

  private static boolean sameFields(Connection a, Connection b) {
    return Objects.equals(a.connType(), b.connType()) && Objects.equals(a.host(), b.host())
        && Objects.equals(a.login(), b.login()) && Objects.equals(a.schema(), b.schema())
        && Objects.equals(a.port(), b.port()) && Objects.equals(a.extra(), b.extra())
        && Objects.equals(a.description(), b.description());
  }

  private static Connection withoutExtra(Connection c) {
    return new Connection(c.connectionId(), c.connType(), c.description(), c.host(), c.login(), c.schema(), c.port(), null,
        c.password());
  }

  private static void written(String what, BulkResult result) {
    if (!result.allSucceeded()) {
      throw ServiceFailure.of(FailureType.METADATA_WRITE_FAILED,
          "writing " + what + " to the target failed for: " + String.join("; ", result.failures()));
    }
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a));
  }

  private record PendingConnection(Connection connection, SecretRef password, boolean create) {}

  /** The running tally of what happens to each object. */
  private static final class Outcome {
    final ConflictPolicy policy;
    final List<String> created = new ArrayList<>();
    final List<String> overwritten = new ArrayList<>();
    final List<String> unchanged = new ArrayList<>();
    final List<String> kept = new ArrayList<>();
    final List<String> notMigrated = new ArrayList<>();
    final List<String> conflicts = new ArrayList<>();

    Outcome(ConflictPolicy policy) {
      this.policy = policy;
    }

    /** Records the action; true when the object must be written. */
    boolean record(String label, Action action) {
      switch (action) {
        case CREATE -> created.add(label);
        case OVERWRITE -> overwritten.add(label);
        case LEAVE_EQUAL -> unchanged.add(label);
        case KEEP_TARGET -> kept.add(label);
        case CONFLICT -> conflicts.add(label);
      }
      return action == Action.CREATE || action == Action.OVERWRITE;
    }

    MetadataReport report() {
      return new MetadataReport(created, overwritten, unchanged, kept, notMigrated);
    }
  }
}
