package dev.runbook.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.ContinuityVerdict.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interval logic across a hand-over, for both kinds of timetable: Airflow 3's
 * CronTriggerTimetable (runs at points, start == end) and data-interval timetables
 * (CronDataIntervalTimetable, timedelta schedules: [start, end), logical date at the start).
 */
class IntervalContinuityTest {

  static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);

  @Test
  void hourlyTriggerTimetableCatchupOffRepeatsTheLastHourWithoutHistory() {
    // The source ran 01:00 and was paused before 02:00; the target plans the latest due hour: 01:00 again.
    DagSchedule schedule = trigger("hourly_ingest", false, T0, T0.plus(HOUR), List.of(RunInterval.at(T0)), RunInterval.at(T0));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.REPEATS, verdict.outcome());
    assertEquals(List.of(RunInterval.at(T0)), verdict.toMark());
    assertEquals("would re-run 1 interval(s) already run, 2026-11-22T01:00:00Z (catchup off); marking them done moves "
        + "the next run after 2026-11-22T01:00:00Z", verdict.detail());
    assertTrue(verdict.safe());
  }

  @Test
  void hourlyTriggerTimetableIsContinuousWhenTheTargetPlansTheNextHour() {
    // A fire passed during the hand-over: the target plans 02:00, which the source never ran.
    DagSchedule schedule = trigger("hourly_ingest", false, T0, T0.plus(HOUR), List.of(), RunInterval.at(T0.plus(HOUR)));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.CONTINUOUS, verdict.outcome());
    assertEquals(List.of(), verdict.toMark());
    assertEquals("next run 2026-11-22T02:00:00Z after the last run 2026-11-22T01:00:00Z", verdict.detail());
  }

  @Test
  void dailyCatchupOnWithoutHistoryWouldBackfillEveryDayTheSourceRan() {
    List<RunInterval> week = days(Instant.parse("2026-01-01T00:00:00Z"), 7);
    DagSchedule schedule = trigger("daily_backfill_week", true, week.get(6).logicalDate(), null, week, week.get(0));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.REPEATS, verdict.outcome());
    assertEquals(week, verdict.toMark());
    assertEquals("would re-run 7 interval(s) already run, 2026-01-01T00:00:00Z … 2026-01-07T00:00:00Z (catchup on); "
        + "marking them done moves the next run after 2026-01-07T00:00:00Z", verdict.detail());
  }

  @Test
  void backfillLongerThanThePlanAllowsToMarkIsARiskNotAnAction() {
    List<RunInterval> week = days(Instant.parse("2026-01-01T00:00:00Z"), 7);
    DagSchedule schedule = trigger("daily_backfill_week", true, week.get(6).logicalDate(), null, week, week.get(0));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 5);

    assertEquals(Outcome.TOO_MANY_REPEATS, verdict.outcome());
    assertEquals(List.of(), verdict.toMark());
    assertEquals("would re-run 7 intervals already run, from 2026-01-01T00:00:00Z (catchup on); the plan allows marking 5 per DAG",
        verdict.detail());
    assertFalse(verdict.safe());
  }

  @Test
  void truncatedRunListCountsAsMoreThanListed() {
    List<RunInterval> listed = days(Instant.parse("2025-01-01T00:00:00Z"), 3);
    DagSchedule schedule = new DagSchedule("years_of_history", true, true, RunInterval.at(Instant.parse("2026-11-21T00:00:00Z")),
        RunInterval.at(Instant.parse("2026-11-22T00:00:00Z")), listed, true, listed.get(0));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 3);

    assertEquals(Outcome.TOO_MANY_REPEATS, verdict.outcome());
    assertTrue(verdict.detail().startsWith("would re-run more than 3 intervals already run, from 2025-01-01T00:00:00Z"), verdict.detail());
  }

  @Test
  void dataIntervalTimetableCatchupOffRepeatsTheLastCompleteInterval() {
    // CronDataIntervalTimetable: the source ran [00:00, 01:00) (logical 00:00); without history the
    // target plans the latest complete interval, the same one.
    RunInterval ran = RunInterval.of(T0.minus(HOUR), T0);
    DagSchedule schedule = new DagSchedule("legacy_hourly", true, false, ran, RunInterval.of(T0, T0.plus(HOUR)),
        List.of(ran), false, ran);

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.REPEATS, verdict.outcome());
    assertEquals(List.of(ran), verdict.toMark());
  }

  @Test
  void dataIntervalTimetableContinuesWhenTheNextIntervalStartsWhereTheLastEnded() {
    RunInterval ran = RunInterval.of(T0.minus(HOUR), T0);
    RunInterval next = RunInterval.of(T0, T0.plus(HOUR));
    DagSchedule schedule = new DagSchedule("legacy_hourly", true, false, ran, next, List.of(), false, next);

    assertEquals(Outcome.CONTINUOUS, IntervalContinuity.assess(schedule, 100).outcome());
  }

  @Test
  void timedeltaScheduleRestartingFromNowOverlapsTheLastIntervalAndCannotBeMarked() {
    // Six-hourly delta, catchup off: the target plans [now - 6h, now), which overlaps what the source ran.
    RunInterval ran = RunInterval.of(Instant.parse("2026-11-21T18:00:00Z"), Instant.parse("2026-11-22T00:00:00Z"));
    RunInterval next = RunInterval.of(Instant.parse("2026-11-21T19:46:00Z"), Instant.parse("2026-11-22T01:46:00Z"));
    DagSchedule schedule = new DagSchedule("six_hourly_timedelta", true, false, ran,
        RunInterval.of(Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-22T06:00:00Z")), List.of(), false, next);

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.OVERLAPS, verdict.outcome());
    assertEquals("next run [2026-11-21T19:46:00Z, 2026-11-22T01:46:00Z) overlaps the last run "
        + "[2026-11-21T18:00:00Z, 2026-11-22T00:00:00Z): its data would be processed twice; a run at another logical date "
        + "cannot prevent it", verdict.detail());
    assertFalse(verdict.safe());
  }

  @Test
  void catchupOnTargetPlanningPastTheSourcesNextRunSkipsIntervals() {
    DagSchedule schedule = trigger("ledger", true, T0, T0.plus(HOUR), List.of(), RunInterval.at(T0.plus(Duration.ofHours(3))));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.SKIPS, verdict.outcome());
    assertEquals("catchup on, but the next run 2026-11-22T04:00:00Z comes after 2026-11-22T02:00:00Z, the run due next after "
        + "the last run 2026-11-22T01:00:00Z: the intervals from 2026-11-22T02:00:00Z up to 2026-11-22T04:00:00Z would run nowhere",
        verdict.detail());
    assertFalse(verdict.safe());
  }

  @Test
  void catchupOffLeavesOutIntervalsDueDuringTheHandOverAsAirflowDoesForAnyPausedDag() {
    DagSchedule schedule = trigger("every_15_minutes", false, T0, T0.plus(Duration.ofMinutes(15)), List.of(),
        RunInterval.at(T0.plus(Duration.ofMinutes(45))));

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.CATCHUP_OFF_GAP, verdict.outcome());
    assertTrue(verdict.safe());
  }

  @Test
  void pausedDagThatNeverRanHasNothingToRepeat() {
    // paused_on_arrival: never ran on the source, both sides plan the latest due day.
    RunInterval due = RunInterval.at(Instant.parse("2026-11-22T00:00:00Z"));
    DagSchedule schedule = new DagSchedule("paused_on_arrival", true, false, null, due, List.of(), false, due);

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.CONTINUOUS, verdict.outcome());
    assertEquals("never ran before; next run 2026-11-22T00:00:00Z", verdict.detail());
  }

  @Test
  void manualAndAssetTriggeredDagsHaveNoIntervalToKeep() {
    DagSchedule schedule = new DagSchedule("manual_trigger_only", false, false, null, null, List.of(), false, null);

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.NOT_TIME_SCHEDULED, verdict.outcome());
    assertTrue(verdict.safe());
  }

  @Test
  void endedScheduleNeedsNothing() {
    DagSchedule schedule = new DagSchedule("daily_backfill_week", true, true, RunInterval.at(Instant.parse("2026-01-07T00:00:00Z")),
        null, List.of(), false, null);

    ContinuityVerdict verdict = IntervalContinuity.assess(schedule, 100);

    assertEquals(Outcome.NOTHING_PLANNED, verdict.outcome());
    assertEquals("no next run planned: the schedule has ended; last run 2026-01-07T00:00:00Z", verdict.detail());
  }

  @Test
  void onlyRunsAtOrAfterTheTargetsNextRunAreMarked() {
    // The target already ran up to Jan 3 in an earlier attempt; the source ran on to Jan 5.
    List<RunInterval> sourceRuns = days(Instant.parse("2026-01-04T00:00:00Z"), 2);
    RunInterval targetNext = RunInterval.at(Instant.parse("2026-01-04T00:00:00Z"));
    DagSchedule schedule = trigger("ledger", true, sourceRuns.get(1).logicalDate(), Instant.parse("2026-01-06T00:00:00Z"),
        sourceRuns, targetNext);

    assertEquals(sourceRuns, IntervalContinuity.assess(schedule, 100).toMark());
  }

  @Test
  void overlapOfPointsIsEquality() {
    assertTrue(RunInterval.at(T0).overlaps(RunInterval.at(T0)));
    assertFalse(RunInterval.at(T0).overlaps(RunInterval.at(T0.plus(HOUR))));
    assertFalse(RunInterval.of(T0, T0.plus(HOUR)).overlaps(RunInterval.of(T0.plus(HOUR), T0.plus(Duration.ofHours(2)))));
    assertTrue(RunInterval.of(T0, T0.plus(HOUR)).overlaps(RunInterval.of(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(2)))));
  }

  /** A CronTriggerTimetable DAG: runs at points; {@code fromNext} null when the source plans nothing. */
  static DagSchedule trigger(String dag, boolean catchup, Instant fromLast, Instant fromNext, List<RunInterval> repeated,
      RunInterval toNext) {
    return new DagSchedule(dag, true, catchup, RunInterval.at(fromLast), fromNext == null ? null : RunInterval.at(fromNext),
        repeated, false, toNext);
  }

  static List<RunInterval> days(Instant first, int count) {
    List<RunInterval> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(RunInterval.at(first.plus(DAY.multipliedBy(i))));
    }
    return runs;
  }
}
