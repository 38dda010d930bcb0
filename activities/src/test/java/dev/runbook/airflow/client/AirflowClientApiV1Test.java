package dev.runbook.airflow.client;

import static dev.runbook.testsupport.Fixtures.json;
import static dev.runbook.testsupport.Fixtures.jsonFixture;
import static dev.runbook.testsupport.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.http.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Airflow 2 ({@code /api/v1}) from recorded payloads: detection, basic auth, paging, field mapping. */
@Timeout(30)
class AirflowClientApiV1Test {

  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

  @StartStop
  private final MockWebServer server = new MockWebServer();
  private AirflowClient client;

  @BeforeEach
  void connectToAirflow2() throws Exception {
    server.enqueue(json(404, "{\"detail\": \"Not Found\"}"));
    server.enqueue(json(200, "{\"version\": \"2.10.5\", \"git_version\": \".release:b2a3c4\"}"));
    client = AirflowClient.connect(server.url("/api/v1").toString(), new AirflowAuth.UsernamePassword("admin", "pw"),
        new RetryPolicy(1, Duration.ZERO, Duration.ZERO), new OkHttpClient(), duration -> { });
    assertEquals("/api/v2/version", server.takeRequest().getTarget());
    assertEquals("/api/v1/version", server.takeRequest().getTarget());
  }

  private static MockResponse dagsPage(int first, int count, int total) {
    String template = read("airflow/v1/dag.json");
    StringBuilder dags = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      dags.append(i == first ? "" : ",").append(template.replace("\"hourly_ingest\"", "\"dag_" + i + "\""));
    }
    return json(200, "{\"dags\": [" + dags + "], \"total_entries\": " + total + "}");
  }

  @Test
  void detectsAirflow2FromTheVersionEndpoints() {
    assertEquals(new AirflowVersion("2.10.5", AirflowApiVersion.V1), client.version());
  }

  @Test
  void readsThreePagesOfAHundredUntilTotalEntries() throws Exception {
    server.enqueue(dagsPage(0, 100, 250));
    server.enqueue(dagsPage(100, 100, 250));
    server.enqueue(dagsPage(200, 50, 250));

    List<Dag> dags = client.listDags();

    assertEquals(250, dags.size());
    assertEquals("dag_249", dags.get(249).dagId());
    for (int offset : new int[] {0, 100, 200}) {
      RecordedRequest page = server.takeRequest();
      assertEquals("/api/v1/dags?limit=100&offset=" + offset, page.getTarget());
      assertEquals(BASIC, page.getHeaders().get("Authorization"));
    }
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void mapsAnAirflow2Dag() {
    server.enqueue(jsonFixture("airflow/v1/dag.json"));

    Dag dag = client.findDag("hourly_ingest").orElseThrow();

    assertEquals(new Dag("hourly_ingest", false, false, "0 * * * *", "/usr/local/airflow/dags/hourly_ingest.py",
        List.of("data-platform"), List.of("hourly", "ingest"), 1, false, Instant.parse("2026-11-20T08:00:00Z")), dag);
  }

  @Test
  void pausesWithTheUpdateMaskAirflow2Needs() throws Exception {
    server.enqueue(json(200, read("airflow/v1/dag.json").replace("\"is_paused\": false", "\"is_paused\": true")));

    assertTrue(client.setPaused("hourly_ingest", true).paused());

    RecordedRequest patch = server.takeRequest();
    assertEquals("PATCH", patch.getMethod());
    assertEquals("/api/v1/dags/hourly_ingest?update_mask=is_paused", patch.getTarget());
    assertEquals("{\"is_paused\":true}", patch.getBody().utf8());
  }

  @Test
  void listsRunsByStateNewestFirstUsingExecutionDate() throws Exception {
    server.enqueue(jsonFixture("airflow/v1/dag-runs.json"));

    List<DagRun> runs = client.listDagRuns("hourly_ingest", DagRunQuery.newest(10, DagRunState.RUNNING, DagRunState.QUEUED));

    assertEquals("/api/v1/dags/hourly_ingest/dagRuns?order_by=-execution_date&state=queued&state=running&limit=10&offset=0",
        server.takeRequest().getTarget());
    assertEquals(DagRunState.RUNNING, runs.get(0).state());
    assertEquals(Instant.parse("2026-11-20T08:00:00Z"), runs.get(0).dataIntervalEnd());
    assertNull(runs.get(0).endDate());
    assertEquals("manual", runs.get(1).runType());
    assertEquals(Instant.parse("2026-11-20T07:30:12Z"), runs.get(1).logicalDate(), "falls back to execution_date");
  }

  @Test
  void readsHealthFromApiV1AndFlagsTheDeadTriggerer() throws Exception {
    server.enqueue(jsonFixture("airflow/v1/health.json"));

    AirflowHealth health = client.health();

    assertEquals(List.of("triggerer"), health.unhealthyComponents());
    assertFalse(health.components().get("dag_processor").isReported());
    assertEquals(Instant.parse("2026-11-20T08:15:00.118263Z"), health.components().get("scheduler").latestHeartbeat());
  }

  @Test
  void listsVariableKeysWithoutValuesAndConnectionsWithoutPasswords() {
    server.enqueue(jsonFixture("airflow/v1/variables.json"));
    server.enqueue(jsonFixture("airflow/v1/connection.json"));

    assertEquals(List.of(new Variable("report_recipient", null, null), new Variable("partner_api_key", null, "rotated quarterly")),
        client.listVariables());
    Connection connection = client.findConnection("warehouse_db").orElseThrow();
    assertEquals(Connection.PasswordState.UNKNOWN, connection.password());
    assertEquals("{\"sslmode\": \"require\"}", connection.extra());
  }

  @Test
  void setsAVariableByPatchOrCreatesItWhenMissing() throws Exception {
    server.enqueue(json(404, "{\"title\": \"Variable not found\", \"status\": 404}"));
    server.enqueue(json(200, "{\"key\": \"new_key\", \"value\": \"v\"}"));
    server.enqueue(json(200, "{\"key\": \"old_key\", \"value\": \"w\"}"));

    BulkResult result = client.setVariables(List.of(new Variable("new_key", "v", null), new Variable("old_key", "w", null)));

    assertEquals(List.of("new_key", "old_key"), result.succeeded());
    List<String> calls = List.of(server.takeRequest(), server.takeRequest(), server.takeRequest()).stream()
        .map(request -> request.getMethod() + " " + request.getTarget()).toList();
    assertEquals(List.of("PATCH /api/v1/variables/new_key", "POST /api/v1/variables", "PATCH /api/v1/variables/old_key"), calls);
  }

  @Test
  void readsImportErrors() {
    server.enqueue(jsonFixture("airflow/v1/import-errors.json"));

    ImportError error = client.importErrors().get(0);

    assertEquals("/usr/local/airflow/dags/needs_astro_helpers.py", error.filename());
    assertTrue(error.stackTrace().contains("No module named 'astro_helpers'"));
  }
}
