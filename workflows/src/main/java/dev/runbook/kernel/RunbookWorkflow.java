package dev.runbook.kernel;

/**
 * Base of every runbook workflow implementation: answers the {@link RunbookControl} handlers from
 * the {@link Runbook} kernel the subclass builds from its plan in its {@code @WorkflowInit}
 * constructor (so handlers work from the first workflow task on).
 */
public abstract class RunbookWorkflow implements RunbookControl {

  protected final Runbook runbook;

  protected RunbookWorkflow(Runbook runbook) {
    this.runbook = runbook;
  }

  @Override
  public DecisionReceipt decide(GateDecision decision) {
    return runbook.decide(decision);
  }

  @Override
  public void validateDecide(GateDecision decision) {
    runbook.validateDecision(decision);
  }

  @Override
  public void decision(GateDecision decision) {
    runbook.decisionBySignal(decision);
  }

  @Override
  public DecisionReceipt act(OperatorAction action) {
    return runbook.act(action);
  }

  @Override
  public void validateAct(OperatorAction action) {
    runbook.validateAction(action);
  }

  @Override
  public void action(OperatorAction action) {
    runbook.actionBySignal(action);
  }

  @Override
  public Progress progress() {
    return runbook.progress();
  }
}
