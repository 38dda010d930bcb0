package dev.runbook.cli;

import dev.runbook.kernel.DecisionReceipt;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.RunbookControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What retry, skip, rollback and abort share: an operator action on a parked runbook, sent as a validated update. */
abstract class OperatorActionCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", description = "Workflow id")
  String workflowId;

  @Parameters(index = "1", arity = "0..1", description = "The parked step (optional: checked when given)")
  String step;

  @Option(names = "--as", required = true, description = "Who acts (must be an operator of the plan)")
  String operator;

  @Option(names = "--comment", description = "Why")
  String comment;

  @Spec CommandSpec spec;

  abstract OperatorAction.Kind kind();

  @Override
  public Integer call() {
    return connection.withClient(client -> {
      DecisionReceipt receipt = client.newUntypedWorkflowStub(workflowId).update(
          RunbookControl.ACT_UPDATE, DecisionReceipt.class, new OperatorAction(kind(), step, operator, comment));
      spec.commandLine().getOut().println(receipt.recorded() + ": " + receipt.state());
      return 0;
    });
  }
}
