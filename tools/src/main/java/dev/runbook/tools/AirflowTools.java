package dev.runbook.tools;

import dev.runbook.airflow.AirflowActivities.DiscoveryRequest;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.runbook.AirflowClients;
import dev.runbook.airflow.runbook.AirflowDiscovery;
import dev.runbook.logs.EntryPointLogs;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.secrets.ReferenceResolver;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./runbook airflow …}: the Airflow runbook's discovery run by an operator outside any
 * workflow, a plan drafted from it, and the differences between two instances. Credentials come
 * from environment variables named on the command line (never from arguments, never printed).
 * Exit codes as {@link ToolCommandLine} says.
 */
@Command(name = "airflow", mixinStandardHelpOptions = true,
    description = "Airflow migration tools on the runbook's own code: discover, plan, diff.",
    subcommands = {AirflowDiscoverCommand.class, AirflowPlanCommand.class, AirflowDiffCommand.class})
public final class AirflowTools implements Runnable {

  private final Map<String, String> environment;

  AirflowTools(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    EntryPointLogs.route(args);
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line reading credentials from {@code environment}, with one-line errors and exit codes. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return ToolCommandLine.of(new AirflowTools(environment));
  }

  Map<String, String> environment() {
    return environment;
  }

  /** The runbook's discovery of one instance (and its Astro deployment when named), secrets resolved from the environment. */
  SourceInventory discover(AirflowEndpoint endpoint, AstroDeployment astro) {
    ReferenceResolver secrets = new ReferenceResolver(environment, null);
    return new AirflowDiscovery(new AirflowClients(secrets), secrets).discover(new DiscoveryRequest(endpoint, astro));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command: discover, plan, diff");
  }
}
