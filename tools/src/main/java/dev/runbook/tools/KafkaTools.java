package dev.runbook.tools;

import dev.runbook.logs.EntryPointLogs;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./runbook kafka …}: the Kafka runbook's discovery, verification and offset translation, run
 * by an operator against live clusters outside any workflow, and a plan drafted from a discovery.
 * Exit codes as {@link ToolCommandLine} says.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Kafka migration tools on the runbook's own code: discover, plan, verify, translate-offsets, inspect-offsets, schemas.",
    subcommands = {DiscoverCommand.class, KafkaPlanCommand.class, VerifyCommand.class, TranslateOffsetsCommand.class,
        InspectOffsetsCommand.class, SchemasCommand.class})
public final class KafkaTools implements Runnable {

  /** How often a translation re-checks for a record that has not been replicated yet. */
  static final Duration REPLICATION_POLL = Duration.ofMillis(500);

  public static void main(String[] args) {
    EntryPointLogs.route(args);
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: every failure is one line on stderr and an exit code. */
  public static CommandLine commandLine() {
    return ToolCommandLine.of(new KafkaTools());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command: discover, plan, verify, translate-offsets, inspect-offsets, schemas");
  }
}
