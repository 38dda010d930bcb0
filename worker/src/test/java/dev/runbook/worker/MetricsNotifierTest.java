package dev.runbook.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runbook.kernel.Notification;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runbook metrics a notification stream produces. */
class MetricsNotifierTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final MetricsNotifier metrics = new MetricsNotifier(registry);

  @Test
  void timesAGateFromItsOpeningToItsDecisionAndCountsItOverdue() {
    metrics.deliver(notification(Notification.Kind.GATE_OPENED, "wf-1", "go-live"));
    clock.add(Duration.ofMinutes(5));
    metrics.deliver(notification(Notification.Kind.GATE_WAITING, "wf-1", "go-live"));
    clock.add(Duration.ofMinutes(2));
    metrics.deliver(notification(Notification.Kind.GATE_DECIDED, "wf-1", "go-live"));

    Timer wait = registry.get(MetricsNotifier.GATE_WAIT)
        .tags("runbook", "kafka-migration", "migration", "orders-prod", "phase", "cutover", "gate", "go-live").timer();
    assertEquals(1, wait.count());
    assertEquals(420, wait.totalTime(TimeUnit.SECONDS));
    assertEquals(1, registry.get(MetricsNotifier.GATES_OPENED).tags("gate", "go-live").counter().count());
    assertEquals(1, registry.get(MetricsNotifier.GATES_OVERDUE).tags("gate", "go-live").counter().count());
    assertEquals(1, registry.get(MetricsNotifier.GATES_DECIDED).tags("gate", "go-live").counter().count());
  }

  @Test
  void countsButDoesNotTimeADecisionWhoseOpeningThisWorkerNeverSaw() {
    metrics.deliver(notification(Notification.Kind.GATE_DECIDED, "wf-1", "go-live"));

    assertEquals(1, registry.get(MetricsNotifier.GATES_DECIDED).counter().count());
    assertNull(registry.find(MetricsNotifier.GATE_WAIT).timer());
  }

  @Test
  void forgetsTheOpenGatesOfAnEndedRunbook() {
    metrics.deliver(notification(Notification.Kind.GATE_OPENED, "wf-1", "go-live"));
    metrics.deliver(notification(Notification.Kind.RUNBOOK_ENDED, "wf-1", "ABORTED"));
    metrics.deliver(notification(Notification.Kind.GATE_DECIDED, "wf-1", "go-live"));

    assertEquals(1, registry.get(MetricsNotifier.RUNBOOKS_ENDED).tags("status", "aborted").counter().count());
    assertNull(registry.find(MetricsNotifier.GATE_WAIT).timer());
  }

  @Test
  void countsParkedStepsByStepAndIgnoresPhaseChanges() {
    metrics.deliver(notification(Notification.Kind.STEP_PARKED, "wf-1", "create cluster"));
    metrics.deliver(notification(Notification.Kind.STEP_PARKED, "wf-2", "create cluster"));
    metrics.deliver(notification(Notification.Kind.PHASE_STARTED, "wf-1", "cutover"));

    assertEquals(2, registry.get(MetricsNotifier.STEPS_PARKED)
        .tags("runbook", "kafka-migration", "migration", "orders-prod", "phase", "cutover", "step", "create cluster")
        .counter().count());
    assertEquals(1, registry.getMeters().size());
  }

  private static Notification notification(Notification.Kind kind, String workflowId, String subject) {
    return new Notification(kind, "kafka-migration", "orders-prod", workflowId, "cutover", subject, "", List.of());
  }
}
