package dev.runbook.airflow.client;

import java.util.Set;

/**
 * Which runs of a DAG to list: only these states (all when empty), in this order, at most
 * {@code maxRuns} of them.
 */
public record DagRunQuery(Set<DagRunState> states, Order order, int maxRuns) {

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

  public DagRunQuery {
    states = Set.copyOf(states);
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be at least 1, was " + maxRuns);
    }
  }

  /** Runs in these states, newest first, up to {@code maxRuns}. */
  public static DagRunQuery newest(int maxRuns, DagRunState... states) {
    return new DagRunQuery(Set.of(states), Order.NEWEST_FIRST, maxRuns);
  }
}
