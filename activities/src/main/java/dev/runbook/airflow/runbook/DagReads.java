package dev.runbook.airflow.runbook;

import dev.runbook.airflow.RunInterval;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.DagRun;
import dev.runbook.airflow.client.DagRunQuery;
import dev.runbook.airflow.client.ImportError;
import java.time.Instant;
import java.util.List;

/** Reads of a DAG's runs and import errors that discovery and the runbook's steps share. */
final class DagReads {

  private DagReads() {}

  /** The interval of the DAG's newest scheduled (not manual) run, or null when it has none. */
  static RunInterval lastAutomatedRun(AirflowClient client, String dagId) {
    return client.listDagRuns(dagId, DagRunQuery.automated(null, DagRunQuery.Order.NEWEST_FIRST, 1)).stream()
        .findFirst().map(DagReads::interval).orElse(null);
  }

  static RunInterval interval(DagRun run) {
    Instant start = run.dataIntervalStart() == null ? run.logicalDate() : run.dataIntervalStart();
    Instant end = run.dataIntervalEnd() == null ? run.logicalDate() : run.dataIntervalEnd();
    return new RunInterval(run.logicalDate(), start, end);
  }

  /** An import error as one line: the file and the traceback's last line. */
  static String describe(ImportError error) {
    List<String> lines = error.stackTrace().lines().filter(line -> !line.isBlank()).toList();
    return error.filename() + ": " + (lines.isEmpty() ? "(no traceback)" : lines.get(lines.size() - 1).trim());
  }
}
