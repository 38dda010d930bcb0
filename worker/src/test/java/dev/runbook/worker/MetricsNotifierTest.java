package dev.runbook.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runbook.kernel.Notification;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runbook metrics a notification stream produces. */
class MetricsNotifierTest {

  private static final long OPENED = 1_700_000_000_000L;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetricsNotifier metrics = new MetricsNotifier(registry);

  @Test
  void timesAGateFromItsOpeningToItsDecisionAndCountsItOverdue() {
    metrics.deliver(gate(Notification.Kind.GATE_OPENED, OPENED));
    metrics.deliver(gate(Notification.Kind.GATE_WAITING, OPENED + 300_000));
    metrics.deliver(gate(Notification.Kind.GATE_DECIDED, OPENED + 420_000));

    Timer wait = registry.get(MetricsNotifier.GATE_WAIT)
        .tags("runbook", "kafka-migration", "migration", "orders-prod", "phase", "cutover", "gate", "go-live").timer();
    assertEquals(1, wait.count());
    assertEquals(420, wait.totalTime(TimeUnit.SECONDS));
    assertEquals(1, registry.get(MetricsNotifier.GATES_OPENED).tags("gate", "go-live").counter().count());
    assertEquals(1, registry.get(MetricsNotifier.GATES_OVERDUE).tags("gate", "go-live").counter().count());
    assertEquals(1, registry.get(MetricsNotifier.GATES_DECIDED).tags("gate", "go-live").counter().count());
  }

  @Test
  void timesADecisionDeliveredByAReplicaThatNeverSawTheOpening() {
    new MetricsNotifier(new SimpleMeterRegistry()).deliver(gate(Notification.Kind.GATE_OPENED, OPENED));

    metrics.deliver(gate(Notification.Kind.GATE_DECIDED, OPENED + 95_000));

    assertEquals(1, registry.get(MetricsNotifier.GATES_DECIDED).counter().count());
    assertEquals(95, registry.get(MetricsNotifier.GATE_WAIT).timer().totalTime(TimeUnit.SECONDS));
  }

  @Test
  void countsButDoesNotTimeADecisionWithoutAnOpeningTime() {
    metrics.deliver(notification(Notification.Kind.GATE_DECIDED, "go-live", 0, 0, Map.of()));

    assertEquals(1, registry.get(MetricsNotifier.GATES_DECIDED).counter().count());
    assertNull(registry.find(MetricsNotifier.GATE_WAIT).timer());
  }

  @Test
  void recordsCutoverPausesPerGroupAndBatchFiguresFromTheFiguresANotificationCarries() {
    metrics.deliver(notification(Notification.Kind.PHASE_STARTED, "cutover producers", OPENED, 0,
        Map.of("group.orders-processor.pauseMillis", 4_200L, "group.payments-ledger.pauseMillis", 1_500L,
            "replication.maxLag", 0L)));
    metrics.deliver(notification(Notification.Kind.GATE_OPENED, "batch-1", OPENED, OPENED,
        Map.of("batch-1.dagsMoved", 3L, "batch-1.intervalsChecked", 2L, "batch-1.readyAt", OPENED)));

    assertEquals(4_200, registry.get(MetricsNotifier.CUTOVER_PAUSE).tags("group", "orders-processor").timer()
        .totalTime(TimeUnit.MILLISECONDS));
    assertEquals(1_500, registry.get(MetricsNotifier.CUTOVER_PAUSE)
        .tags("runbook", "kafka-migration", "migration", "orders-prod", "phase", "cutover", "group", "payments-ledger")
        .timer().totalTime(TimeUnit.MILLISECONDS));
    assertEquals(3, registry.get(MetricsNotifier.DAGS_MOVED).tags("batch", "batch-1").counter().count());
    assertEquals(2, registry.get(MetricsNotifier.INTERVALS_CHECKED).tags("batch", "batch-1").counter().count());
    assertEquals(5, registry.getMeters().size(), registry.getMeters().stream().map(m -> m.getId().getName()).toList().toString());
  }

  @Test
  void countsParkedStepsByStepAndIgnoresPhaseChanges() {
    metrics.deliver(notification(Notification.Kind.STEP_PARKED, "create cluster", OPENED, 0, Map.of()));
    metrics.deliver(notification(Notification.Kind.STEP_PARKED, "create cluster", OPENED, 0, Map.of()));
    metrics.deliver(notification(Notification.Kind.PHASE_STARTED, "cutover", OPENED, 0, Map.of()));

    assertEquals(2, registry.get(MetricsNotifier.STEPS_PARKED)
        .tags("runbook", "kafka-migration", "migration", "orders-prod", "phase", "cutover", "step", "create cluster")
        .counter().count());
    assertEquals(1, registry.getMeters().size());
  }

  private static Notification gate(Notification.Kind kind, long at) {
    return notification(kind, "go-live", at, OPENED, Map.of());
  }

  private static Notification notification(Notification.Kind kind, String subject, long at, long gateOpenedAt, Map<String, Long> figures) {
    return new Notification(kind, "kafka-migration", "orders-prod", "wf-1", "cutover", subject, "", List.of(), at, gateOpenedAt,
        figures);
  }
}
