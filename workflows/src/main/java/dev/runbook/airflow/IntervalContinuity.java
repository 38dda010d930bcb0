package dev.runbook.airflow;

import dev.runbook.airflow.ContinuityVerdict.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a DAG's next run on the instance taking over continues exactly after the last
 * run of the instance handing over. It relies on two facts of Airflow's scheduler (2.x and 3.x):
 * it plans the next run from the latest <em>automated</em> run only (with no history: from the
 * latest due interval when catchup is off, from the start date when it is on), and it never
 * creates a run at a logical date where any run already exists, moving on to the following
 * interval instead. So intervals the other instance already ran can be marked done by creating
 * runs at their logical dates, and the scheduler then neither repeats nor backfills them.
 *
 * <p>Pure: it compares the instants both instances reported, with no clock and no cron parsing.
 */
public final class IntervalContinuity {

  private IntervalContinuity() {}

  /**
   * @param maxMarked how many intervals the plan allows to mark done per DAG
   */
  public static ContinuityVerdict assess(DagSchedule schedule, int maxMarked) {
    String dag = schedule.dagId();
    if (!schedule.timeScheduled()) {
      return verdict(dag, Outcome.NOT_TIME_SCHEDULED, List.of(), "runs only when triggered (by hand or by assets)");
    }
    RunInterval toNext = schedule.toNext();
    RunInterval fromLast = schedule.fromLast();
    if (toNext == null) {
      return verdict(dag, Outcome.NOTHING_PLANNED, List.of(), "no next run planned: the schedule has ended"
          + (fromLast == null ? "" : "; last run " + fromLast));
    }
    if (fromLast == null) {
      return compareWithPlanned(schedule, "never ran before; ");
    }

    List<RunInterval> repeated = new ArrayList<>();
    for (RunInterval ran : schedule.fromRunsSinceToNext()) {
      if (!ran.logicalDate().isBefore(toNext.logicalDate())) {
        repeated.add(ran);
      }
    }
    if (schedule.fromRunsTruncated() || repeated.size() > maxMarked) {
      return verdict(dag, Outcome.TOO_MANY_REPEATS, List.of(), "would re-run "
          + (schedule.fromRunsTruncated() ? "more than " + repeated.size() : repeated.size())
          + " intervals already run, from " + toNext + " (catchup " + onOff(schedule) + "); the plan allows marking "
          + maxMarked + " per DAG");
    }
    if (!repeated.isEmpty()) {
      return verdict(dag, Outcome.REPEATS, repeated, "would re-run " + repeated.size() + " interval(s) already run, "
          + span(repeated) + " (catchup " + onOff(schedule) + "); marking them done moves the next run after " + fromLast);
    }
    if (toNext.overlaps(fromLast)) {
      return verdict(dag, Outcome.OVERLAPS, List.of(), "next run " + toNext + " overlaps the last run " + fromLast
          + ": its data would be processed twice; a run at another logical date cannot prevent it");
    }
    return compareWithPlanned(schedule, "");
  }

  /** Nothing repeats: is anything left out between what the other instance planned and what this one plans? */
  private static ContinuityVerdict compareWithPlanned(DagSchedule schedule, String prefix) {
    RunInterval toNext = schedule.toNext();
    RunInterval fromNext = schedule.fromNext();
    String last = schedule.fromLast() == null ? "" : " after the last run " + schedule.fromLast();
    if (fromNext == null || !toNext.logicalDate().isAfter(fromNext.logicalDate())) {
      return verdict(schedule.dagId(), Outcome.CONTINUOUS, List.of(), prefix + "next run " + toNext + last);
    }
    if (schedule.catchup()) {
      return verdict(schedule.dagId(), Outcome.SKIPS, List.of(), prefix + "catchup on, but the next run " + toNext
          + " comes after " + fromNext + ", the run due next" + last + ": the intervals from " + fromNext
          + " up to " + toNext + " would run nowhere");
    }
    return verdict(schedule.dagId(), Outcome.CATCHUP_OFF_GAP, List.of(), prefix + "catchup off: next run " + toNext
        + last + "; intervals from " + fromNext + " fell due during the hand-over and are not run, as for any paused DAG");
  }

  private static String span(List<RunInterval> runs) {
    return runs.size() == 1 ? runs.get(0).toString() : runs.get(0) + " … " + runs.get(runs.size() - 1);
  }

  private static String onOff(DagSchedule schedule) {
    return schedule.catchup() ? "on" : "off";
  }

  private static ContinuityVerdict verdict(String dag, Outcome outcome, List<RunInterval> toMark, String detail) {
    return new ContinuityVerdict(dag, outcome, toMark, detail);
  }
}
