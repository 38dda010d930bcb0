package dev.runbook.plan;

/**
 * An Airflow deployment's REST API and how to authenticate to it, by reference only: either a
 * bearer {@code token} (an Astronomer deployment API token) or a {@code username} and
 * {@code password} (exchanged for a JWT on Airflow 3, basic auth on Airflow 2). Over HTTPS,
 * {@code caCertificate} (a PEM bundle) is trusted instead of the JVM's authorities, for a private CA.
 * A bearer token is only ever sent over HTTPS or to a loopback address.
 *
 * @param url the deployment's root, e.g. {@code https://org.astronomer.run/d1a2b3c4} or
 *     {@code http://airflow-api-server.airflow:8080}
 */
public record AirflowEndpoint(String url, SecretRef token, SecretRef username, SecretRef password, SecretRef caCertificate) {

  public AirflowEndpoint(String url, SecretRef token, SecretRef username, SecretRef password) {
    this(url, token, username, password, null);
  }

  /** A root URL without trailing slashes or API suffix, so two spellings of one deployment compare equal. */
  public String normalizedUrl() {
    return url == null ? null : url.trim().replaceAll("/+$", "").replaceAll("/api/v[12]$", "").toLowerCase(java.util.Locale.ROOT);
  }
}
