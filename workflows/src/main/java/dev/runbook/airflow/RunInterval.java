package dev.runbook.airflow;

import java.time.Instant;

/**
 * The data interval of one DAG run and its logical date. Cron presets in Airflow 3 run on a
 * CronTriggerTimetable, whose runs cover a point ({@code start == end == logicalDate});
 * data-interval timetables (CronDataIntervalTimetable, timedelta schedules) cover
 * {@code [start, end)} with the logical date at the start.
 */
public record RunInterval(Instant logicalDate, Instant start, Instant end) {

  /** A run of a trigger timetable: no span, start and end at the logical date. */
  public static RunInterval at(Instant logicalDate) {
    return new RunInterval(logicalDate, logicalDate, logicalDate);
  }

  public static RunInterval of(Instant start, Instant end) {
    return new RunInterval(start, start, end);
  }

  public boolean pointInTime() {
    return start.equals(end);
  }

  /** Whether both runs cover some of the same time (points: the same instant). */
  public boolean overlaps(RunInterval other) {
    if (logicalDate.equals(other.logicalDate)) {
      return true;
    }
    if (pointInTime() || other.pointInTime()) {
      return false;
    }
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  @Override
  public String toString() {
    return pointInTime() ? logicalDate.toString() : "[" + start + ", " + end + ")";
  }
}
