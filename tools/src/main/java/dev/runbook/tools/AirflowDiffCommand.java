package dev.runbook.tools;

import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.plan.AirflowEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code airflow diff}: what differs between two Airflow instances, both read by the runbook's discovery. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "DAGs missing or unparsed, pause states, schedules, pools, variables, connection ids between two Airflows; exit 1 if any.")
final class AirflowDiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand AirflowTools airflow;

  @Option(names = "--source", required = true, paramLabel = "<url>", description = "The Airflow migrated from.")
  String sourceUrl;

  @Option(names = "--source-token-env", paramLabel = "<VAR>", description = "Environment variable holding the source's bearer token.")
  String sourceTokenEnv;

  @Option(names = "--source-user-env", paramLabel = "<VAR>", description = "Environment variable holding the source's username.")
  String sourceUserEnv;

  @Option(names = "--source-password-env", paramLabel = "<VAR>", description = "Environment variable holding the source's password.")
  String sourcePasswordEnv;

  @Option(names = "--target", required = true, paramLabel = "<url>", description = "The Airflow migrated to.")
  String targetUrl;

  @Option(names = "--target-token-env", paramLabel = "<VAR>", description = "Environment variable holding the target's bearer token.")
  String targetTokenEnv;

  @Option(names = "--target-user-env", paramLabel = "<VAR>", description = "Environment variable holding the target's username.")
  String targetUserEnv;

  @Option(names = "--target-password-env", paramLabel = "<VAR>", description = "Environment variable holding the target's password.")
  String targetPasswordEnv;

  @Option(names = "--out", defaultValue = "airflow-diff.csv", paramLabel = "<file>",
      description = "The differences as CSV (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    AirflowEndpoint source = endpoint("source", new AirflowLogin(sourceUrl, sourceTokenEnv, sourceUserEnv, sourcePasswordEnv));
    AirflowEndpoint target = endpoint("target", new AirflowLogin(targetUrl, targetTokenEnv, targetUserEnv, targetPasswordEnv));
    if (source.normalizedUrl().equals(target.normalizedUrl())) {
      throw new ParameterException(spec.commandLine(), "--target: '" + targetUrl + "' is the source itself");
    }
    SourceInventory fromSource = airflow.discover(source, null);
    SourceInventory fromTarget = airflow.discover(target, null);
    List<AirflowDiff.Difference> differences = AirflowDiff.between(fromSource, fromTarget);
    Files.writeString(out, AirflowDiff.CSV_HEADER + "\n"
        + differences.stream().map(d -> d.csvLine() + "\n").collect(Collectors.joining()));
    PrintWriter print = spec.commandLine().getOut();
    TextTable table = new TextTable("WHAT", "NAME", "SOURCE", "TARGET");
    differences.forEach(d -> table.row(d.what(), d.name(), d.source(), d.target()));
    table.print(print);
    Map<String, Long> counts = new TreeMap<>(differences.stream()
        .collect(Collectors.groupingBy(AirflowDiff.Difference::what, Collectors.counting())));
    print.println(differences.isEmpty() ? "no differences between " + sourceUrl + " and " + targetUrl + "; wrote " + out
        : differences.size() + " differences (" + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")) + ") between " + sourceUrl + " and " + targetUrl + "; wrote " + out);
    return differences.isEmpty() ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }

  private AirflowEndpoint endpoint(String side, AirflowLogin login) {
    try {
      return login.endpoint(airflow.environment(), side + "-");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + side + ": " + e.getMessage());
    }
  }
}
