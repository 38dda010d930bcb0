package dev.runbook.airflow.client;

import java.util.List;

/** The outcome of writing several items: keys written, and one readable line per item that failed. */
public record BulkResult(List<String> succeeded, List<String> failures) {

  public BulkResult {
    succeeded = List.copyOf(succeeded);
    failures = List.copyOf(failures);
  }

  public boolean allSucceeded() {
    return failures.isEmpty();
  }
}
