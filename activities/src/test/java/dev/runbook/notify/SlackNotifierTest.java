package dev.runbook.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.OperatorCommands;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What Slack receives at a gate, a parked step and the end, and what it never hears about. */
@Timeout(30)
class SlackNotifierTest {

  private static final String WORKFLOW_ID = "kafka-migration-payments-orders";
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private SlackNotifier slack() {
    return new SlackNotifier(server.url("/services/T000/B000/secret-token"), new JsonPoster(new OkHttpClient()));
  }

  @Test
  void postsTheOpenGateWithEvidenceAndTheExactCommandsThatDecideIt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    slack().deliver(new Notification(Notification.Kind.GATE_OPENED, "kafka-migration", "orders-prod", WORKFLOW_ID,
        "cutover", "go-live", "lag 0 on 12/12 partitions; 0 records lost & 3 duplicated", OperatorCommands.forGate(WORKFLOW_ID, "go-live")));

    RecordedRequest request = server.takeRequest();
    assertEquals("POST /services/T000/B000/secret-token", request.getMethod() + " " + request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals(JSON.valueToTree(Map.of("text", String.join("\n",
            ":raised_hand: *Gate `go-live` is open* — kafka-migration `orders-prod`, phase `cutover`",
            "lag 0 on 12/12 partitions; 0 records lost &amp; 3 duplicated",
            "Decide with one of:",
            "```",
            "runbook approve kafka-migration-payments-orders go-live --as YOUR_NAME --comment '...'",
            "runbook reject kafka-migration-payments-orders go-live --as YOUR_NAME --comment '...'",
            "temporal workflow signal --workflow-id kafka-migration-payments-orders --name decision --input"
                + " '{\"gate\":\"go-live\",\"approver\":\"YOUR_NAME\",\"verdict\":\"APPROVE\",\"comment\":\"\"}'",
            "temporal workflow update execute --workflow-id kafka-migration-payments-orders --name decide --input"
                + " '{\"gate\":\"go-live\",\"approver\":\"YOUR_NAME\",\"verdict\":\"APPROVE\",\"comment\":\"\"}'",
            "```",
            "Workflow `kafka-migration-payments-orders`"))),
        JSON.readTree(request.getBody().utf8()));
  }

  @Test
  void postsTheParkedStepWithItsErrorAndTheRetrySkipRollbackCommands() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    slack().deliver(new Notification(Notification.Kind.STEP_PARKED, "kafka-migration", "orders-prod", WORKFLOW_ID,
        "provision", "create cluster", "step 'create cluster' failed and waits for an operator: quota exceeded",
        OperatorCommands.forParkedStep(WORKFLOW_ID, "create cluster", List.of(OperatorAction.Kind.values()))));

    assertEquals(String.join("\n",
            ":rotating_light: *Step `create cluster` parked* — kafka-migration `orders-prod`, phase `provision`",
            "step 'create cluster' failed and waits for an operator: quota exceeded",
            "Answer with one of:",
            "```",
            "runbook retry kafka-migration-payments-orders 'create cluster' --as YOUR_NAME",
            "runbook skip kafka-migration-payments-orders 'create cluster' --as YOUR_NAME",
            "runbook rollback kafka-migration-payments-orders --as YOUR_NAME",
            "runbook abort kafka-migration-payments-orders --as YOUR_NAME",
            "temporal workflow signal --workflow-id kafka-migration-payments-orders --name action --input"
                + " '{\"action\":\"RETRY\",\"step\":\"create cluster\",\"operator\":\"YOUR_NAME\"}'",
            "```",
            "Workflow `kafka-migration-payments-orders`"),
        JSON.readTree(server.takeRequest().getBody().utf8()).get("text").asText());
  }

  @Test
  void postsTheEndingAndStaysQuietAboutRoutinePhaseChanges() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    slack().deliver(new Notification(Notification.Kind.PHASE_STARTED, "kafka-migration", "orders-prod", WORKFLOW_ID,
        "mirror", "mirror", "phase mirror started", List.of()));
    slack().deliver(new Notification(Notification.Kind.RUNBOOK_ENDED, "kafka-migration", "orders-prod", WORKFLOW_ID,
        "cleanup", "ROLLED_BACK", "rolled back: gate 'go-live' rejected by alice", List.of()));

    assertEquals(String.join("\n",
            ":leftwards_arrow_with_hook: *Runbook ended: ROLLED_BACK* — kafka-migration `orders-prod`, phase `cleanup`",
            "rolled back: gate 'go-live' rejected by alice",
            "Workflow `kafka-migration-payments-orders`"),
        JSON.readTree(server.takeRequest().getBody().utf8()).get("text").asText());
    assertEquals(1, server.getRequestCount());
  }
}
