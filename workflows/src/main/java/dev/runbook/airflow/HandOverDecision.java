package dev.runbook.airflow;

import dev.runbook.airflow.AirflowActivities.DagAfter;
import dev.runbook.airflow.AirflowActivities.DagIntervals;
import dev.runbook.airflow.AirflowActivities.DagPause;
import dev.runbook.airflow.AirflowMigrationPlan.IntervalRiskPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What to do with each DAG of a hand-over once both instances' schedules are known: which
 * intervals to mark done on the instance taking over, which DAGs to unpause there (those meant to
 * run, whose schedule continues safely) and which to hold paused because of a stated risk. Pure.
 *
 * @param awaitAdvance DAGs whose next run must move past their marked intervals once unpaused
 */
public record HandOverDecision(
    List<ContinuityVerdict> verdicts,
    List<DagIntervals> toMark,
    List<String> toUnpause,
    List<String> heldPaused,
    List<DagAfter> awaitAdvance) {

  /**
   * @param wanted each DAG's pause state wanted on the instance taking over (the source's original one)
   */
  public static HandOverDecision decide(
      List<DagSchedule> schedules, List<DagPause> wanted, IntervalRiskPolicy policy, int maxMarked) {
    Map<String, DagSchedule> byDag = schedules.stream().collect(Collectors.toMap(DagSchedule::dagId, Function.identity()));
    List<ContinuityVerdict> verdicts = new ArrayList<>();
    List<DagIntervals> toMark = new ArrayList<>();
    List<String> toUnpause = new ArrayList<>();
    List<String> held = new ArrayList<>();
    List<DagAfter> awaitAdvance = new ArrayList<>();
    for (DagPause dag : wanted) {
      ContinuityVerdict verdict = IntervalContinuity.assess(byDag.get(dag.dagId()), maxMarked);
      verdicts.add(verdict);
      boolean marking = verdict.outcome() == ContinuityVerdict.Outcome.REPEATS && policy == IntervalRiskPolicy.MARK_DONE;
      if (marking) {
        toMark.add(new DagIntervals(dag.dagId(), verdict.toMark()));
      }
      if (dag.paused()) {
        continue;
      }
      if (!verdict.safe() || verdict.outcome() == ContinuityVerdict.Outcome.REPEATS && !marking) {
        held.add(dag.dagId() + ": " + verdict.detail());
        continue;
      }
      toUnpause.add(dag.dagId());
      if (marking) {
        awaitAdvance.add(new DagAfter(dag.dagId(), verdict.toMark().get(verdict.toMark().size() - 1).logicalDate()));
      }
    }
    return new HandOverDecision(verdicts, toMark, toUnpause, held, awaitAdvance);
  }
}
