package dev.runbook.worker;

import dev.runbook.kernel.Notification;
import dev.runbook.notify.NotificationChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runbook metrics derived from the notification stream, tagged {@code runbook}, {@code migration},
 * {@code phase}: {@value #GATES_OPENED}, {@value #GATES_OVERDUE} (a gate's plan timeout passed
 * without a decision) and {@value #GATES_DECIDED} (and {@code gate}),
 * {@value #STEPS_PARKED} (and {@code step}), {@value #RUNBOOKS_ENDED} (and {@code status}), and the
 * timer {@value #GATE_WAIT} from a gate's opening to its decision.
 *
 * <p>The wait is measured in this process: a gate opened before a restart, or whose two
 * notifications ran on different worker replicas, is counted but not timed.
 */
public final class MetricsNotifier implements NotificationChannel {

  public static final String GATES_OPENED = "runbook.gates.opened";
  public static final String GATES_OVERDUE = "runbook.gates.overdue";
  public static final String GATES_DECIDED = "runbook.gates.decided";
  public static final String STEPS_PARKED = "runbook.steps.parked";
  public static final String RUNBOOKS_ENDED = "runbook.runbooks.ended";
  public static final String GATE_WAIT = "runbook.gate.wait";

  private record OpenGate(String workflowId, String gate) {}

  private final MeterRegistry registry;
  private final Map<OpenGate, Long> openedAtNanos = new ConcurrentHashMap<>();

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
      case GATE_OPENED -> {
        registry.counter(GATES_OPENED, tags(n).and("gate", n.subject())).increment();
        openedAtNanos.put(new OpenGate(n.workflowId(), n.subject()), now());
      }
      case GATE_WAITING -> registry.counter(GATES_OVERDUE, tags(n).and("gate", n.subject())).increment();
      case GATE_DECIDED -> {
        Tags tags = tags(n).and("gate", n.subject());
        registry.counter(GATES_DECIDED, tags).increment();
        Long openedAt = openedAtNanos.remove(new OpenGate(n.workflowId(), n.subject()));
        if (openedAt != null) {
          registry.timer(GATE_WAIT, tags).record(now() - openedAt, TimeUnit.NANOSECONDS);
        }
      }
      case STEP_PARKED -> registry.counter(STEPS_PARKED, tags(n).and("step", n.subject())).increment();
      case RUNBOOK_ENDED -> {
        registry.counter(RUNBOOKS_ENDED, tags(n).and("status", n.subject().toLowerCase(Locale.ROOT))).increment();
        // A run stopped while a gate was open never decides it.
        openedAtNanos.keySet().removeIf(gate -> gate.workflowId().equals(n.workflowId()));
      }
      default -> { }
    }
  }

  private static Tags tags(Notification n) {
    return Tags.of("runbook", n.runbook(), "migration", n.migrationId(), "phase", n.phase());
  }

  private long now() {
    return registry.config().clock().monotonicTime();
  }
}
