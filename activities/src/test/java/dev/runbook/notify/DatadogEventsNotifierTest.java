package dev.runbook.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.OperatorCommands;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The events Datadog receives: authenticated, titled, tagged so they overlay dashboards. */
@Timeout(30)
class DatadogEventsNotifierTest {

  private static final String WORKFLOW_ID = "kafka-migration-payments-orders";
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private DatadogEventsNotifier datadog(Optional<String> env) {
    return new DatadogEventsNotifier(server.url("/"), "dd-api-key-123", env, new JsonPoster(new OkHttpClient()));
  }

  @Test
  void postsAParkedStepAsAnErrorEventWithTheApiKeyAndTags() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build());

    datadog(Optional.of("prod")).deliver(new Notification(Notification.Kind.STEP_PARKED, "kafka-migration", "orders-prod",
        WORKFLOW_ID, "provision", "create cluster", "step 'create cluster' failed and waits for an operator: quota exceeded",
        OperatorCommands.forParkedStep(WORKFLOW_ID, "create cluster", List.of(OperatorAction.Kind.values()))));

    RecordedRequest request = server.takeRequest();
    assertEquals("POST /api/v1/events", request.getMethod() + " " + request.getTarget());
    assertEquals("dd-api-key-123", request.getHeaders().get("DD-API-KEY"));
    assertEquals(JSON.valueToTree(Map.of(
            "title", "kafka-migration orders-prod: step create cluster parked",
            "text", "step 'create cluster' failed and waits for an operator: quota exceeded\n\n"
                + String.join("\n", OperatorCommands.forParkedStep(WORKFLOW_ID, "create cluster", List.of(OperatorAction.Kind.values()))),
            "alert_type", "error",
            "aggregation_key", "kafka-migration-payments-orders",
            "tags", List.of("runbook:kafka-migration", "migration:orders-prod", "phase:provision",
                "workflow_id:kafka-migration-payments-orders", "notification:step_parked", "env:prod"))),
        JSON.readTree(request.getBody().utf8()));
  }

  @Test
  void marksEndingsByOutcomeAndLeavesOutEnvWhenNoneIsConfigured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());
    server.enqueue(new MockResponse.Builder().code(202).build());

    DatadogEventsNotifier datadog = datadog(Optional.empty());
    datadog.deliver(ended("COMPLETED", "all phases done"));
    datadog.deliver(ended("ABORTED", "aborted by bob"));

    var completed = JSON.readTree(server.takeRequest().getBody().utf8());
    assertEquals("kafka-migration orders-prod: ended COMPLETED", completed.get("title").asText());
    assertEquals("success", completed.get("alert_type").asText());
    assertEquals(JSON.valueToTree(List.of("runbook:kafka-migration", "migration:orders-prod", "phase:cleanup",
        "workflow_id:kafka-migration-payments-orders", "notification:runbook_ended")), completed.get("tags"));
    assertEquals("error", JSON.readTree(server.takeRequest().getBody().utf8()).get("alert_type").asText());
  }

  private static Notification ended(String status, String message) {
    return new Notification(Notification.Kind.RUNBOOK_ENDED, "kafka-migration", "orders-prod", WORKFLOW_ID,
        "cleanup", status, message, List.of());
  }
}
