package dev.runbook.kernel;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The runbook kernel: the one mechanism both runbooks run on. A workflow builds one from its plan
 * and writes its method as a list of phases made of {@link #step steps}, {@link #onRollback
 * compensations} and {@link #gate gates}; {@link #run} turns the outcome into completed, rolled
 * back (compensations in reverse order, in a detached scope) or aborted.
 *
 * <p>A step that fails for good parks: the workflow notifies, marks itself with the
 * {@code RunbookAwaiting} search attribute and waits for an operator's retry, skip, rollback or
 * abort. Gates wait for decisions from the people the plan lists. Everything here runs inside
 * workflow code, so it uses workflow time and no I/O.
 */
public final class Runbook {

  private static final Logger log = Workflow.getLogger(Runbook.class);
  private static final ActivityOptions NOTIFY_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private final String name;
  private final String migrationId;
  private final Approvals approvals;
  private final Set<String> gateNames;
  private final NotificationActivities notifier;

  private final List<StepProgress> steps = new ArrayList<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final Map<String, String> facts = new LinkedHashMap<>();
  private final Set<String> factsSinceNotification = new LinkedHashSet<>();
  private final Deque<Compensation> compensations = new ArrayDeque<>();

  private RunbookStatus status = RunbookStatus.RUNNING;
  private String phase = "starting";
  private String outcomeMessage;
  private OpenGate openGate;
  private Parked parked;
  private OperatorAction stopRequest;
  private CancellationScope interruptibleWait;
  private boolean quietOnSuccess;

  /**
   * @param name the runbook's kind, e.g. {@code kafka-migration}
   * @param migrationId the plan's migration id
   * @param approvals who may decide which gate, and who may act
   * @param gates every gate this runbook may open, so decisions for unknown gates are refused
   */
  public Runbook(String name, String migrationId, Approvals approvals, List<String> gates) {
    this.name = name;
    this.migrationId = migrationId;
    this.approvals = approvals == null ? new Approvals(null, null, null) : approvals;
    this.gateNames = new LinkedHashSet<>(gates);
    this.notifier = Workflow.newActivityStub(NotificationActivities.class, NOTIFY_OPTIONS);
  }

  /**
   * For one unit of a larger runbook (a consumer group among a thousand): completing sends no
   * notification, so channels hear of the unit only when it parks, rolls back or stops.
   */
  public Runbook quietOnSuccess() {
    quietOnSuccess = true;
    return this;
  }

  /**
   * Runs the phases and reports how the runbook ended. A rejected gate or an operator's rollback
   * undoes what was done, newest first; an abort stops without undoing. A cancellation of the
   * workflow itself also undoes, then propagates.
   */
  public RunbookOutcome run(Runnable phases) {
    upsertSearchAttributes();
    try {
      phases.run();
      return end(RunbookStatus.COMPLETED, "all phases done");
    } catch (RunbookStopped stop) {
      if (stop.kind == OperatorAction.Kind.ABORT) {
        return end(RunbookStatus.ABORTED, stop.getMessage() + "; nothing was undone");
      }
      return rollBack(stop.getMessage());
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> rollBack("workflow cancelled")).run();
      throw cancelled;
    }
  }

  /** Enters a phase: shown by the progress query and the {@code RunbookPhase} search attribute. */
  public void phase(String phaseName) {
    checkStop();
    phase = phaseName;
    upsertSearchAttributes();
    notify(Notification.Kind.PHASE_STARTED, phaseName, "phase " + phaseName + " started", List.of());
  }

  /**
   * Registers how to undo the step that follows. Register it before the step runs: a step that
   * fails halfway may already have changed the world, and compensations must be idempotent.
   */
  public void onRollback(String stepName, Runnable undo) {
    compensations.push(new Compensation(stepName, undo));
  }

  /**
   * Runs a step whose result later steps need; it can be retried but not skipped when parked. A
   * rollback or abort requested while it runs takes effect when it has finished.
   */
  public <T> T step(String stepName, Supplier<T> action) {
    return runStep(stepName, action, false, false, false);
  }

  /**
   * Runs a long wait (catch-up, rollouts) that a rollback or abort interrupts at once: its
   * activity must heartbeat to hear the cancellation, and must change nothing in the world.
   */
  public <T> T waitFor(String stepName, Supplier<T> wait) {
    return runStep(stepName, wait, false, false, true);
  }

  /** A long wait with no result: interruptible like {@link #waitFor(String, Supplier)}, skippable when parked. */
  public void waitFor(String stepName, Runnable wait) {
    runStep(stepName, () -> {
      wait.run();
      return null;
    }, true, false, true);
  }

  /** Runs a step with no result; when parked it can also be skipped. */
  public void step(String stepName, Runnable action) {
    runStep(
        stepName,
        () -> {
          action.run();
          return null;
        },
        true,
        false,
        false);
  }

  /**
   * Waits at a go/no-go gate until enough distinct listed approvers approve; one rejection rolls
   * the runbook back. On timeout it notifies, then keeps waiting or rolls back as the plan says.
   */
  public void gate(String gateName, String evidence) {
    if (!gateNames.contains(gateName)) {
      throw new IllegalStateException("gate '" + gateName + "' was not declared by this runbook");
    }
    checkStop();
    GatePolicy policy = approvals.policyFor(gateName);
    openGate = new OpenGate(gateName, evidence, Workflow.currentTimeMillis(), policy);
    status = RunbookStatus.WAITING_FOR_GATE;
    upsertSearchAttributes();
    notify(
        Notification.Kind.GATE_OPENED,
        gateName,
        evidence,
        OperatorCommands.forGate(Workflow.getInfo().getWorkflowId(), gateName));
    try {
      awaitGateDecision(openGate, policy);
    } finally {
      openGate = null;
      status = RunbookStatus.RUNNING;
      upsertSearchAttributes();
    }
  }

  /**
   * Records a live figure (lag, counts) for the progress query. A whole number also travels with the
   * next notification (see {@link Notification#figures()}), which is how metrics hear of it.
   */
  public <T> void fact(Fact<T> fact, T value) {
    fact(fact, "", value);
  }

  /** Records a figure about one subject (a group, a batch) of a per-subject fact. */
  public <T> void fact(Fact<T> fact, String subject, T value) {
    String key = fact.key(subject);
    facts.put(key, fact.encode(value));
    factsSinceNotification.add(key);
  }

  /** The tags under which activities record this runbook's metrics, for the phase it is in now. */
  public MeterTags meterTags() {
    return new MeterTags(name, migrationId, phase);
  }

  // ---- handlers (called from the workflow's Update, Signal and Query methods) ----

  public void validateDecision(GateDecision decision) {
    String refusal = refusalOf(decision);
    if (refusal != null) {
      throw FailureType.DECISION_REFUSED.failure(refusal);
    }
  }

  public DecisionReceipt decide(GateDecision decision) {
    return applyDecision(decision, "update");
  }

  public void decisionBySignal(GateDecision decision) {
    String refusal = refusalOf(decision);
    if (refusal != null) {
      audit(decision == null ? null : decision.approver(), decision == null ? null : decision.gate(),
          decision == null || decision.verdict() == null ? null : decision.verdict().name(),
          decision == null ? null : decision.comment(), "signal", false, refusal);
      log.warn("refused gate decision by signal: {}", refusal);
      return;
    }
    applyDecision(decision, "signal");
  }

  public void validateAction(OperatorAction action) {
    String refusal = refusalOf(action);
    if (refusal != null) {
      throw FailureType.ACTION_REFUSED.failure(refusal);
    }
  }

  public DecisionReceipt act(OperatorAction action) {
    return applyAction(action, "update");
  }

  public void actionBySignal(OperatorAction action) {
    String refusal = refusalOf(action);
    if (refusal != null) {
      audit(action == null ? null : action.operator(), action == null ? null : action.step(),
          action == null || action.action() == null ? null : action.action().name(),
          action == null ? null : action.comment(), "signal", false, refusal);
      log.warn("refused operator action by signal: {}", refusal);
      return;
    }
    applyAction(action, "signal");
  }

  public Progress progress() {
    PendingGate pending = null;
    if (openGate != null) {
      pending =
          new PendingGate(
              openGate.name,
              openGate.evidence,
              openGate.openedAt,
              approvals.approversOf(openGate.name),
              openGate.policy.requiredApprovals(),
              List.copyOf(openGate.approvedBy));
    }
    return new Progress(
        name,
        migrationId,
        status,
        phase,
        List.copyOf(steps),
        pending,
        parked == null ? null : parked.step,
        Map.copyOf(facts),
        List.copyOf(audit),
        outcomeMessage,
        parked == null ? List.of() : parked.allowedActions());
  }

  // ---- steps and parking ----

  private <T> T runStep(
      String stepName, Supplier<T> action, boolean skippable, boolean compensation, boolean interruptible) {
    if (!compensation) {
      checkStop();
    }
    int index = steps.size();
    steps.add(new StepProgress(stepName, phase, compensation, StepState.RUNNING, 1, Workflow.currentTimeMillis(), 0, null));
    while (true) {
      try {
        T result = interruptible ? runInterruptible(action) : action.get();
        steps.set(index, steps.get(index).with(StepState.DONE, Workflow.currentTimeMillis(), steps.get(index).lastError()));
        return result;
      } catch (CanceledFailure cancelled) {
        if (stopRequest == null || compensation) {
          throw cancelled;
        }
        steps.set(index, steps.get(index).with(StepState.CANCELLED, Workflow.currentTimeMillis(), "cancelled: " + describe(stopRequest)));
        throw stopped();
      } catch (ActivityFailure | ChildWorkflowFailure | ApplicationFailure failure) {
        if (interruptible && stopRequest != null && failure.getCause() instanceof CanceledFailure) {
          steps.set(index, steps.get(index).with(StepState.CANCELLED, Workflow.currentTimeMillis(), "cancelled: " + describe(stopRequest)));
          throw stopped();
        }
        String error = describe(failure);
        steps.set(index, steps.get(index).with(StepState.PARKED, Workflow.currentTimeMillis(), error));
        OperatorAction decision = park(stepName, error, skippable, compensation);
        switch (decision.action()) {
          case RETRY -> steps.set(index, steps.get(index).rerun(Workflow.currentTimeMillis()));
          case SKIP -> {
            steps.set(index, steps.get(index).with(StepState.SKIPPED, Workflow.currentTimeMillis(), error));
            return null;
          }
          case ROLLBACK, ABORT -> {
            steps.set(index, steps.get(index).with(StepState.FAILED, Workflow.currentTimeMillis(), error));
            throw new RunbookStopped(decision.action(), "step '" + stepName + "' failed (" + error + ") and " + describe(decision));
          }
        }
      }
    }
  }

  private <T> T runInterruptible(Supplier<T> action) {
    List<T> result = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> {
      result.add(action.get());
    });
    interruptibleWait = scope;
    try {
      scope.run();
    } finally {
      interruptibleWait = null;
    }
    return result.get(0);
  }

  private OperatorAction park(String stepName, String error, boolean skippable, boolean compensation) {
    parked = new Parked(stepName, skippable, compensation);
    RunbookStatus before = status;
    status = RunbookStatus.PARKED;
    upsertSearchAttributes();
    notify(
        Notification.Kind.STEP_PARKED,
        stepName,
        "step '" + stepName + "' failed and waits for an operator: " + error,
        OperatorCommands.forParkedStep(Workflow.getInfo().getWorkflowId(), stepName, parked.allowedActions()));
    Parked waiting = parked;
    Workflow.await(() -> waiting.decision != null);
    parked = null;
    status = before;
    upsertSearchAttributes();
    return waiting.decision;
  }

  // ---- gates ----

  private void awaitGateDecision(OpenGate gate, GatePolicy policy) {
    while (true) {
      boolean settled;
      if (policy.timeout() == null) {
        Workflow.await(() -> gate.settled() || stopRequest != null);
        settled = true;
      } else {
        settled = Workflow.await(policy.timeout(), () -> gate.settled() || stopRequest != null);
      }
      checkStop();
      if (settled) {
        break;
      }
      String late = "gate '" + gate.name + "' has had no decision for " + policy.timeout();
      notify(Notification.Kind.GATE_WAITING, gate.name, late, OperatorCommands.forGate(Workflow.getInfo().getWorkflowId(), gate.name));
      if (policy.timeoutAction() == GatePolicy.OnTimeout.ROLLBACK) {
        throw new RunbookStopped(OperatorAction.Kind.ROLLBACK, late + "; the plan says roll back");
      }
    }
    if (gate.rejectedBy != null) {
      String rejected = "gate '" + gate.name + "' rejected by " + gate.rejectedBy;
      notify(Notification.Kind.GATE_DECIDED, gate.name, rejected, List.of());
      throw new RunbookStopped(OperatorAction.Kind.ROLLBACK, rejected);
    }
    notify(Notification.Kind.GATE_DECIDED, gate.name,
        "gate '" + gate.name + "' approved by " + String.join(", ", gate.approvedBy), List.of());
  }

  private String refusalOf(GateDecision decision) {
    if (decision != null && decision.malformed() != null) {
      return decision.malformed();
    }
    if (decision == null || isBlank(decision.gate())) {
      return "a decision must name its gate";
    }
    String gate = decision.gate();
    if (!gateNames.contains(gate)) {
      return "unknown gate '" + gate + "'; this runbook's gates are: " + String.join(", ", gateNames);
    }
    if (isBlank(decision.approver())) {
      return "a decision must name its approver";
    }
    if (decision.verdict() == null) {
      return "a decision's verdict must be one of " + names(Verdict.values());
    }
    if (openGate == null || !openGate.name.equals(gate)) {
      return "gate '" + gate + "' is not open: the runbook is in phase '" + phase + "' and "
          + (openGate == null ? "waits at no gate" : "waits at gate '" + openGate.name + "'");
    }
    List<String> allowed = approvals.approversOf(gate);
    // Only a policy that lists nobody lets anyone decide; a group that turns out empty lets nobody.
    if (!openGate.policy.approvers().isEmpty() && !allowed.contains(decision.approver())) {
      return "'" + decision.approver() + "' may not decide gate '" + gate + "'; "
          + (allowed.isEmpty() ? "its approvers name only empty groups" : "allowed: " + String.join(", ", allowed));
    }
    // A rejection stops a change, so the starter may reject; only approvals need other people.
    if (decision.verdict() == Verdict.APPROVE && openGate.policy.excludesStarter()
        && decision.approver().equals(approvals.startedBy())) {
      return "'" + decision.approver() + "' started this run and may not approve gate '" + gate + "'; it needs "
          + openGate.policy.requiredApprovals() + " approvers other than the one who started the run";
    }
    if (decision.verdict() == Verdict.APPROVE && openGate.approvedBy.contains(decision.approver())) {
      return "'" + decision.approver() + "' has already approved gate '" + gate + "'; it needs "
          + openGate.policy.requiredApprovals() + " distinct approvers";
    }
    return null;
  }

  private DecisionReceipt applyDecision(GateDecision decision, String channel) {
    audit(decision.approver(), decision.gate(), decision.verdict().name(), decision.comment(), channel, true, null);
    OpenGate gate = openGate;
    if (decision.verdict() == Verdict.REJECT) {
      gate.rejectedBy = decision.approver() + (isBlank(decision.comment()) ? "" : " (" + decision.comment() + ")");
    } else {
      gate.approvedBy.add(decision.approver());
    }
    String state = gate.rejectedBy != null ? "rejected: rolling back"
        : gate.settled() ? "approved: continuing"
        : "waiting for " + (gate.policy.requiredApprovals() - gate.approvedBy.size()) + " more approval(s)";
    return new DecisionReceipt(gate.name, decision.verdict().name() + " by " + decision.approver(), state);
  }

  // ---- operator actions ----

  private String refusalOf(OperatorAction action) {
    if (action != null && action.malformed() != null) {
      return action.malformed();
    }
    if (action == null || action.action() == null) {
      return "an action must be one of " + names(OperatorAction.Kind.values());
    }
    if (isBlank(action.operator())) {
      return "an action must name its operator";
    }
    Set<String> allowed = approvals.allowedOperators();
    if (!allowed.isEmpty() && !allowed.contains(action.operator())) {
      return "'" + action.operator() + "' may not act on this runbook; allowed: " + String.join(", ", allowed);
    }
    if (status == RunbookStatus.COMPLETED || status == RunbookStatus.ROLLED_BACK || status == RunbookStatus.ABORTED) {
      return "the runbook has already ended (" + status + ")";
    }
    boolean onParkedStep = action.action() == OperatorAction.Kind.RETRY || action.action() == OperatorAction.Kind.SKIP;
    if (parked == null) {
      if (onParkedStep) {
        return "no step is parked; " + action.action() + " applies to a parked step";
      }
      if (status == RunbookStatus.ROLLING_BACK && action.action() == OperatorAction.Kind.ROLLBACK) {
        return "the runbook is already rolling back";
      }
      if (stopRequest != null) {
        return "the runbook is already stopping (" + describe(stopRequest) + ")";
      }
      return null;
    }
    if (parked.decision != null) {
      return "step '" + parked.step + "' already has a decision: " + describe(parked.decision);
    }
    if (!isBlank(action.step()) && !action.step().equals(parked.step)) {
      return "step '" + action.step() + "' is not parked; the parked step is '" + parked.step + "'";
    }
    if (action.action() == OperatorAction.Kind.SKIP && !parked.skippable) {
      return "step '" + parked.step + "' cannot be skipped: later steps need its result; retry it or roll back";
    }
    if (action.action() == OperatorAction.Kind.ROLLBACK && parked.compensation) {
      return "the runbook is already rolling back; retry or skip the failed undo step, or abort";
    }
    return null;
  }

  private DecisionReceipt applyAction(OperatorAction action, String channel) {
    String subject = parked != null ? parked.step : phase;
    audit(action.operator(), subject, action.action().name(), action.comment(), channel, true, null);
    if (parked != null) {
      parked.decision = action;
      return new DecisionReceipt(subject, describe(action), "parked step '" + parked.step + "' will " + action.action().name().toLowerCase());
    }
    stopRequest = action;
    if (interruptibleWait != null && status != RunbookStatus.ROLLING_BACK) {
      interruptibleWait.cancel(describe(action));
    }
    return new DecisionReceipt(subject, describe(action), "stopping: " + action.action().name().toLowerCase());
  }

  // ---- ending ----

  private void checkStop() {
    if (stopRequest != null && status != RunbookStatus.ROLLING_BACK) {
      throw stopped();
    }
  }

  private RunbookStopped stopped() {
    return new RunbookStopped(stopRequest.action(), describe(stopRequest));
  }

  private RunbookOutcome rollBack(String reason) {
    status = RunbookStatus.ROLLING_BACK;
    phase = "rollback";
    stopRequest = null;
    upsertSearchAttributes();
    notify(Notification.Kind.COMPENSATING, "rollback", "rolling back: " + reason, List.of());
    while (!compensations.isEmpty()) {
      if (stopRequest != null && stopRequest.action() == OperatorAction.Kind.ABORT) {
        return end(RunbookStatus.ABORTED, "rollback (" + reason + ") stopped: " + describe(stopRequest)
            + "; not undone: " + String.join(", ", compensations.stream().map(Compensation::step).toList()));
      }
      Compensation next = compensations.pop();
      try {
        runStep("undo " + next.step(), () -> {
          next.undo().run();
          return null;
        }, true, true, false);
      } catch (RunbookStopped abort) {
        return end(RunbookStatus.ABORTED, "rollback (" + reason + ") stopped at 'undo " + next.step() + "': "
            + abort.getMessage() + "; not undone: " + String.join(", ", compensations.stream().map(Compensation::step).toList()));
      }
    }
    return end(RunbookStatus.ROLLED_BACK, "rolled back: " + reason);
  }

  private RunbookOutcome end(RunbookStatus finalStatus, String message) {
    status = finalStatus;
    outcomeMessage = message;
    upsertSearchAttributes();
    if (!(quietOnSuccess && finalStatus == RunbookStatus.COMPLETED)) {
      notify(Notification.Kind.RUNBOOK_ENDED, finalStatus.name(), message, List.of());
    }
    return new RunbookOutcome(finalStatus, message, progress());
  }

  // ---- plumbing ----

  private void notify(Notification.Kind kind, String subject, String message, List<String> commands) {
    Notification notification = new Notification(kind, name, migrationId, Workflow.getInfo().getWorkflowId(), phase,
        subject, message, commands, Workflow.currentTimeMillis(), openGate == null ? 0 : openGate.openedAt, figuresToNotify());
    try {
      notifier.notify(notification);
    } catch (ActivityFailure failure) {
      log.warn("could not notify {} for {}: {}", kind, subject, describe(failure));
    }
  }

  /** The whole-number facts recorded since the last notification; each is handed on once. */
  private Map<String, Long> figuresToNotify() {
    Map<String, Long> figures = new LinkedHashMap<>();
    for (String key : factsSinceNotification) {
      String value = facts.get(key);
      if (value != null && value.matches("-?\\d{1,18}")) {
        figures.put(key, Long.parseLong(value));
      }
    }
    factsSinceNotification.clear();
    return figures;
  }

  private void upsertSearchAttributes() {
    String awaiting = openGate != null ? "gate:" + openGate.name : parked != null ? "step:" + parked.step : "";
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.PHASE.valueSet(phase),
        RunbookSearchAttributes.AWAITING.valueSet(awaiting),
        RunbookSearchAttributes.STATUS.valueSet(status.name()));
  }

  private void audit(String actor, String subject, String decision, String comment, String channel, boolean accepted, String reason) {
    audit.add(new AuditEntry(Workflow.currentTimeMillis(), actor, subject, decision, comment, channel, accepted, reason));
  }

  private static String describe(OperatorAction action) {
    return action.action().name().toLowerCase() + " requested by " + action.operator()
        + (isBlank(action.comment()) ? "" : " (" + action.comment() + ")");
  }

  /** The innermost failure message, with its type when the activity gave one. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause instanceof TemporalFailure && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    String message = cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : cause.getMessage();
    return cause.getClass().getSimpleName() + ": " + message;
  }

  private static String names(Enum<?>[] values) {
    return String.join(", ", Arrays.stream(values).map(Enum::name).toList());
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private record Compensation(String step, Runnable undo) {}

  private static final class OpenGate {
    final String name;
    final String evidence;
    final long openedAt;
    final GatePolicy policy;
    final Set<String> approvedBy = new LinkedHashSet<>();
    String rejectedBy;

    OpenGate(String name, String evidence, long openedAt, GatePolicy policy) {
      this.name = name;
      this.evidence = evidence;
      this.openedAt = openedAt;
      this.policy = policy;
    }

    boolean settled() {
      return rejectedBy != null || approvedBy.size() >= policy.requiredApprovals();
    }
  }

  private static final class Parked {
    final String step;
    final boolean skippable;
    final boolean compensation;
    OperatorAction decision;

    Parked(String step, boolean skippable, boolean compensation) {
      this.step = step;
      this.skippable = skippable;
      this.compensation = compensation;
    }

    /** What an operator may do here; {@link #refusalOf(OperatorAction)} refuses the others with the reason. */
    List<OperatorAction.Kind> allowedActions() {
      List<OperatorAction.Kind> allowed = new ArrayList<>(List.of(OperatorAction.Kind.RETRY));
      if (skippable) {
        allowed.add(OperatorAction.Kind.SKIP);
      }
      if (!compensation) {
        allowed.add(OperatorAction.Kind.ROLLBACK);
      }
      allowed.add(OperatorAction.Kind.ABORT);
      return List.copyOf(allowed);
    }
  }

  /** Unwinds the phases when a gate is rejected or an operator rolls back or aborts. */
  private static final class RunbookStopped extends RuntimeException {
    final OperatorAction.Kind kind;

    RunbookStopped(OperatorAction.Kind kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }
  }
}
