package dev.runbook.cli;

import dev.runbook.kernel.OperatorAction;
import picocli.CommandLine.Command;

/** {@code runbook retry}. */
@Command(name = "retry", description = "Run a parked step again.")
final class RetryCommand extends OperatorActionCommand {

  @Override
  OperatorAction.Kind kind() {
    return OperatorAction.Kind.RETRY;
  }
}
