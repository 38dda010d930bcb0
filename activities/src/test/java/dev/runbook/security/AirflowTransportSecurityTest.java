package dev.runbook.security;

import static dev.runbook.testsupport.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.Dag;
import dev.runbook.airflow.runbook.AirflowClients;
import dev.runbook.http.HttpApiException;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.tls.TestCertificates;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Airflow runbook's client path (plan endpoint, secret references, {@link AirflowClients})
 * against an HTTPS server whose certificate a private CA signed: the bearer token travels only
 * inside TLS to a server the endpoint's {@code caCertificate} vouches for, and a server it does not
 * vouch for is refused at once, without retries and without the token in the message.
 */
@Timeout(30)
class AirflowTransportSecurityTest {

  static final String TOKEN = "astro-deployment-token-5f1c";
  static final TestCertificates CERTIFICATES = TestCertificates.create("airflow");

  @StartStop
  final MockWebServer server = new MockWebServer();

  final Map<String, String> environment = Map.of("ASTRO_TOKEN", TOKEN, "AIRFLOW_CA", CERTIFICATES.authorityPem());

  @BeforeEach
  void serveHttps() {
    server.useHttps(CERTIFICATES.serverHandshake().sslSocketFactory());
  }

  @Test
  void sendsTheBearerTokenOverHttpsToAServerTheEndpointsCaVouchesFor() throws Exception {
    server.enqueue(json(200, "{\"version\": \"3.3.2\", \"git_version\": null}"));
    server.enqueue(json(200, "{\"dags\": [{\"dag_id\": \"hourly_ingest\", \"is_paused\": false}], \"total_entries\": 1}"));
    String url = server.url("/").toString();
    assertTrue(url.startsWith("https://"), url);

    AirflowClient client = clients().connect(new AirflowEndpoint(url, SecretRef.env("ASTRO_TOKEN"), null, null,
        SecretRef.env("AIRFLOW_CA")));

    assertEquals(List.of("hourly_ingest"), client.listDags().stream().map(Dag::dagId).toList());
    for (String path : List.of("/api/v2/version", "/api/v2/dags")) {
      RecordedRequest request = server.takeRequest();
      assertEquals(path, request.getUrl().encodedPath());
      assertEquals("Bearer " + TOKEN, request.getHeaders().get("Authorization"));
      assertNotNull(request.getHandshake(), "the request did not arrive over TLS");
      assertEquals("CN=localhost", request.getHandshake().localPrincipal().getName());
    }
  }

  @Test
  void refusesAServerNoTrustedAuthorityVouchesForWithoutRetryingOrSendingTheToken() {
    String url = server.url("/").toString();

    HttpApiException failure = assertThrows(HttpApiException.class,
        () -> clients().connect(new AirflowEndpoint(url, SecretRef.env("ASTRO_TOKEN"), null, null)));

    assertEquals(HttpApiException.Reason.UNTRUSTED_SERVER, failure.reason());
    assertTrue(failure.getMessage().startsWith("GET /api/v2/version refused: the TLS certificate of "
        + server.getHostName() + ":" + server.getPort() + " is not trusted ("), failure.getMessage());
    assertTrue(failure.getMessage().endsWith("give the endpoint's caCertificate if it uses a private CA"), failure.getMessage());
    assertFalse(failure.getMessage().contains(TOKEN));
    assertEquals(0, server.getRequestCount(), "no request may reach a server whose certificate is not trusted");
  }

  @Test
  void refusesACaBundleThatIsNotAPemCertificateBeforeAnyRequest() {
    Map<String, String> expected = Map.of(
        "not a certificate", "the caCertificate bundle is not a PEM certificate bundle: No certificate data found",
        "", "the caCertificate bundle holds no certificate");
    expected.forEach((bundle, error) -> {
      AirflowClients clients = new AirflowClients(ref -> ref.env().equals("AIRFLOW_CA") ? bundle : TOKEN);
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
          () -> clients.connect(new AirflowEndpoint(server.url("/").toString(), SecretRef.env("ASTRO_TOKEN"), null, null,
              SecretRef.env("AIRFLOW_CA"))));
      assertEquals(error, failure.getMessage());
    });
    assertEquals(0, server.getRequestCount());
  }

  AirflowClients clients() {
    return new AirflowClients(ref -> environment.get(ref.env()));
  }
}
