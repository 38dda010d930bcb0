package dev.runbook.kernel;

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

  public static List<String> forParkedStep(String workflowId, String step) {
    return List.of(
        "runbook retry " + workflowId + " '" + step + "' --as YOUR_NAME",
        "runbook skip " + workflowId + " '" + step + "' --as YOUR_NAME",
        "runbook rollback " + workflowId + " --as YOUR_NAME",
        "runbook abort " + workflowId + " --as YOUR_NAME",
        "temporal workflow signal --workflow-id " + workflowId + " --name " + RunbookControl.ACTION_SIGNAL
            + " --input '{\"action\":\"RETRY\",\"step\":\"" + step + "\",\"operator\":\"YOUR_NAME\"}'");
  }
}
