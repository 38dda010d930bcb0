package dev.runbook.tools;

import dev.runbook.cli.VerboseOption;
import dev.runbook.kafka.offsets.TranslationException;
import io.temporal.failure.ApplicationFailure;
import picocli.CommandLine;

/**
 * The exit codes and error handling shared by {@code ./runbook kafka …} and {@code ./runbook airflow …}:
 * 0 everything matches, 1 something does not (a partition that cannot be translated, an offset on
 * the wrong record, a verification mismatch, a difference between two Airflows), 2 bad usage, 3 the
 * command could not run (Kafka, HTTP or file error). Every failure is one line on stderr.
 */
final class ToolCommandLine {

  static final int EXIT_NOT_EXACT = 1;
  static final int EXIT_FAILED = 3;

  private ToolCommandLine() {}

  static CommandLine of(Object commands) {
    return VerboseOption.addTo(new CommandLine(commands), "tools").setExecutionExceptionHandler((failure, command, parsed) -> {
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
}
