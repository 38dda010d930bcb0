package dev.runbook.cli;

import dev.runbook.kernel.OperatorAction;
import picocli.CommandLine.Command;

/** {@code runbook rollback}. */
@Command(name = "rollback", description = "Undo everything done so far, newest first, then stop.")
final class RollbackCommand extends OperatorActionCommand {

  @Override
  OperatorAction.Kind kind() {
    return OperatorAction.Kind.ROLLBACK;
  }
}
