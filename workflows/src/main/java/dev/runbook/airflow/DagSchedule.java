package dev.runbook.airflow;

import java.util.List;

/**
 * What both Airflow instances know about one DAG's schedule at a hand-over from one instance
 * ({@code from}, which ran the DAG so far) to the other ({@code to}, which takes over). Runs are
 * automated ones only (scheduled or backfill): manual runs do not move a schedule.
 *
 * @param timeScheduled whether a timetable schedules the DAG by time (cron, preset, timedelta);
 *     false for manual-only and asset-triggered DAGs
 * @param fromLast the last automated run on {@code from}, or {@code null} if it never ran one
 * @param fromNext the run {@code from} itself would schedule next, or {@code null} for none
 * @param fromRunsSinceToNext {@code from}'s automated runs whose logical date is at or after
 *     {@code toNext}'s, oldest first: the intervals {@code to} would run again
 * @param fromRunsTruncated whether more such runs exist than were listed
 * @param toNext the run {@code to} would schedule next as it stands, or {@code null} for none
 */
public record DagSchedule(
    String dagId,
    boolean timeScheduled,
    boolean catchup,
    RunInterval fromLast,
    RunInterval fromNext,
    List<RunInterval> fromRunsSinceToNext,
    boolean fromRunsTruncated,
    RunInterval toNext) {

  public DagSchedule {
    fromRunsSinceToNext = fromRunsSinceToNext == null ? List.of() : List.copyOf(fromRunsSinceToNext);
  }
}
