package dev.runbook.cli;

import dev.runbook.kernel.Verdict;
import picocli.CommandLine.Command;

/** {@code runbook reject}. */
@Command(name = "reject", description = "Reject a gate: the runbook rolls back.")
final class RejectCommand extends GateDecisionCommand {

  @Override
  Verdict verdict() {
    return Verdict.REJECT;
  }
}
