package dev.runbook.tools;

import dev.runbook.kafka.offsets.TranslationException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./runbook kafka …}: the Kafka runbook's discovery and offset translation, run by an
 * operator against live clusters outside any workflow. Exit codes: 0 all exact, 1 something is not
 * exact (a partition that cannot be translated, an offset that does not point at the right record),
 * 2 bad usage, 3 the command could not run (Kafka or file error).
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Kafka migration tools on the runbook's own code: discover, translate-offsets, inspect-offsets.",
    subcommands = {DiscoverCommand.class, TranslateOffsetsCommand.class, InspectOffsetsCommand.class})
public final class KafkaTools implements Runnable {

  static final int EXIT_NOT_EXACT = 1;
  static final int EXIT_FAILED = 3;
  /** How often a translation re-checks for a record that has not been replicated yet. */
  static final Duration REPLICATION_POLL = Duration.ofMillis(500);

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: every failure is one line on stderr and an exit code. */
  public static CommandLine commandLine() {
    return new CommandLine(new KafkaTools()).setExecutionExceptionHandler((failure, command, parsed) -> {
      command.getErr().println("error: " + oneLine(failure));
      return failure instanceof TranslationException ? EXIT_NOT_EXACT : EXIT_FAILED;
    });
  }

  private static String oneLine(Throwable failure) {
    Throwable root = failure;
    while (root.getMessage() == null && root.getCause() != null) {
      root = root.getCause();
    }
    String message = root instanceof ApplicationFailure application ? application.getOriginalMessage()
        : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command: discover, translate-offsets, inspect-offsets");
  }
}
