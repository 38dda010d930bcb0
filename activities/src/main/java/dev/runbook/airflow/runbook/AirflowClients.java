package dev.runbook.airflow.runbook;

import dev.runbook.airflow.client.AirflowAuth;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.http.RetryPolicy;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.secrets.SecretResolver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Connects to the Airflow deployments a plan names, resolving their credentials from secret
 * references at the moment of connecting. One client per endpoint is kept (it holds the JWT and
 * renews it after a 401); the cache key is the endpoint record, which holds references only.
 */
public final class AirflowClients {

  private final SecretResolver secrets;
  private final OkHttpClient http;
  private final Map<AirflowEndpoint, AirflowClient> clients = new ConcurrentHashMap<>();

  public AirflowClients(SecretResolver secrets) {
    this(secrets, AirflowClient.defaultHttpClient());
  }

  /** Connects through {@code http}, e.g. one whose interceptor counts the requests (the benchmark's). */
  public AirflowClients(SecretResolver secrets, OkHttpClient http) {
    this.secrets = secrets;
    this.http = http;
  }

  public AirflowClient connect(AirflowEndpoint endpoint) {
    return clients.computeIfAbsent(endpoint, this::open);
  }

  private AirflowClient open(AirflowEndpoint endpoint) {
    AirflowAuth auth = endpoint.token() != null
        ? new AirflowAuth.BearerToken(secrets.resolve(endpoint.token()))
        : new AirflowAuth.UsernamePassword(secrets.resolve(endpoint.username()), secrets.resolve(endpoint.password()));
    String trustedCa = endpoint.caCertificate() == null ? null : secrets.resolve(endpoint.caCertificate());
    return AirflowClient.connect(endpoint.url(), auth, RetryPolicy.standard(), AirflowClient.trusting(http, trustedCa));
  }
}
