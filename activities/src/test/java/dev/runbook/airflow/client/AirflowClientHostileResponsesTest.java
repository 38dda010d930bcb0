package dev.runbook.airflow.client;

import static dev.runbook.testsupport.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.http.HttpApiException;
import dev.runbook.http.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken answers with a success status (a proxy's HTML page, JSON cut off mid-way, a page without
 * its list): each fails the call with a message naming the endpoint, at once, instead of reading as
 * "no DAGs" or being retried as if the server were busy.
 */
@Timeout(30)
class AirflowClientHostileResponsesTest {

  @StartStop
  final MockWebServer server = new MockWebServer();
  final List<Duration> pauses = new ArrayList<>();

  static Stream<Arguments> brokenPages() {
    return Stream.of(
        Arguments.of("JSON cut off mid-way", json(200, "{\"dags\": [{\"dag_id\": \"hourly_ingest\", \"is_pa"),
            "GET /api/v2/dags returned a body that is not JSON"),
        Arguments.of("a proxy's HTML login page", new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><body>Sign in to continue</body></html>").build(),
            "GET /api/v2/dags returned a body that is not JSON"),
        Arguments.of("a page without its list", json(200, "{\"total_entries\": 3}"),
            "GET /api/v2/dags returned a page without its 'dags' list"),
        Arguments.of("a list that is not a list", json(200, "{\"dags\": \"hourly_ingest\", \"total_entries\": 1}"),
            "GET /api/v2/dags returned a page without its 'dags' list"),
        Arguments.of("an empty body", json(200, ""),
            "GET /api/v2/dags returned a page without its 'dags' list"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPages")
  void failsAtOnceNamingTheEndpoint(String name, MockResponse broken, String error) {
    server.enqueue(json(200, "{\"version\": \"3.3.2\", \"git_version\": null}"));
    AirflowClient client = AirflowClient.connect(server.url("/").toString(), new AirflowAuth.BearerToken("t"),
        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1)), new OkHttpClient(), pauses::add);
    server.enqueue(broken);

    HttpApiException failure = assertThrows(HttpApiException.class, client::listDags);

    assertEquals(HttpApiException.Reason.UNEXPECTED, failure.reason());
    assertEquals(error, failure.getMessage());
    assertEquals(List.of(), pauses, "a broken answer is not a busy server: no retry");
    assertEquals(2, server.getRequestCount());
  }
}
