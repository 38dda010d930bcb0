package dev.runbook.airflow.astro;

import static dev.runbook.testsupport.Fixtures.json;
import static dev.runbook.testsupport.Fixtures.jsonFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.http.HttpApiException;
import dev.runbook.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Astro API's deployment endpoint, from a recorded payload. */
@Timeout(30)
class AstroClientTest {

  private static final String TOKEN = "astro-org-token";

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private AstroClient client() {
    return AstroClient.create(server.url("/v1").toString(), TOKEN,
        new RetryPolicy(2, Duration.ZERO, Duration.ZERO), new OkHttpClient(), duration -> { });
  }

  @Test
  void readsTheDeploymentAndNeverKeepsSecretValues() throws Exception {
    server.enqueue(jsonFixture("astro/deployment.json"));

    AstroDeploymentInfo deployment = client().deployment("clx7org0001", "clx7dep0001");

    RecordedRequest request = server.takeRequest();
    assertEquals("GET /v1/organizations/clx7org0001/deployments/clx7dep0001", request.getMethod() + " " + request.getTarget());
    assertEquals("Bearer " + TOKEN, request.getHeaders().get("Authorization"));
    assertEquals("2.10.5", deployment.airflowVersion());
    assertEquals("12.9.0", deployment.runtimeVersion());
    assertEquals("HEALTHY", deployment.status());
    assertEquals("CELERY", deployment.executor());
    assertEquals("https://clx7org0001.astronomer.run/d7x2k9pq/api/v1", deployment.airflowApiUrl());
    assertEquals(List.of(
            new AstroDeploymentInfo.EnvironmentVariable("WAREHOUSE_SCHEMA", "analytics", false),
            new AstroDeploymentInfo.EnvironmentVariable("AIRFLOW_CONN_WAREHOUSE_DB", null, true),
            new AstroDeploymentInfo.EnvironmentVariable("PARTNER_TOKEN", null, true)),
        deployment.environmentVariables());
    assertFalse(deployment.toString().contains("leaked-if-it-ever-came-back"));
  }

  @Test
  void fallsBackToTheDeprecatedRuntimeVersionField() {
    server.enqueue(json(200, "{\"id\": \"d\", \"runtimeVersion\": \"11.3.0\", \"environmentVariables\": []}"));

    assertEquals("11.3.0", client().deployment("o", "d").runtimeVersion());
  }

  @Test
  void namesTheDeploymentEndpointWhenItDoesNotExist() {
    server.enqueue(json(404, "{\"message\": \"deployment not found\", \"statusCode\": 404, \"requestId\": \"r1\"}"));

    HttpApiException failure = assertThrows(HttpApiException.class, () -> client().deployment("o", "missing"));

    assertEquals(HttpApiException.Reason.NOT_FOUND, failure.reason());
    assertEquals("GET /v1/organizations/o/deployments/missing failed with HTTP 404: deployment not found", failure.getMessage());
  }
}
