package dev.runbook.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact commands an operator types to answer a gate or a parked step, with the temporal CLI
 * and with ours, so notifications and live views teach the real workflow.
 */
public final class OperatorCommands {

  private OperatorCommands() {}

  public static List<String> forGate(String workflowId, String gate) {
    String payload = "{\"gate\":\"" + gate + "\",\"approver\":\"YOUR_NAME\",\"verdict\":\"APPROVE\",\"comment\":\"\"}";
    return List.of(
        "runbook approve " + workflowId + " " + gate + " --as YOUR_NAME --comment '...'",
        "runbook reject " + workflowId + " " + gate + " --as YOUR_NAME --comment '...'",
        "temporal workflow signal --workflow-id " + workflowId + " --name " + RunbookControl.DECISION_SIGNAL
            + " --input '" + payload + "'",
        "temporal workflow update execute --workflow-id " + workflowId + " --name " + RunbookControl.DECIDE_UPDATE
            + " --input '" + payload + "'");
  }

  /** The commands for a parked step, only for the actions it allows. */
  public static List<String> forParkedStep(String workflowId, String step, List<OperatorAction.Kind> allowed) {
    List<String> commands = new ArrayList<>();
    for (OperatorAction.Kind action : allowed) {
      String name = action.name().toLowerCase();
      commands.add(action == OperatorAction.Kind.RETRY || action == OperatorAction.Kind.SKIP
          ? "runbook " + name + " " + workflowId + " '" + step + "' --as YOUR_NAME"
          : "runbook " + name + " " + workflowId + " --as YOUR_NAME");
    }
    commands.add("temporal workflow signal --workflow-id " + workflowId + " --name " + RunbookControl.ACTION_SIGNAL
        + " --input '{\"action\":\"RETRY\",\"step\":\"" + step + "\",\"operator\":\"YOUR_NAME\"}'");
    return List.copyOf(commands);
  }
}
