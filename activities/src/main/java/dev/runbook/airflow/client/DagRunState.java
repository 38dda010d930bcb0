package dev.runbook.airflow.client;

import java.util.Locale;

/** The state of a DAG run, the same four in Airflow 2 and 3. */
public enum DagRunState {
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILED;

  /** The API's spelling, e.g. {@code running}. */
  public String apiValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DagRunState fromApi(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
