package dev.runbook.tools;

import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowPlanDefaults;
import dev.runbook.airflow.AirflowPlanValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code airflow plan}: an Airflow runbook plan drafted from {@code airflow discover}'s output, placeholders named. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Draft an Airflow runbook plan (YAML) with DAG batches from a discovery; lists the placeholders left to fill.")
final class AirflowPlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "<dir>", description = "What airflow discover --out wrote.")
  Path from;

  @Option(names = "--out", defaultValue = "airflow-plan.yaml", paramLabel = "<file>",
      description = "The drafted plan (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--batch-size", defaultValue = "" + AirflowPlanDefaults.BATCH_SIZE, paramLabel = "<n>",
      description = "DAGs per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--target-url", paramLabel = "<url>", description = "The target Airflow's API root.")
  String targetUrl;

  @Option(names = "--target-namespace", paramLabel = "<namespace>", description = "The target Helm release's namespace.")
  String targetNamespace;

  @Option(names = "--target-release", paramLabel = "<name>", description = "The target Helm release.")
  String targetRelease;

  @Override
  public Integer call() throws IOException {
    if (batchSize < 1) {
      throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, got " + batchSize);
    }
    AirflowDiscoveryFile discovery;
    try {
      discovery = AirflowDiscoveryFile.read(from);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    AirflowPlanDraft.Draft draft = AirflowPlanDraft.draft(discovery,
        new AirflowPlanDraft.Target(targetUrl, targetNamespace, targetRelease, batchSize));
    PrintWriter print = spec.commandLine().getOut();
    print.println("drafted " + out + ": " + draft.dagCount() + " DAGs in " + draft.batches().size()
        + " batches of up to " + batchSize + (draft.leftOut().isEmpty() ? "" : "; left out (import errors): "
        + String.join(", ", draft.leftOut())));
    draft.batches().forEach(batch -> print.println("  " + batch));
    DraftedPlan.write(out, AirflowPlanDraft.header(draft, from.resolve(DiscoveryJson.NAME) + " (" + discovery.url() + ")"),
        draft.plan(), AirflowMigrationPlan.class, AirflowPlanValidator::validate, "airflow", print);
    return 0;
  }
}
