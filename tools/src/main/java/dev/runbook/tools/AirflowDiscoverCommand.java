package dev.runbook.tools;

import static dev.runbook.kafka.offsets.TranslationReportWriter.csvField;

import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.astro.AstroClient;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code airflow discover}: the runbook's discovery of an Airflow instance, as JSON and CSV with a short summary. */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = "DAGs (schedule, pause state, last scheduled run), pools, variables, connection ids and import errors.")
final class AirflowDiscoverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand AirflowTools airflow;

  @Option(names = "--source", required = true, paramLabel = "<url>", description = "The Airflow's root URL.")
  String url;

  @Option(names = "--token-env", paramLabel = "<VAR>", description = "Environment variable holding a bearer token.")
  String tokenEnv;

  @Option(names = "--user-env", paramLabel = "<VAR>", description = "Environment variable holding the username.")
  String userEnv;

  @Option(names = "--password-env", paramLabel = "<VAR>", description = "Environment variable holding the password.")
  String passwordEnv;

  @Option(names = "--astro-organization", paramLabel = "<id>", description = "Astro organization id (with --astro-deployment).")
  String astroOrganization;

  @Option(names = "--astro-deployment", paramLabel = "<id>", description = "Also read this deployment from the Astro API.")
  String astroDeployment;

  @Option(names = "--astro-token-env", defaultValue = "ASTRO_API_TOKEN", paramLabel = "<VAR>",
      description = "Environment variable holding the Astro API token (default: ${DEFAULT-VALUE}).")
  String astroTokenEnv;

  @Option(names = "--astro-api-url", defaultValue = AstroClient.DEFAULT_BASE_URL, paramLabel = "<url>",
      description = "The Astro API (default: ${DEFAULT-VALUE}).")
  String astroApiUrl;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "airflow-discovery",
      description = "Where discovery.json, dags.csv and metadata.csv go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    AirflowEndpoint endpoint;
    AstroDeployment astro = astro();
    try {
      endpoint = new AirflowLogin(url, tokenEnv, userEnv, passwordEnv).endpoint(airflow.environment(), "");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
    }
    SourceInventory inventory = airflow.discover(endpoint, astro);
    Files.createDirectories(out);
    Path dags = out.resolve("dags.csv");
    Path metadata = out.resolve("metadata.csv");
    Path json = DiscoveryJson.write(out, new AirflowDiscoveryFile(url, astro, inventory));
    Files.writeString(dags, dagsCsv(inventory));
    Files.writeString(metadata, metadataCsv(inventory));
    PrintWriter print = spec.commandLine().getOut();
    summary(inventory).forEach(print::println);
    print.println("wrote " + json + ", " + dags + ", " + metadata);
    return 0;
  }

  private AstroDeployment astro() {
    if (astroDeployment == null && astroOrganization == null) {
      return null;
    }
    if (astroDeployment == null || astroOrganization == null) {
      throw new ParameterException(spec.commandLine(), "give both --astro-organization and --astro-deployment");
    }
    String token = airflow.environment().get(astroTokenEnv);
    if (token == null || token.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "environment variable " + astroTokenEnv + " (--astro-token-env) is not set");
    }
    return new AstroDeployment(astroOrganization, astroDeployment, SecretRef.env(astroTokenEnv), astroApiUrl);
  }

  /** What an operator reads first: versions, counts, and what the plan must supply because the API masks it. */
  List<String> summary(SourceInventory inventory) {
    List<String> lines = new ArrayList<>();
    long paused = inventory.dags().stream().filter(DagInfo::paused).count();
    long broken = inventory.dags().stream().filter(DagInfo::hasImportErrors).count();
    lines.add(url + ": Airflow " + inventory.airflowVersion() + " (API " + inventory.api() + "), " + inventory.dags().size()
        + " DAGs (" + paused + " paused, " + broken + " with import errors), " + inventory.pools().size() + " pools, "
        + inventory.variables().size() + " variables, " + inventory.connections().size() + " connections, "
        + inventory.importErrors().size() + " import errors");
    if (inventory.astro() != null) {
      lines.add("astro deployment " + inventory.astro().deploymentId() + " (" + inventory.astro().name() + "): "
          + inventory.astro().status() + ", runtime " + inventory.astro().runtimeVersion() + ", Airflow "
          + inventory.astro().airflowVersion() + ", " + inventory.astro().environmentVariables().size()
          + " environment variables, secret: " + none(inventory.astro().secretEnvironmentVariables()));
    }
    List<String> masked = new ArrayList<>();
    inventory.variables().stream().filter(VariableInfo::masked).forEach(v -> masked.add("variable " + v.key()));
    inventory.connections().stream().filter(ConnectionInfo::passwordSet).forEach(c -> masked.add("password of " + c.connectionId()));
    inventory.connections().stream().filter(ConnectionInfo::extraMasked).forEach(c -> masked.add("extra of " + c.connectionId()));
    lines.add("masked by the API (the plan must reference them): " + none(masked));
    inventory.importErrors().forEach(error -> lines.add("import error: " + error));
    return lines;
  }

  static String dagsCsv(SourceInventory inventory) {
    StringBuilder csv = new StringBuilder("dag_id,paused,schedule,time_scheduled,catchup,tags,file,last_scheduled_run,import_errors\n");
    for (DagInfo dag : inventory.dags()) {
      csv.append(csvField(dag.dagId())).append(',').append(dag.paused()).append(',').append(csvField(dag.schedule()))
          .append(',').append(dag.timeScheduled()).append(',').append(dag.catchup()).append(',')
          .append(csvField(String.join(";", dag.tags()))).append(',').append(csvField(dag.fileLocation())).append(',')
          .append(dag.lastScheduledRun() == null ? "" : csvField(dag.lastScheduledRun().toString())).append(',')
          .append(dag.hasImportErrors()).append('\n');
    }
    return csv.toString();
  }

  static String metadataCsv(SourceInventory inventory) {
    StringBuilder csv = new StringBuilder("kind,name,detail\n");
    inventory.pools().forEach(pool -> csv.append("pool,").append(csvField(pool)).append(",\n"));
    inventory.variables().forEach(v -> csv.append("variable,").append(csvField(v.key())).append(',')
        .append(v.masked() ? "value masked" : "").append('\n'));
    inventory.connections().forEach(c -> csv.append("connection,").append(csvField(c.connectionId())).append(',')
        .append(csvField(c.type() + (c.passwordSet() ? "; password set" : "") + (c.extraMasked() ? "; extra masked" : "")))
        .append('\n'));
    return csv.toString();
  }

  private static String none(List<String> items) {
    return items.isEmpty() ? "none" : String.join(", ", items);
  }
}
