package dev.runbook;

import dev.runbook.airflow.AirflowMigrationWorkflowImpl;
import dev.runbook.kafka.KafkaMigrationWorkflowImpl;
import java.util.List;
import java.util.stream.Stream;

/** Every runbook workflow implementation: what a worker serving all runbooks registers. */
public final class RunbookWorkflows {

  public static final List<Class<?>> ALL = Stream.concat(
      KafkaMigrationWorkflowImpl.IMPLEMENTATIONS.stream(), Stream.of(AirflowMigrationWorkflowImpl.class)).toList();

  private RunbookWorkflows() {}
}
