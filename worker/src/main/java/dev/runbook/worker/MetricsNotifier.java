package dev.runbook.worker;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kernel.Notification;
import dev.runbook.notify.NotificationChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runbook metrics derived from the notification stream, tagged {@code runbook}, {@code migration},
 * {@code phase}: {@value #GATES_OPENED}, {@value #GATES_OVERDUE} (a gate's plan timeout passed
 * without a decision) and {@value #GATES_DECIDED} (and {@code gate}),
 * {@value #STEPS_PARKED} (and {@code step}), {@value #RUNBOOKS_ENDED} (and {@code status}), and the
 * timer {@value #GATE_WAIT} from a gate's opening to its decision.
 *
 * <p>From the figures a notification carries: the timer {@value #CUTOVER_PAUSE} (and {@code group})
 * from {@link KafkaFacts#GROUP_PAUSE}, the counters {@value #DAGS_MOVED} and
 * {@value #INTERVALS_CHECKED} (and {@code batch}) from {@link AirflowFacts#BATCH_DAGS_MOVED} and
 * {@link AirflowFacts#BATCH_INTERVALS_CHECKED}.
 *
 * <p>The gate wait is computed from the workflow times the decision's notification carries, so it
 * is right whichever replica delivered the opening, and after a worker restart.
 */
public final class MetricsNotifier implements NotificationChannel {

  public static final String GATES_OPENED = "runbook.gates.opened";
  public static final String GATES_OVERDUE = "runbook.gates.overdue";
  public static final String GATES_DECIDED = "runbook.gates.decided";
  public static final String STEPS_PARKED = "runbook.steps.parked";
  public static final String RUNBOOKS_ENDED = "runbook.runbooks.ended";
  public static final String GATE_WAIT = "runbook.gate.wait";
  public static final String CUTOVER_PAUSE = "runbook.cutover.pause";
  public static final String DAGS_MOVED = "runbook.dags.moved";
  public static final String INTERVALS_CHECKED = "runbook.intervals.checked";

  private final MeterRegistry registry;

  public MetricsNotifier(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public void deliver(Notification n) {
    switch (n.kind()) {
      case GATE_OPENED -> registry.counter(GATES_OPENED, tags(n).and("gate", n.subject())).increment();
      case GATE_WAITING -> registry.counter(GATES_OVERDUE, tags(n).and("gate", n.subject())).increment();
      case GATE_DECIDED -> {
        Tags tags = tags(n).and("gate", n.subject());
        registry.counter(GATES_DECIDED, tags).increment();
        if (n.gateOpenedAt() > 0 && n.at() >= n.gateOpenedAt()) {
          registry.timer(GATE_WAIT, tags).record(n.at() - n.gateOpenedAt(), TimeUnit.MILLISECONDS);
        }
      }
      case STEP_PARKED -> registry.counter(STEPS_PARKED, tags(n).and("step", n.subject())).increment();
      case RUNBOOK_ENDED ->
          registry.counter(RUNBOOKS_ENDED, tags(n).and("status", n.subject().toLowerCase(Locale.ROOT))).increment();
      default -> { }
    }
    n.figures().forEach((key, value) -> recordFigure(n, key, value));
  }

  private void recordFigure(Notification n, String key, long value) {
    KafkaFacts.GROUP_PAUSE.subjectOf(key).ifPresent(group ->
        registry.timer(CUTOVER_PAUSE, tags(n).and("group", group)).record(value, TimeUnit.MILLISECONDS));
    AirflowFacts.BATCH_DAGS_MOVED.subjectOf(key).ifPresent(batch ->
        registry.counter(DAGS_MOVED, tags(n).and("batch", batch)).increment(value));
    AirflowFacts.BATCH_INTERVALS_CHECKED.subjectOf(key).ifPresent(batch ->
        registry.counter(INTERVALS_CHECKED, tags(n).and("batch", batch)).increment(value));
  }

  private static Tags tags(Notification n) {
    return Tags.of("runbook", n.runbook(), "migration", n.migrationId(), "phase", n.phase());
  }
}
