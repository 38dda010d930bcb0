package dev.runbook.airflow.astro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.http.JsonHttpClient;
import dev.runbook.http.RetryPolicy;
import dev.runbook.http.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import static dev.runbook.http.JsonHttpClient.segment;

/**
 * Reads deployments from the Astro API ({@code https://api.astronomer.io/v1}, configurable) with an
 * Astronomer API token. Failures surface as {@link dev.runbook.http.HttpApiException}.
 */
public final class AstroClient {

  /** The public Astro API. */
  public static final String DEFAULT_BASE_URL = "https://api.astronomer.io/v1";

  private final JsonHttpClient http;

  private AstroClient(JsonHttpClient http) {
    this.http = http;
  }

  /**
   * @param baseUrl the Astro API root, normally {@link #DEFAULT_BASE_URL}
   * @param apiToken an Astronomer API token resolved from a secret reference
   */
  public static AstroClient create(String baseUrl, String apiToken, RetryPolicy retry, OkHttpClient http) {
    return create(baseUrl, apiToken, retry, http, Sleeper.REAL);
  }

  static AstroClient create(String baseUrl, String apiToken, RetryPolicy retry, OkHttpClient http, Sleeper sleeper) {
    HttpUrl root = HttpUrl.get(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    return new AstroClient(new JsonHttpClient(
        http, root, () -> "Bearer " + apiToken, retry, sleeper, new ObjectMapper()));
  }

  /** The deployment {@code deploymentId} of organization {@code organizationId}. */
  public AstroDeploymentInfo deployment(String organizationId, String deploymentId) {
    JsonNode node = http.get(
        "/organizations/" + segment(organizationId) + "/deployments/" + segment(deploymentId), Map.of());
    List<AstroDeploymentInfo.EnvironmentVariable> variables = new ArrayList<>();
    node.path("environmentVariables").forEach(variable -> variables.add(new AstroDeploymentInfo.EnvironmentVariable(
        variable.path("key").asText(),
        text(variable.path("value")),
        variable.path("isSecret").asBoolean(false))));
    return new AstroDeploymentInfo(
        node.path("id").asText(),
        text(node.path("name")),
        text(node.path("airflowVersion")),
        // runtimeVersion is deprecated in favour of astroRuntimeVersion; older responses have only the former.
        text(node.path("astroRuntimeVersion")) != null ? text(node.path("astroRuntimeVersion")) : text(node.path("runtimeVersion")),
        text(node.path("webServerAirflowApiUrl")),
        text(node.path("status")),
        text(node.path("executor")),
        variables);
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asText();
  }
}
