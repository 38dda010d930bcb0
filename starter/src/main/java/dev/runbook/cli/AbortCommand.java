package dev.runbook.cli;

import dev.runbook.kernel.OperatorAction;
import picocli.CommandLine.Command;

/** {@code runbook abort}. */
@Command(name = "abort", description = "Stop now and undo nothing.")
final class AbortCommand extends OperatorActionCommand {

  @Override
  OperatorAction.Kind kind() {
    return OperatorAction.Kind.ABORT;
  }
}
