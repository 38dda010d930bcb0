package dev.runbook.cli;

import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.airflow.AirflowPlanValidator;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.KafkaPlanValidator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The runbooks the CLI can start: their plan type, workflow type, validation and workflow id. */
enum RunbookKind {
  KAFKA("kafka", KafkaMigrationPlan.class, KafkaMigrationWorkflow.class,
      plan -> KafkaPlanValidator.validate((KafkaMigrationPlan) plan),
      plan -> ((KafkaMigrationPlan) plan).workflowId()),
  AIRFLOW("airflow", AirflowMigrationPlan.class, AirflowMigrationWorkflow.class,
      plan -> AirflowPlanValidator.validate((AirflowMigrationPlan) plan),
      plan -> ((AirflowMigrationPlan) plan).workflowId());

  final String command;
  final Class<?> planType;
  final Class<?> workflowInterface;
  private final Function<Object, List<String>> validator;
  private final Function<Object, String> workflowId;

  RunbookKind(String command, Class<?> planType, Class<?> workflowInterface,
      Function<Object, List<String>> validator, Function<Object, String> workflowId) {
    this.command = command;
    this.planType = planType;
    this.workflowInterface = workflowInterface;
    this.validator = validator;
    this.workflowId = workflowId;
  }

  List<String> validate(Object plan) {
    return validator.apply(plan);
  }

  String workflowId(Object plan) {
    return workflowId.apply(plan);
  }

  /** The Temporal workflow type name: the interface's simple name. */
  String workflowType() {
    return workflowInterface.getSimpleName();
  }

  /** The runbooks' command names, for {@code start --help}. */
  static final class Commands implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(kind -> kind.command).iterator();
    }
  }

  static RunbookKind of(String command) {
    return Arrays.stream(values()).filter(kind -> kind.command.equals(command)).findFirst()
        .orElseThrow(() -> new CliException("unknown runbook '" + command + "'; known: "
            + Arrays.stream(values()).map(kind -> kind.command).collect(Collectors.joining(", "))));
  }
}
