package dev.runbook.cli;

import dev.runbook.kernel.OperatorAction;
import picocli.CommandLine.Command;

/** {@code runbook skip}. */
@Command(name = "skip", description = "Skip a parked step (only steps whose result nothing needs).")
final class SkipCommand extends OperatorActionCommand {

  @Override
  OperatorAction.Kind kind() {
    return OperatorAction.Kind.SKIP;
  }
}
