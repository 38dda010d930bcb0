package dev.runbook.cli;

import dev.runbook.kernel.Verdict;
import picocli.CommandLine.Command;

/** {@code runbook approve}. */
@Command(name = "approve", description = "Approve a gate.")
final class ApproveCommand extends GateDecisionCommand {

  @Override
  Verdict verdict() {
    return Verdict.APPROVE;
  }
}
