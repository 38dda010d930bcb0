package dev.runbook.airflow.client;

import java.time.Instant;
import java.util.Set;

/**
 * Which runs of a DAG to list: only these states and run types (all when empty), with a logical
 * date at or after {@code logicalDateFrom} (any when {@code null}), in this order, at most
 * {@code maxRuns} of them.
 */
public record DagRunQuery(Set<DagRunState> states, Set<String> runTypes, Instant logicalDateFrom, Order order, int maxRuns) {

  /** Run types the scheduler plans from: scheduled and backfill runs (manual ones do not move a schedule). */
  public static final Set<String> AUTOMATED = Set.of("scheduled", "backfill");

  /** Sort order by logical date (Airflow 2: execution date). */
  public enum Order {
    NEWEST_FIRST("-logical_date", "-execution_date"),
    OLDEST_FIRST("logical_date", "execution_date");

    private final String v2OrderBy;
    private final String v1OrderBy;

    Order(String v2OrderBy, String v1OrderBy) {
      this.v2OrderBy = v2OrderBy;
      this.v1OrderBy = v1OrderBy;
    }

    String orderBy(AirflowApiVersion api) {
      return api == AirflowApiVersion.V2 ? v2OrderBy : v1OrderBy;
    }
  }

  public DagRunQuery(Set<DagRunState> states, Order order, int maxRuns) {
    this(states, Set.of(), null, order, maxRuns);
  }

  public DagRunQuery {
    states = Set.copyOf(states);
    runTypes = Set.copyOf(runTypes);
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be at least 1, was " + maxRuns);
    }
  }

  /** Runs in these states, newest first, up to {@code maxRuns}. */
  public static DagRunQuery newest(int maxRuns, DagRunState... states) {
    return new DagRunQuery(Set.of(states), Order.NEWEST_FIRST, maxRuns);
  }

  /** Automated runs (scheduled, backfill) with a logical date at or after {@code from} ({@code null}: any). */
  public static DagRunQuery automated(Instant from, Order order, int maxRuns) {
    return new DagRunQuery(Set.of(), AUTOMATED, from, order, maxRuns);
  }
}
