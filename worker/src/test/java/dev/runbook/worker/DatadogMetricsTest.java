package dev.runbook.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kernel.MeterTags;
import dev.runbook.kernel.Notification;
import dev.runbook.metrics.RunbookMeters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Micrometer's Datadog registry publishing the runbook and Temporal SDK metrics, for real, to a mock site. */
@Timeout(60)
class DatadogMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long OPENED = 1_700_000_000_000L;

  @StartStop
  private final MockWebServer datadog = new MockWebServer();

  @Test
  void publishesRunbookAndTemporalMetricsWithTheirTagsOnClose() throws Exception {
    datadog.enqueue(new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build());
    ObservabilityConfig config = ObservabilityConfig.fromEnvironment(Map.of(
        "RUNBOOK_DATADOG_API_KEY", "dd-api-key-123",
        "RUNBOOK_DATADOG_SITE", datadog.url("/").toString(),
        "RUNBOOK_ENV", "staging"));
    DatadogMetrics metrics = DatadogMetrics.start(config).orElseThrow();
    MetricsNotifier notifier = new MetricsNotifier(metrics.registry());
    notifier.deliver(notification(Notification.Kind.GATE_OPENED, "go-live", OPENED, Map.of()));
    notifier.deliver(notification(Notification.Kind.GATE_DECIDED, "go-live", OPENED + 90_000, Map.of()));
    notifier.deliver(notification(Notification.Kind.STEP_PARKED, "create cluster", OPENED, Map.of()));
    notifier.deliver(notification(Notification.Kind.RUNBOOK_ENDED, "COMPLETED", OPENED,
        Map.of("group.orders-processor.pauseMillis", 4_200L)));
    RunbookMeters activities = new RunbookMeters(metrics.registry());
    activities.replicationLag(new MeterTags("kafka-migration", "orders-prod", "catch-up"), Map.of("orders", 42L));
    activities.recordsVerified(new MeterTags("kafka-migration", "orders-prod", "verify"), 1_200);
    metrics.temporalScope().tagged(Map.of("task_queue", "runbooks")).counter("temporal_request").inc(3);

    metrics.close();

    RecordedRequest request = datadog.takeRequest();
    assertEquals("POST", request.getMethod());
    // Micrometer's Datadog registry authenticates metrics with the key as a query parameter.
    assertEquals("/api/v1/series?api_key=dd-api-key-123", request.getTarget());
    Map<String, Set<String>> tagsByMetric = new HashMap<>();
    Map<String, Double> valueByMetric = new HashMap<>();
    for (JsonNode series : JSON.readTree(request.getBody().utf8()).get("series")) {
      Set<String> tags = new TreeSet<>();
      series.get("tags").forEach(tag -> tags.add(tag.asText()));
      tagsByMetric.put(series.get("metric").asText(), tags);
      valueByMetric.put(series.get("metric").asText(), series.get("points").get(0).get(1).asDouble());
    }
    Set<String> common = Set.of("runbook:kafka-migration", "migration:orders-prod", "phase:cutover",
        "service:runbook-worker", "env:staging");
    assertEquals(union(common, "gate:go-live", "statistic:count"), tagsByMetric.get("runbook.gates.opened"));
    assertEquals(union(common, "gate:go-live", "statistic:count"), tagsByMetric.get("runbook.gates.decided"));
    assertEquals(union(common, "step:create cluster", "statistic:count"), tagsByMetric.get("runbook.steps.parked"));
    assertEquals(union(common, "status:completed", "statistic:count"), tagsByMetric.get("runbook.runbooks.ended"));
    for (String statistic : List.of("count", "sum", "avg", "max")) {
      assertEquals(union(common, "gate:go-live"), tagsByMetric.get("runbook.gate.wait." + statistic), statistic);
    }
    assertEquals(90_000, valueByMetric.get("runbook.gate.wait.sum"));
    for (String statistic : List.of("count", "sum", "avg", "max")) {
      assertEquals(union(common, "group:orders-processor"), tagsByMetric.get("runbook.cutover.pause." + statistic), statistic);
    }
    assertEquals(4_200, valueByMetric.get("runbook.cutover.pause.max"));
    Set<String> catchUp = Set.of("runbook:kafka-migration", "migration:orders-prod", "phase:catch-up",
        "service:runbook-worker", "env:staging");
    assertEquals(union(catchUp, "topic:orders", "statistic:value"), tagsByMetric.get("runbook.replication.lag"));
    assertEquals(42, valueByMetric.get("runbook.replication.lag"));
    Set<String> verify = Set.of("runbook:kafka-migration", "migration:orders-prod", "phase:verify",
        "service:runbook-worker", "env:staging");
    assertEquals(union(verify, "statistic:count"), tagsByMetric.get("runbook.records.verified"));
    assertEquals(1_200, valueByMetric.get("runbook.records.verified"));
    assertEquals(Set.of("task_queue:runbooks", "service:runbook-worker", "env:staging", "statistic:count"),
        tagsByMetric.get("temporal_request"));
  }

  @Test
  void staysOffWithoutAnApiKey() {
    assertEquals(Optional.empty(), DatadogMetrics.start(ObservabilityConfig.fromEnvironment(Map.of("RUNBOOK_ENV", "prod"))));
  }

  private static Set<String> union(Set<String> common, String... extra) {
    Set<String> tags = new TreeSet<>(common);
    tags.addAll(List.of(extra));
    return tags;
  }

  private static Notification notification(Notification.Kind kind, String subject, long at, Map<String, Long> figures) {
    return new Notification(kind, "kafka-migration", "orders-prod", "wf-1", "cutover", subject, "", List.of(), at,
        kind.name().startsWith("GATE") ? OPENED : 0, figures);
  }
}
