package dev.runbook.kernel;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * The handlers every runbook workflow answers: gate decisions and operator actions by Update
 * (validated: the caller gets an error and nothing is recorded) or by Signal (same payload; an
 * invalid one is recorded as refused and ignored), and the progress query.
 */
public interface RunbookControl {

  String DECIDE_UPDATE = "decide";
  String DECISION_SIGNAL = "decision";
  String ACT_UPDATE = "act";
  String ACTION_SIGNAL = "action";
  String PROGRESS_QUERY = "progress";

  @UpdateMethod(name = DECIDE_UPDATE)
  DecisionReceipt decide(GateDecision decision);

  @UpdateValidatorMethod(updateName = DECIDE_UPDATE)
  void validateDecide(GateDecision decision);

  @SignalMethod(name = DECISION_SIGNAL)
  void decision(GateDecision decision);

  @UpdateMethod(name = ACT_UPDATE)
  DecisionReceipt act(OperatorAction action);

  @UpdateValidatorMethod(updateName = ACT_UPDATE)
  void validateAct(OperatorAction action);

  @SignalMethod(name = ACTION_SIGNAL)
  void action(OperatorAction action);

  @QueryMethod(name = PROGRESS_QUERY)
  Progress progress();
}
