package dev.runbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.kernel.DrillWorkflow.DrillPlan;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel's behaviour on the real Temporal test server (time skipping), through a drill runbook. */
class RunbookKernelTest {

  static final String QUEUE = "drill";
  static final Approvals TWO_APPROVERS = new Approvals(
      new GatePolicy(List.of("alice", "bob"), 1, null, null),
      Map.of("final", new GatePolicy(List.of("alice", "bob", "carol"), 2, null, null)),
      List.of("oncall"));

  TestWorkflowEnvironment env;
  WorkflowClient client;
  DrillWorld world;

  @BeforeEach
  void startTestServer() {
    env = TestWorkflowEnvironment.newInstance();
    RunbookSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
    world = new DrillWorld();
    worker.registerActivitiesImplementations(world);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopTestServer() {
    env.close();
  }

  @Test
  void completesWhenEveryGateIsApproved() {
    DrillWorkflow drill = start("drill-ok", TWO_APPROVERS);
    awaitGate(drill, "go");
    DecisionReceipt receipt = drill.decide(GateDecision.approve("go", "alice", "inventory looks right"));
    assertEquals("approved: continuing", receipt.state());
    awaitGate(drill, "final");
    drill.decide(GateDecision.approve("final", "alice", null));
    drill.decide(GateDecision.approve("final", "carol", null));

    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of("read inventory", "change create", "change switch", "change cleanup"), world.events);
    assertEquals(List.of("discover", "create", "watch", "switch", "cleanup"),
        outcome.progress().steps().stream().map(StepProgress::name).toList());
    assertTrue(outcome.progress().steps().stream().allMatch(step -> step.state() == StepState.DONE && step.runs() == 1));
  }

  @Test
  void notificationsCarryWorkflowTimesAndEachNewWholeNumberFactOnce() {
    DrillWorkflow drill = start("drill-times", TWO_APPROVERS);
    awaitGate(drill, "go");
    env.sleep(Duration.ofMinutes(42));
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");

    Notification opened = first(Notification.Kind.GATE_OPENED);
    Notification decided = first(Notification.Kind.GATE_DECIDED);
    assertEquals(opened.at(), opened.gateOpenedAt());
    assertEquals(opened.gateOpenedAt(), decided.gateOpenedAt());
    assertTrue(decided.at() - decided.gateOpenedAt() >= Duration.ofMinutes(42).toMillis(), decided.toString());
    assertEquals(Map.of("inventory.length", (long) "3 topics".length()), opened.figures(), "the text fact stays out");
    assertEquals(0, first(Notification.Kind.PHASE_STARTED).gateOpenedAt());
    assertTrue(world.notifications.stream().filter(n -> n != opened).allMatch(n -> n.figures().isEmpty()),
        world.notifications.toString());
  }

  private Notification first(Notification.Kind kind) {
    return world.notifications.stream().filter(n -> n.kind() == kind).findFirst().orElseThrow();
  }

  @Test
  void rejectionUndoesCompletedStepsNewestFirst() {
    DrillWorkflow drill = start("drill-reject", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "bob", null));
    awaitGate(drill, "final");
    drill.decide(GateDecision.reject("final", "carol", "consumers lag"));

    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    assertEquals("rolled back: gate 'final' rejected by carol (consumers lag)", outcome.message());
    assertEquals(List.of("read inventory", "change create", "change switch", "undo switch", "undo create"), world.events);
  }

  @Test
  void compensatesOnlyStepsThatWereReached() {
    DrillWorkflow drill = start("drill-reject-early", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.reject("go", "alice", "wrong cluster"));

    assertEquals(RunbookStatus.ROLLED_BACK, result(drill).status());
    assertEquals(List.of("read inventory", "change create", "undo create"), world.events);
  }

  @Test
  void refusesApprovalFromUnlistedApproverAndRecordsNothing() {
    DrillWorkflow drill = start("drill-mallory", TWO_APPROVERS);
    awaitGate(drill, "go");

    String error = refusal(() -> drill.decide(GateDecision.approve("go", "mallory", "trust me")));
    assertEquals("'mallory' may not decide gate 'go'; allowed: alice, bob", error);
    Progress progress = drill.progress();
    assertTrue(progress.audit().isEmpty());
    assertEquals("go", progress.pendingGate().name());
    assertTrue(progress.pendingGate().approvedBy().isEmpty());
  }

  @Test
  void refusesDecisionsForUnknownOrClosedGates() {
    DrillWorkflow drill = start("drill-wrong-gate", TWO_APPROVERS);
    awaitGate(drill, "go");

    assertEquals("unknown gate 'go-live'; this runbook's gates are: go, final",
        refusal(() -> drill.decide(GateDecision.approve("go-live", "alice", null))));
    assertEquals("gate 'final' is not open: the runbook is in phase 'prepare' and waits at gate 'go'",
        refusal(() -> drill.decide(GateDecision.approve("final", "alice", null))));
    assertEquals("a decision must name its approver",
        refusal(() -> drill.decide(new GateDecision("go", " ", Verdict.APPROVE, null))));
    assertTrue(drill.progress().audit().isEmpty());
  }

  @Test
  void recordsSignalFromUnlistedApproverAsRefusedAndIgnoresIt() {
    DrillWorkflow drill = start("drill-signal", TWO_APPROVERS);
    awaitGate(drill, "go");

    drill.decision(GateDecision.approve("go", "mallory", "via UI"));
    drill.decision(GateDecision.approve("go", "alice", "via UI"));
    awaitGate(drill, "final");

    List<AuditEntry> audit = drill.progress().audit();
    assertEquals(2, audit.size());
    AuditEntry refused = audit.get(0);
    assertEquals("mallory", refused.actor());
    assertEquals("signal", refused.channel());
    assertEquals(false, refused.accepted());
    assertEquals("'mallory' may not decide gate 'go'; allowed: alice, bob", refused.reason());
    assertTrue(audit.get(1).accepted());
    assertEquals("alice", audit.get(1).actor());
  }

  @Test
  void waitsForTheMinimumNumberOfDistinctApprovers() {
    DrillWorkflow drill = start("drill-two-person", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");

    DecisionReceipt first = drill.decide(GateDecision.approve("final", "bob", null));
    assertEquals("waiting for 1 more approval(s)", first.state());
    assertEquals("'bob' has already approved gate 'final'; it needs 2 distinct approvers",
        refusal(() -> drill.decide(GateDecision.approve("final", "bob", null))));
    assertEquals(List.of("bob"), drill.progress().pendingGate().approvedBy());
    assertEquals(2, drill.progress().pendingGate().requiredApprovals());

    drill.decide(GateDecision.approve("final", "carol", null));
    assertEquals(RunbookStatus.COMPLETED, result(drill).status());
  }

  /** go: anyone of group sre-leads or dave; final: two people, neither carol, who started the run. */
  static final Approvals GROUPS_AND_TWO_PERSON = new Approvals(
      new GatePolicy(List.of("group:sre-leads", "dave"), 1, null, null),
      Map.of("final", new GatePolicy(List.of("group:sre-leads", "group:release"), null, null, null, true)),
      List.of("group:sre-leads"),
      Map.of("sre-leads", List.of("alice", "bob"), "release", List.of("carol", "erin")),
      "carol");

  @Test
  void acceptsAMemberOfAListedGroupAndRefusesEveryoneElse() {
    DrillWorkflow drill = start("drill-groups", GROUPS_AND_TWO_PERSON);
    Progress atGo = awaitGate(drill, "go");
    assertEquals(List.of("alice", "bob", "dave"), atGo.pendingGate().approvers());

    assertEquals("'erin' may not decide gate 'go'; allowed: alice, bob, dave",
        refusal(() -> drill.decide(GateDecision.approve("go", "erin", null))));
    assertEquals("'sre-leads' may not decide gate 'go'; allowed: alice, bob, dave",
        refusal(() -> drill.decide(GateDecision.approve("go", "sre-leads", null))));
    assertEquals("approved: continuing", drill.decide(GateDecision.approve("go", "bob", null)).state());
    assertEquals(List.of("bob"), drill.progress().audit().stream().map(AuditEntry::actor).toList());
  }

  @Test
  void aGroupThatTurnsOutEmptyLetsNobodyDecide() {
    Approvals emptyGroup = new Approvals(new GatePolicy(List.of("group:ghosts"), 1, null, null), null, List.of("oncall"),
        Map.of("ghosts", List.of()), null);
    DrillWorkflow drill = start("drill-empty-group", emptyGroup);
    awaitGate(drill, "go");

    assertEquals("'alice' may not decide gate 'go'; its approvers name only empty groups",
        refusal(() -> drill.decide(GateDecision.approve("go", "alice", null))));
    assertTrue(drill.progress().audit().isEmpty());
  }

  @Test
  void twoPersonGateRefusesTheStarterAndASecondApprovalBySamePerson() {
    DrillWorkflow drill = start("drill-four-eyes", GROUPS_AND_TWO_PERSON);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    Progress atFinal = awaitGate(drill, "final");
    assertEquals(2, atFinal.pendingGate().requiredApprovals());
    assertEquals(List.of("alice", "bob", "carol", "erin"), atFinal.pendingGate().approvers());

    assertEquals("'carol' started this run and may not approve gate 'final'; it needs 2 approvers other than "
            + "the one who started the run",
        refusal(() -> drill.decide(GateDecision.approve("final", "carol", "my own change"))));
    assertEquals("waiting for 1 more approval(s)", drill.decide(GateDecision.approve("final", "erin", null)).state());
    assertEquals("'erin' has already approved gate 'final'; it needs 2 distinct approvers",
        refusal(() -> drill.decide(GateDecision.approve("final", "erin", null))));
    assertEquals("'mallory' may not decide gate 'final'; allowed: alice, bob, carol, erin",
        refusal(() -> drill.decide(GateDecision.approve("final", "mallory", null))));
    assertEquals(List.of("erin"), drill.progress().pendingGate().approvedBy());

    drill.decide(GateDecision.approve("final", "bob", null));
    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.COMPLETED, outcome.status());
    assertEquals(List.of("alice", "erin", "bob"), outcome.progress().audit().stream().map(AuditEntry::actor).toList());
  }

  @Test
  void twoPersonGateRecordsTheStartersSignalAsRefusedAndLetsTheStarterReject() {
    DrillWorkflow drill = start("drill-four-eyes-signal", GROUPS_AND_TWO_PERSON);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");

    drill.decision(GateDecision.approve("final", "carol", "via UI"));
    drill.decision(GateDecision.approve("final", "alice", "via UI"));
    drill.decision(GateDecision.approve("final", "alice", "again"));
    awaitProgress(drill, p -> p.audit().size() == 4);
    assertEquals(List.of("alice"), drill.progress().pendingGate().approvedBy());
    drill.decision(GateDecision.reject("final", "carol", "found a problem"));

    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    List<AuditEntry> audit = outcome.progress().audit();
    assertEquals(List.of("carol APPROVE signal refused: 'carol' started this run and may not approve gate 'final'; "
            + "it needs 2 approvers other than the one who started the run",
        "alice APPROVE signal accepted",
        "alice APPROVE signal refused: 'alice' has already approved gate 'final'; it needs 2 distinct approvers",
        "carol REJECT signal accepted"),
        audit.subList(1, audit.size()).stream().map(e -> e.actor() + " " + e.decision() + " " + e.channel() + " "
            + (e.accepted() ? "accepted" : "refused: " + e.reason())).toList());
  }

  @Test
  void operatorsListedByGroupMayActAndOthersMayNot() {
    DrillWorkflow drill = start("drill-operator-group", GROUPS_AND_TWO_PERSON);
    awaitGate(drill, "go");
    assertEquals("'dave' may not act on this runbook; allowed: alice, bob",
        refusal(() -> drill.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "dave", null))));
    drill.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "bob", "drill over"));
    assertEquals(RunbookStatus.ABORTED, result(drill).status());
  }

  @Test
  void gateTimeoutRollsBackWhenThePlanSaysSo() {
    Approvals strict = new Approvals(
        new GatePolicy(List.of("alice"), 1, Duration.ofHours(1), GatePolicy.OnTimeout.ROLLBACK), null, null);
    DrillWorkflow drill = start("drill-timeout", strict);

    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    assertEquals("rolled back: gate 'go' has had no decision for PT1H; the plan says roll back", outcome.message());
    assertEquals(List.of("read inventory", "change create", "undo create"), world.events);
    assertEquals(1, count(Notification.Kind.GATE_WAITING));
  }

  @Test
  void gateTimeoutNotifiesAndKeepsWaiting() {
    Approvals patient = new Approvals(
        new GatePolicy(List.of("alice"), 1, Duration.ofMinutes(30), GatePolicy.OnTimeout.KEEP_WAITING), null, null);
    DrillWorkflow drill = start("drill-patient", patient);
    awaitGate(drill, "go");
    env.sleep(Duration.ofMinutes(95));

    assertEquals(3, count(Notification.Kind.GATE_WAITING));
    Notification reminder = world.notifications.stream()
        .filter(n -> n.kind() == Notification.Kind.GATE_WAITING).findFirst().orElseThrow();
    assertTrue(reminder.commands().contains(
        "temporal workflow signal --workflow-id drill-patient --name decision --input "
            + "'{\"gate\":\"go\",\"approver\":\"YOUR_NAME\",\"verdict\":\"APPROVE\",\"comment\":\"\"}'"));
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");
    drill.decide(GateDecision.approve("final", "alice", null));
    assertEquals(RunbookStatus.COMPLETED, result(drill).status());
  }

  @Test
  void failedStepParksAndRunsAgainOnRetry() {
    world.broken.add("create");
    DrillWorkflow drill = start("drill-retry", TWO_APPROVERS);
    Progress parked = awaitProgress(drill, p -> "create".equals(p.parkedStep()));

    assertEquals(RunbookStatus.PARKED, parked.status());
    StepProgress create = parked.steps().get(1);
    assertEquals(StepState.PARKED, create.state());
    assertEquals("Refused: create is broken", create.lastError());
    assertEquals(1, count(Notification.Kind.STEP_PARKED));
    assertTrue(upsertedSearchAttributes("drill-retry").contains("step:create"));
    assertEquals(List.of(OperatorAction.Kind.RETRY, OperatorAction.Kind.SKIP, OperatorAction.Kind.ROLLBACK,
        OperatorAction.Kind.ABORT), parked.parkedStepActions());

    world.broken.remove("create");
    drill.act(new OperatorAction(OperatorAction.Kind.RETRY, "create", "oncall", "fixed the quota"));
    Progress resumed = awaitGate(drill, "go");
    assertEquals(StepState.DONE, resumed.steps().get(1).state());
    assertEquals(2, resumed.steps().get(1).runs());
    assertNull(resumed.parkedStep());
  }

  @Test
  void parkedStepCanBeSkipped() {
    world.broken.add("create");
    DrillWorkflow drill = start("drill-skip", TWO_APPROVERS);
    awaitProgress(drill, p -> "create".equals(p.parkedStep()));

    drill.act(new OperatorAction(OperatorAction.Kind.SKIP, "create", "oncall", "created by hand"));
    Progress atGate = awaitGate(drill, "go");
    assertEquals(StepState.SKIPPED, atGate.steps().get(1).state());
  }

  @Test
  void refusesToSkipAStepWhoseResultIsNeeded() {
    world.broken.add("inventory");
    DrillWorkflow drill = start("drill-no-skip", TWO_APPROVERS);
    Progress parked = awaitProgress(drill, p -> "discover".equals(p.parkedStep()));

    List<OperatorAction.Kind> allowed = List.of(OperatorAction.Kind.RETRY, OperatorAction.Kind.ROLLBACK, OperatorAction.Kind.ABORT);
    assertEquals(allowed, parked.parkedStepActions());
    Notification notification = world.notifications.stream().filter(n -> n.kind() == Notification.Kind.STEP_PARKED)
        .findFirst().orElseThrow();
    assertEquals(OperatorCommands.forParkedStep("drill-no-skip", "discover", allowed), notification.commands());
    assertTrue(notification.commands().stream().noneMatch(command -> command.startsWith("runbook skip")),
        notification.commands().toString());

    assertEquals("step 'discover' cannot be skipped: later steps need its result; retry it or roll back",
        refusal(() -> drill.act(new OperatorAction(OperatorAction.Kind.SKIP, null, "oncall", null))));
    assertEquals("step 'create' is not parked; the parked step is 'discover'",
        refusal(() -> drill.act(new OperatorAction(OperatorAction.Kind.RETRY, "create", "oncall", null))));
    assertEquals("'mallory' may not act on this runbook; allowed: oncall",
        refusal(() -> drill.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "mallory", null))));
  }

  @Test
  void parkedStepRollbackUndoesTheFailedStepAndEverythingBefore() {
    world.broken.add("switch");
    DrillWorkflow drill = start("drill-rollback", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitProgress(drill, p -> "switch".equals(p.parkedStep()));

    drill.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "oncall", "give up for tonight"));
    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    assertEquals(List.of("read inventory", "change create", "undo switch", "undo create"), world.events);
    List<StepProgress> undos = outcome.progress().steps().stream().filter(StepProgress::compensation).toList();
    assertEquals(List.of("undo switch", "undo create"), undos.stream().map(StepProgress::name).toList());
  }

  @Test
  void parkedStepAbortStopsWithoutUndoing() {
    world.broken.add("create");
    DrillWorkflow drill = start("drill-abort", TWO_APPROVERS);
    awaitProgress(drill, p -> "create".equals(p.parkedStep()));

    drill.act(new OperatorAction(OperatorAction.Kind.ABORT, null, "oncall", "will fix by hand"));
    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ABORTED, outcome.status());
    assertEquals(List.of("read inventory"), world.events);
  }

  @Test
  void rollbackAtAGateUndoesWithoutADecision() {
    DrillWorkflow drill = start("drill-rollback-at-gate", TWO_APPROVERS);
    awaitGate(drill, "go");

    drill.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "oncall", "change freeze"));
    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    assertEquals("rolled back: rollback requested by oncall (change freeze)", outcome.message());
    assertEquals(List.of("read inventory", "change create", "undo create"), world.events);
  }

  @Test
  void rollbackInterruptsALongWaitAtOnce() {
    world.watchDone = false;
    DrillWorkflow drill = start("drill-interrupt-wait", TWO_APPROVERS);
    awaitProgress(drill, p -> p.steps().stream().anyMatch(s -> s.name().equals("watch")) && world.events.contains("watching replication"));

    drill.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "oncall", "taking too long"));
    awaitProgress(drill, p -> p.status() == RunbookStatus.ROLLED_BACK);
    RunbookOutcome outcome = result(drill);
    assertEquals(RunbookStatus.ROLLED_BACK, outcome.status());
    assertEquals(StepState.CANCELLED, outcome.progress().steps().get(2).state());
    assertEquals(List.of("read inventory", "change create", "watching replication", "undo create"), world.events);
  }

  @Test
  void failedUndoParksAndCanBeRetried() {
    world.broken.add("undo create");
    DrillWorkflow drill = start("drill-undo-fails", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.reject("go", "alice", null));
    Progress parked = awaitProgress(drill, p -> "undo create".equals(p.parkedStep()));

    assertEquals(List.of(OperatorAction.Kind.RETRY, OperatorAction.Kind.SKIP, OperatorAction.Kind.ABORT),
        parked.parkedStepActions());
    assertEquals("the runbook is already rolling back; retry or skip the failed undo step, or abort",
        refusal(() -> drill.act(new OperatorAction(OperatorAction.Kind.ROLLBACK, null, "oncall", null))));
    world.broken.remove("undo create");
    drill.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "oncall", null));
    assertEquals(RunbookStatus.ROLLED_BACK, result(drill).status());
    assertEquals(List.of("read inventory", "change create", "undo create"), world.events);
  }

  @Test
  void progressShowsPhaseStepsGateAndAudit() {
    DrillWorkflow drill = start("drill-progress", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decision(GateDecision.approve("go", "bob", "looks good"));
    Progress progress = awaitGate(drill, "final");

    assertEquals("drill", progress.runbook());
    assertEquals("m-1", progress.migrationId());
    assertEquals(RunbookStatus.WAITING_FOR_GATE, progress.status());
    assertEquals("switch", progress.phase());
    assertEquals(List.of("discover", "create", "watch", "switch"), progress.steps().stream().map(StepProgress::name).toList());
    StepProgress discover = progress.steps().get(0);
    assertEquals("prepare", discover.phase());
    assertTrue(discover.startedAt() > 0 && discover.finishedAt() >= discover.startedAt());
    assertEquals("switched", progress.pendingGate().evidence());
    assertEquals(List.of("alice", "bob", "carol"), progress.pendingGate().approvers());
    AuditEntry entry = progress.audit().get(0);
    assertEquals(List.of("bob", "go", "APPROVE", "looks good", "signal", true),
        List.of(entry.actor(), entry.subject(), entry.decision(), entry.comment(), entry.channel(), entry.accepted()));
  }

  @Test
  void notificationFailuresNeverFailTheRunbook() {
    world.notifierDown = true;
    DrillWorkflow drill = start("drill-no-slack", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");
    drill.decide(GateDecision.approve("final", "alice", null));
    drill.decide(GateDecision.approve("final", "bob", null));
    assertEquals(RunbookStatus.COMPLETED, result(drill).status());
    assertTrue(world.notifications.isEmpty());
  }

  /** Writes the history of a rolled-back drill for {@link RunbookReplayTest}; run with -Drunbook.recordHistory=true. */
  @Test
  void recordsAHistoryForReplay() throws Exception {
    DrillWorkflow drill = start("drill-history", TWO_APPROVERS);
    awaitGate(drill, "go");
    drill.decide(GateDecision.approve("go", "alice", null));
    awaitGate(drill, "final");
    drill.decision(GateDecision.approve("final", "mallory", null));
    drill.decide(GateDecision.reject("final", "bob", "not tonight"));
    assertEquals(RunbookStatus.ROLLED_BACK, result(drill).status());
    if (Boolean.getBoolean("runbook.recordHistory")) {
      Files.writeString(Path.of("src/test/resources/histories/drill-rolled-back.json"),
          client.fetchHistory("drill-history").toJson(true));
    }
  }

  // ---- helpers ----

  DrillWorkflow start(String id, Approvals approvals) {
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    WorkflowClient.start(drill::run, new DrillPlan("m-1", approvals));
    return drill;
  }

  RunbookOutcome result(DrillWorkflow drill) {
    try {
      return WorkflowStub.fromTyped(drill).getResult(30, TimeUnit.SECONDS, RunbookOutcome.class);
    } catch (TimeoutException e) {
      return fail("the drill did not end within 30 s; progress: " + drill.progress());
    }
  }

  Progress awaitGate(DrillWorkflow drill, String gate) {
    return awaitProgress(drill, p -> p.pendingGate() != null && gate.equals(p.pendingGate().name()));
  }

  static Progress awaitProgress(DrillWorkflow drill, Predicate<Progress> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Progress last = null;
    while (System.nanoTime() < deadline) {
      last = drill.progress();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("condition not reached; last progress: " + last);
  }

  @Test
  void refusesAnUnknownVerdictOrActionInOneLineNamingTheFieldAndItsValues() {
    world.broken.add("inventory");
    DrillWorkflow drill = start("drill-malformed", TWO_APPROVERS);
    awaitProgress(drill, p -> "discover".equals(p.parkedStep()));
    WorkflowStub stub = WorkflowStub.fromTyped(drill);

    // What `temporal workflow update execute --input '{"verdict":"MAYBE",...}'` sends: JSON the enum cannot hold.
    assertEquals("a decision's verdict must be one of APPROVE, REJECT", refusal(() -> stub.update(
        RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, Map.of("gate", "go", "approver", "alice", "verdict", "MAYBE"))));
    assertEquals("an action must be one of RETRY, SKIP, ROLLBACK, ABORT", refusal(() -> stub.update(
        RunbookControl.ACT_UPDATE, DecisionReceipt.class, Map.of("action", "RESTART", "operator", "oncall"))));

    stub.signal(RunbookControl.DECISION_SIGNAL, Map.of("gate", "go", "approver", "alice", "verdict", "MAYBE"));
    AuditEntry refused = awaitProgress(drill, p -> !p.audit().isEmpty()).audit().get(0);
    assertEquals("a decision's verdict must be one of APPROVE, REJECT", refused.reason());
    assertEquals(RunbookStatus.PARKED, drill.progress().status());
  }

  @Test
  void refusesAPayloadOfTheWrongShapeInOneLineByUpdateAndRecordsItBySignal() {
    world.broken.add("inventory");
    DrillWorkflow drill = start("drill-wrong-shape", TWO_APPROVERS);
    awaitProgress(drill, p -> "discover".equals(p.parkedStep()));
    WorkflowStub stub = WorkflowStub.fromTyped(drill);
    String decision = "a decision {gate, approver, verdict: APPROVE or REJECT, comment}";
    String action = "an action {action: RETRY | SKIP | ROLLBACK | ABORT, step, operator, comment}";

    // What `temporal workflow update execute --input '[]'` (or '"x"', or a field holding a list) sends.
    assertEquals(decision + " is a JSON object, got a list",
        refusal(() -> stub.update(RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, List.of())));
    assertEquals(decision + " is a JSON object, got a string",
        refusal(() -> stub.update(RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, "approve")));
    assertEquals(decision + ": gate must be a string, got a list", refusal(() -> stub.update(
        RunbookControl.DECIDE_UPDATE, DecisionReceipt.class, Map.of("gate", List.of("go"), "approver", "alice", "verdict", "APPROVE"))));
    assertEquals(action + " is a JSON object, got a number",
        refusal(() -> stub.update(RunbookControl.ACT_UPDATE, DecisionReceipt.class, 7)));
    assertEquals(action + ": operator must be a string, got an object", refusal(() -> stub.update(
        RunbookControl.ACT_UPDATE, DecisionReceipt.class, Map.of("action", "RETRY", "operator", Map.of("name", "oncall")))));

    stub.signal(RunbookControl.ACTION_SIGNAL, List.of("RETRY"));
    AuditEntry refused = awaitProgress(drill, p -> !p.audit().isEmpty()).audit().get(0);
    assertEquals(action + " is a JSON object, got a list", refused.reason());
    assertEquals("signal", refused.channel());
    assertEquals(RunbookStatus.PARKED, drill.progress().status(), "the run goes on waiting");

    // A well-formed action still works after the refusals.
    world.broken.clear();
    stub.update(RunbookControl.ACT_UPDATE, DecisionReceipt.class, new OperatorAction(OperatorAction.Kind.RETRY, null, "oncall", null));
    awaitProgress(drill, p -> !"discover".equals(p.parkedStep()));
  }

  static String refusal(Runnable call) {
    WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class, call::run);
    Throwable cause = refused;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return ((io.temporal.failure.ApplicationFailure) cause).getOriginalMessage();
  }

  long count(Notification.Kind kind) {
    return world.notifications.stream().filter(n -> n.kind() == kind).count();
  }

  String upsertedSearchAttributes(String workflowId) {
    StringBuilder all = new StringBuilder();
    client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .forEach(e -> e.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes()
            .getIndexedFieldsMap().values()
            .forEach(payload -> all.append(DefaultDataConverter.STANDARD_INSTANCE
                .fromPayload(payload, String.class, String.class)).append('\n')));
    return all.toString();
  }
}
