package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.kafka.KafkaMigrationPlan.SchemaRegistry;
import dev.runbook.kafka.SchemaRegistryActivities.SourceModeRequest;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The source's lock at the last producer's cutover as Confluent's documented API takes it: the global
 * mode read, {@code PUT /mode} with the new mode (basic auth from the plan's references), nothing sent
 * when the registry is in that mode already.
 */
@Timeout(30)
class SourceRegistryLockTest {

  @StartStop
  private final MockWebServer server = new MockWebServer();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String mode = "READWRITE";

  @Test
  void readsTheModeLocksTheSourceOnceAndPutsTheModeBack() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        requests.add(request.getMethod() + " " + request.getTarget() + " " + body + " " + request.getHeaders().get("Authorization"));
        if (request.getMethod().equals("PUT")) {
          mode = body.replaceAll(".*\"mode\":\"([A-Z_]+)\".*", "$1");
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
            .body("{\"mode\":\"" + mode + "\"}").build();
      }
    });
    SchemaRegistryActivitiesImpl activities = new SchemaRegistryActivitiesImpl(ref -> ref.env().equals("SR_KEY") ? "key" : "secret",
        ConfluentRegistryClient.defaultHttpClient());
    SchemaRegistry registry = new SchemaRegistry(
        new SchemaRegistryEndpoint(server.url("/").toString(), null, SecretRef.env("SR_KEY"), SecretRef.env("SR_SECRET")),
        new SchemaRegistryEndpoint("http://127.0.0.1:1", SchemaRegistryEndpoint.Kind.CONFLUENT, null, null), null, null);

    String before = activities.readSourceMode(registry);
    activities.setSourceMode(new SourceModeRequest(registry, "READONLY"));
    activities.setSourceMode(new SourceModeRequest(registry, "READONLY"));
    activities.setSourceMode(new SourceModeRequest(registry, before));

    String auth = "Basic a2V5OnNlY3JldA==";
    assertEquals(List.of(
        "GET /mode  " + auth,
        "GET /mode  " + auth,
        "PUT /mode {\"mode\":\"READONLY\"} " + auth,
        "GET /mode  " + auth,
        "GET /mode  " + auth,
        "PUT /mode {\"mode\":\"READWRITE\"} " + auth), requests);
    assertEquals("READWRITE", mode);
  }
}
