package dev.runbook.airflow.client;

import static dev.runbook.testsupport.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.http.HttpApiException;
import dev.runbook.http.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a real Airflow 3 will not do on demand: refuse, throttle, fail, and page oddly. */
@Timeout(30)
class AirflowClientErrorPathsTest {

  private static final String TOKEN = "astro-api-token-do-not-log";
  private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10));

  @StartStop
  private final MockWebServer server = new MockWebServer();
  private final List<Duration> pauses = new ArrayList<>();

  private AirflowClient connect(AirflowAuth auth) {
    server.enqueue(json(200, "{\"version\": \"3.3.2\", \"git_version\": null}"));
    return AirflowClient.connect(server.url("/").toString(), auth, RETRY, new OkHttpClient(), pauses::add);
  }

  private static MockResponse dagsPage(int count, int total) {
    StringBuilder dags = new StringBuilder();
    for (int i = 0; i < count; i++) {
      dags.append(i == 0 ? "" : ",").append("{\"dag_id\": \"dag_").append(i).append("\", \"is_paused\": false}");
    }
    return json(200, "{\"dags\": [" + dags + "], \"total_entries\": " + total + "}");
  }

  private RecordedRequest skipVersionProbe() throws InterruptedException {
    return server.takeRequest();
  }

  @Test
  void namesTheEndpointButNeverTheTokenOn401() throws Exception {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(401, "{\"detail\": \"Invalid or expired token\"}"));

    HttpApiException failure = assertThrows(HttpApiException.class, client::listDags);

    assertEquals(HttpApiException.Reason.UNAUTHORIZED, failure.reason());
    assertEquals("GET /api/v2/dags", failure.endpoint());
    assertTrue(failure.getMessage().contains("GET /api/v2/dags failed with HTTP 401: Invalid or expired token"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains(TOKEN));
    assertEquals("Bearer " + TOKEN, skipVersionProbe().getHeaders().get("Authorization"));
    assertEquals("Bearer " + TOKEN, server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(2, server.getRequestCount(), "a static token is not renewed, so no second attempt");
  }

  @Test
  void exchangesThePasswordForATokenAndExchangesAgainOnceAfter401() throws Exception {
    AirflowClient client = connect(new AirflowAuth.UsernamePassword("admin", "pw"));
    server.enqueue(json(201, "{\"access_token\": \"first\"}"));
    server.enqueue(json(401, "{\"detail\": \"Token expired\"}"));
    server.enqueue(json(201, "{\"access_token\": \"second\"}"));
    server.enqueue(dagsPage(1, 1));

    assertEquals(1, client.listDags().size());

    assertEquals(null, skipVersionProbe().getHeaders().get("Authorization"));
    RecordedRequest login = server.takeRequest();
    assertEquals("POST /auth/token", login.getMethod() + " " + login.getUrl().encodedPath());
    assertEquals("{\"username\":\"admin\",\"password\":\"pw\"}", login.getBody().utf8());
    assertEquals("Bearer first", server.takeRequest().getHeaders().get("Authorization"));
    server.takeRequest();
    assertEquals("Bearer second", server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void failsWithForbiddenWithoutRetrying() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(403, "{\"detail\": \"Forbidden\"}"));

    HttpApiException failure = assertThrows(HttpApiException.class, () -> client.setPaused("etl", true));

    assertEquals(HttpApiException.Reason.FORBIDDEN, failure.reason());
    assertEquals("PATCH /api/v2/dags/etl", failure.endpoint());
    assertEquals(List.of(), pauses);
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOn429() throws Exception {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(dagsPage(2, 2));

    assertEquals(2, client.listDags().size());

    assertEquals(List.of(Duration.ofSeconds(7)), pauses);
    skipVersionProbe();
    assertEquals("/api/v2/dags?limit=50&offset=0", server.takeRequest().getTarget());
    assertEquals("/api/v2/dags?limit=50&offset=0", server.takeRequest().getTarget());
  }

  @Test
  void capsAnExcessiveRetryAfterAtTheMaximumBackoff() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    server.enqueue(dagsPage(0, 0));

    assertEquals(List.of(), client.listDags());
    assertEquals(List.of(Duration.ofSeconds(10)), pauses);
  }

  @Test
  void backsOffExponentiallyThroughAServerErrorStormThenSucceeds() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(500, "{\"detail\": \"Internal Server Error\"}"));
    server.enqueue(json(502, "<html>bad gateway</html>"));
    server.enqueue(json(503, ""));
    server.enqueue(json(200, "{\"key\": \"k\", \"value\": \"v\", \"description\": null}"));

    assertEquals(new Variable("k", "v", null), client.findVariable("k").orElseThrow());
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), pauses);
  }

  @Test
  void givesUpWithAClearFailureAfterTheLastAttempt() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    for (int i = 0; i < RETRY.maxAttempts(); i++) {
      server.enqueue(json(503, "{\"detail\": \"scheduler restarting\"}"));
    }

    HttpApiException failure = assertThrows(HttpApiException.class, client::importErrors);

    assertEquals(HttpApiException.Reason.RETRIES_EXHAUSTED, failure.reason());
    assertEquals(503, failure.status());
    assertEquals("GET /api/v2/importErrors failed with HTTP 503 after 5 attempts: scheduler restarting",
        failure.getMessage());
    assertEquals(4, pauses.size());
    assertEquals(1 + RETRY.maxAttempts(), server.getRequestCount());
  }

  @Test
  void reportsValidationErrorsWithoutEchoingTheValuesSent() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(422, """
        {"detail": [{"type": "string_too_long", "loc": ["body", "connection_id"], "msg": "String should have at most 200 characters",
                     "input": {"connection_id": "x", "password": "hunter2-secret"}}]}"""));

    HttpApiException failure = assertThrows(HttpApiException.class, () -> client.createConnection(
        Connection.of("x", "postgres", "h", null, null, null, null, null), "hunter2-secret"));

    assertEquals(HttpApiException.Reason.INVALID_REQUEST, failure.reason());
    assertTrue(failure.getMessage().contains("[\"body\",\"connection_id\"] String should have at most 200 characters"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains("hunter2"));
  }

  @Test
  void treatsAMissingDagAsAbsentOnReadButAsAFailureOnWrite() {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(404, "{\"detail\": \"The Dag with ID: `gone` was not found\"}"));
    server.enqueue(json(404, "{\"detail\": \"The Dag with ID: `gone` was not found\"}"));

    assertTrue(client.findDag("gone").isEmpty());
    HttpApiException failure = assertThrows(HttpApiException.class, () -> client.setPaused("gone", true));
    assertEquals(HttpApiException.Reason.NOT_FOUND, failure.reason());
    assertEquals("PATCH /api/v2/dags/gone", failure.endpoint());
  }

  @Test
  void keepsPagingWhenTheServerCapsPagesBelowTheRequestedSize() throws Exception {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(dagsPage(30, 70));
    server.enqueue(dagsPage(30, 70));
    server.enqueue(dagsPage(10, 70));

    assertEquals(70, client.listDags().size());

    skipVersionProbe();
    assertEquals("/api/v2/dags?limit=50&offset=0", server.takeRequest().getTarget());
    assertEquals("/api/v2/dags?limit=50&offset=30", server.takeRequest().getTarget());
    assertEquals("/api/v2/dags?limit=50&offset=60", server.takeRequest().getTarget());
  }

  @Test
  void writesVariablesInOneBulkPatchAndReportsPerItemFailures() throws Exception {
    AirflowClient client = connect(new AirflowAuth.BearerToken(TOKEN));
    server.enqueue(json(200, """
        {"create": {"success": ["a"], "errors": [{"error": "The Variable with key: `b` is invalid", "status_code": 400}]},
         "update": null, "delete": null}"""));

    BulkResult result = client.setVariables(List.of(new Variable("a", "1", null), new Variable("b", "2", "d")));

    assertEquals(List.of("a"), result.succeeded());
    assertEquals(List.of("400 The Variable with key: `b` is invalid"), result.failures());
    skipVersionProbe();
    RecordedRequest bulk = server.takeRequest();
    assertEquals("PATCH /api/v2/variables", bulk.getMethod() + " " + bulk.getTarget());
    assertEquals("{\"actions\":[{\"action\":\"create\",\"entities\":["
        + "{\"key\":\"a\",\"value\":\"1\",\"description\":null},{\"key\":\"b\",\"value\":\"2\",\"description\":\"d\"}],"
        + "\"action_on_existence\":\"overwrite\"}]}", bulk.getBody().utf8());
  }
}
