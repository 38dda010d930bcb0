package dev.runbook.airflow;

import dev.runbook.kernel.Fact;
import java.util.List;

/**
 * The figures the Airflow runbook publishes in its progress, each with its key, label and encoding:
 * what the live views list, the migration report draws and the metrics count. Per-batch facts hold
 * the batch's gate name ({@code batch-1}, ...) in place of the star.
 */
public final class AirflowFacts {

  public static final Fact<String> SOURCE_AIRFLOW = Fact.text("source.airflow", "source Airflow");
  public static final Fact<Long> SOURCE_DAGS = Fact.number("source.dags", "DAGs on the source");
  public static final Fact<Long> SOURCE_IMPORT_ERRORS = Fact.number("source.importErrors", "import errors on the source");
  public static final Fact<String> SOURCE_ASTRO = Fact.text("source.astro", "Astro deployment");
  public static final Fact<String> TARGET_AIRFLOW = Fact.text("target.airflow", "target Airflow");
  public static final Fact<String> TARGET_WORKLOADS = Fact.text("target.workloads", "target workloads");
  public static final Fact<String> METADATA = Fact.text("metadata", "pools, variables and connections");
  public static final Fact<String> BATCH_SUMMARY = Fact.text("*.summary", "* handed over");
  public static final Fact<Long> BATCH_STARTED_AT = Fact.instant("*.startedAt", "* cutover began");
  public static final Fact<Long> BATCH_DAGS_MOVED = Fact.number("*.dagsMoved", "* DAGs moved");
  public static final Fact<Long> BATCH_INTERVALS_CHECKED = Fact.number("*.intervalsChecked", "* intervals checked");
  public static final Fact<Long> BATCH_READY_AT = Fact.instant("*.readyAt", "* gate opened");
  public static final Fact<Long> BATCH_DECIDED_AT = Fact.instant("*.decidedAt", "* gate decided");
  public static final Fact<String> BATCH_ROLLBACK_HELD_PAUSED = Fact.text("*.rollback.heldPaused", "* held paused at rollback");
  public static final Fact<String> FINAL_REPORT = Fact.text("report", "final report on the worker");

  /** Every fact above, in the order views list them. */
  public static final List<Fact<?>> ALL = List.of(SOURCE_AIRFLOW, SOURCE_DAGS, SOURCE_IMPORT_ERRORS, SOURCE_ASTRO, TARGET_AIRFLOW,
      TARGET_WORKLOADS, METADATA, BATCH_SUMMARY, BATCH_STARTED_AT, BATCH_DAGS_MOVED, BATCH_INTERVALS_CHECKED, BATCH_READY_AT,
      BATCH_DECIDED_AT, BATCH_ROLLBACK_HELD_PAUSED, FINAL_REPORT);

  private AirflowFacts() {}
}
