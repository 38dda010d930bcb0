package dev.runbook.airflow;

import java.util.List;

/**
 * Whether a DAG's schedule continues across a hand-over without running an interval twice or
 * leaving one out, and what to mark done on the taking-over instance to make it so.
 *
 * @param toMark intervals the taking-over instance would run again; recording them there as done
 *     (a run at the same logical date) makes its scheduler skip them
 * @param detail the exact finding, for the gate and the report
 */
public record ContinuityVerdict(String dagId, Outcome outcome, List<RunInterval> toMark, String detail) {

  public ContinuityVerdict {
    toMark = List.copyOf(toMark);
  }

  /** The kinds of finding. */
  public enum Outcome {
    /** The next run is the one after the last run: nothing to do. */
    CONTINUOUS,
    /** The next run would repeat intervals already run; marking {@code toMark} done prevents it. */
    REPEATS,
    /** More intervals would repeat than the plan allows to mark. */
    TOO_MANY_REPEATS,
    /** The next run partly covers time an earlier run covered; no marking can align it. */
    OVERLAPS,
    /** Catchup on, and the next run comes after the run the other instance would have made: intervals run nowhere. */
    SKIPS,
    /** Catchup off, and intervals fell due during the hand-over: not run, as for any paused DAG. */
    CATCHUP_OFF_GAP,
    /** Not scheduled by time (manual only, or triggered by assets): no interval to keep. */
    NOT_TIME_SCHEDULED,
    /** The schedule has ended (end date passed): neither instance will run it again. */
    NOTHING_PLANNED;

    /** Whether the DAG may run on the taking-over instance once {@code toMark} is marked done. */
    public boolean safe() {
      return this != TOO_MANY_REPEATS && this != OVERLAPS && this != SKIPS;
    }
  }

  public boolean safe() {
    return outcome.safe();
  }

  @Override
  public String toString() {
    return dagId + ": " + outcome + " (" + detail + ")";
  }
}
