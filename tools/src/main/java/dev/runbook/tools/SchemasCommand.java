package dev.runbook.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kafka schemas …}: the Schema Registry that moves with the data, compared and copied outside a run. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
    description = "Schema Registry tools: diff two registries, copy subjects with their schema IDs.",
    subcommands = {SchemasDiffCommand.class, SchemasCopyCommand.class})
final class SchemasCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: diff, copy");
  }
}
