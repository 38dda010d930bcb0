package dev.runbook.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.http.RetryPolicy;
import dev.runbook.kernel.Notification;
import dev.runbook.kernel.OperatorCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A channel's trouble is retried, then given up on, and never reaches the runbook or the other channels. */
@Timeout(30)
class FanOutNotifierTest {

  private static final String WORKFLOW_ID = "kafka-migration-payments-orders";
  private static final Notification GATE_OPENED = new Notification(Notification.Kind.GATE_OPENED, "kafka-migration",
      "orders-prod", WORKFLOW_ID, "cutover", "go-live", "lag 0", OperatorCommands.forGate(WORKFLOW_ID, "go-live"));

  @StartStop
  private final MockWebServer slackServer = new MockWebServer();

  @StartStop
  private final MockWebServer datadogServer = new MockWebServer();

  private final List<Duration> pauses = new ArrayList<>();
  private final JsonPoster poster = new JsonPoster(new OkHttpClient());

  private FanOutNotifier notifier() {
    return new FanOutNotifier(List.of(
            new SlackNotifier(slackServer.url("/services/T000/B000/secret-token"), poster),
            new DatadogEventsNotifier(datadogServer.url("/"), "dd-api-key-123", Optional.of("prod"), poster)),
        new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(2)), pauses::add);
  }

  @Test
  void retriesAChannelThatAnswered500AndDeliversOnTheNextAttempt() throws Exception {
    slackServer.enqueue(new MockResponse.Builder().code(500).body("internal_error").build());
    slackServer.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    datadogServer.enqueue(new MockResponse.Builder().code(202).build());

    notifier().notify(GATE_OPENED);

    assertEquals(2, slackServer.getRequestCount());
    assertEquals(slackServer.takeRequest().getBody().utf8(), slackServer.takeRequest().getBody().utf8());
    assertEquals(List.of(Duration.ofMillis(500)), pauses);
    assertEquals(1, datadogServer.getRequestCount());
  }

  @Test
  void givesUpOnAChannelDownForGoodAndStillNotifiesTheOthers() throws Exception {
    for (int attempt = 0; attempt < 3; attempt++) {
      slackServer.enqueue(new MockResponse.Builder().code(503).body("service unavailable").build());
    }
    datadogServer.enqueue(new MockResponse.Builder().code(202).build());

    notifier().notify(GATE_OPENED);

    assertEquals(3, slackServer.getRequestCount());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), pauses);
    assertEquals(1, datadogServer.getRequestCount());
    assertEquals("/api/v1/events", datadogServer.takeRequest().getTarget());
  }

  @Test
  void givesUpOnAnUnreachableChannelAndDoesNotRetryARefusal() throws Exception {
    slackServer.close();
    datadogServer.enqueue(new MockResponse.Builder().code(403).body("{\"errors\":[\"Forbidden\"]}").build());

    notifier().notify(GATE_OPENED);

    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), pauses);
    assertEquals(1, datadogServer.getRequestCount());
  }
}
