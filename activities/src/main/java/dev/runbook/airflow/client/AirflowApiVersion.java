package dev.runbook.airflow.client;

/**
 * The two generations of Airflow's stable REST API: {@code /api/v1} (Airflow 2) and {@code /api/v2}
 * (Airflow 3). They differ in paths, page sizes, field names and how a DAG is paused.
 */
public enum AirflowApiVersion {
  V1("/api/v1", 100),
  V2("/api/v2", 50);

  private final String prefix;
  private final int pageSize;

  AirflowApiVersion(String prefix, int pageSize) {
    this.prefix = prefix;
    this.pageSize = pageSize;
  }

  /** The path prefix, e.g. {@code /api/v2}. */
  public String prefix() {
    return prefix;
  }

  /** The page size this client asks for: v1's maximum (100), v2's default (50). */
  public int pageSize() {
    return pageSize;
  }
}
