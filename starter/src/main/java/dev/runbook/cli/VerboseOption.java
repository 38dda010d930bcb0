package dev.runbook.cli;

import dev.runbook.logs.EntryPointLogs;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --verbose} on a command and all its subcommands: logs reach stderr too. The flag itself is read
 * by {@link EntryPointLogs#route} before anything logs; here it is declared, so picocli accepts it and
 * {@code --help} says where the logs always go.
 */
public final class VerboseOption {

  private VerboseOption() {}

  /** Adds the option to {@code cli} and every subcommand below it; returns {@code cli}. */
  public static CommandLine addTo(CommandLine cli, String logName) {
    cli.getCommandSpec().addOption(OptionSpec.builder(EntryPointLogs.VERBOSE)
        .type(boolean.class)
        .description("Print logs to stderr too (they always go to " + EntryPointLogs.file(logName) + ")")
        .build());
    cli.getSubcommands().values().forEach(sub -> addTo(sub, logName));
    return cli;
  }
}
