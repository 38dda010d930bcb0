package dev.runbook.cli;

import dev.runbook.kernel.DecisionReceipt;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.Verdict;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What approve and reject share: a decision at a named gate, sent as an update the runbook validates first. */
abstract class GateDecisionCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Workflow id")
  String workflowId;

  @Parameters(index = "1", description = "Gate name")
  String gate;

  @Option(names = "--as", required = true, description = "Who decides (must be listed for the gate)")
  String approver;

  @Option(names = "--comment", description = "Why")
  String comment;

  @Spec CommandSpec spec;

  abstract Verdict verdict();

  @Override
  public Integer call() {
    return connection.withClient(client -> {
      DecisionReceipt receipt = client.newUntypedWorkflowStub(workflowId).update(
          RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, new GateDecision(gate, approver, verdict(), comment));
      spec.commandLine().getOut().println(receipt.recorded() + " at gate '" + receipt.subject() + "': " + receipt.state());
      return 0;
    });
  }
}
