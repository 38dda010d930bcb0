package dev.runbook.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls one JSON REST API under a base URL: adds authentication, repeats calls that met 429, 5xx
 * or I/O errors per a {@link RetryPolicy} (honouring {@code Retry-After}; an untrusted TLS certificate
 * is not repeated), and turns every other
 * failure into an {@link HttpApiException} that names the endpoint. Shared by the Airflow and Astro
 * clients so that every outside API fails the same, readable way.
 */
public final class JsonHttpClient {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_DETAIL_LENGTH = 300;

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final RequestAuth auth;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final ObjectMapper json;

  public JsonHttpClient(
      OkHttpClient http, HttpUrl baseUrl, RequestAuth auth, RetryPolicy retry, Sleeper sleeper, ObjectMapper json) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.auth = auth;
    this.retry = retry;
    this.sleeper = sleeper;
    this.json = json;
  }

  /** The same API with other credentials (or none), sharing connections and retry settings. */
  public JsonHttpClient withAuth(RequestAuth otherAuth) {
    return new JsonHttpClient(http, baseUrl, otherAuth, retry, sleeper, json);
  }

  public JsonNode get(String path, Map<String, List<String>> query) {
    return call("GET", path, query, null);
  }

  /**
   * Sends one request and returns its JSON body ({@link MissingNode} when the body is empty).
   *
   * @param path path below the base URL, already encoded (see {@link #segment(String)})
   * @param query query parameters; a parameter with several values is repeated
   * @param body an object Jackson serializes, or {@code null} for no body
   * @throws HttpApiException when the call fails for good
   */
  public JsonNode call(String method, String path, Map<String, List<String>> query, Object body) {
    HttpUrl url = url(path, query);
    String endpoint = method + " " + url.encodedPath();
    RequestBody requestBody = body == null ? null : RequestBody.create(serialize(body, endpoint), JSON);
    boolean renewed = false;
    for (int attempt = 1; ; attempt++) {
      Request.Builder request = new Request.Builder().url(url).method(method, requestBody)
          .header("Accept", "application/json");
      String authorization = auth.authorizationHeader();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try (Response response = http.newCall(request.build()).execute()) {
        String text = response.body().string();
        int status = response.code();
        if (response.isSuccessful()) {
          return text.isBlank() ? MissingNode.getInstance() : parse(text, endpoint);
        }
        if (status == 401 && !renewed && auth.renewAfterUnauthorized()) {
          renewed = true;
          continue;
        }
        if (isRetryable(status) && attempt < retry.maxAttempts()) {
          pause(endpoint, retryAfter(response).orElse(retry.backoffAfter(attempt)));
          continue;
        }
        HttpApiException.Reason reason = isRetryable(status)
            ? HttpApiException.Reason.RETRIES_EXHAUSTED
            : HttpApiException.reasonFor(status);
        String attempts = isRetryable(status) ? " after " + attempt + " attempts" : "";
        throw new HttpApiException(reason, status, endpoint,
            endpoint + " failed with HTTP " + status + attempts + describeError(text), null);
      } catch (IOException e) {
        if (untrusted(e)) {
          throw new HttpApiException(HttpApiException.Reason.UNTRUSTED_SERVER, 0, endpoint,
              endpoint + " refused: the TLS certificate of " + url.host() + ":" + url.port() + " is not trusted ("
                  + e.getMessage() + "); give the endpoint's caCertificate if it uses a private CA", e);
        }
        if (attempt >= retry.maxAttempts()) {
          throw new HttpApiException(HttpApiException.Reason.RETRIES_EXHAUSTED, 0, endpoint,
              endpoint + " failed after " + attempt + " attempts: " + e, e);
        }
        pause(endpoint, retry.backoffAfter(attempt));
      }
    }
  }

  /** A certificate problem, as opposed to a connection that broke during the handshake (worth retrying). */
  private static boolean untrusted(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException || cause instanceof SSLPeerUnverifiedException) {
        return true;
      }
    }
    return false;
  }

  /** Encodes one path segment, e.g. a DAG id or a variable key. */
  public static String segment(String value) {
    return new HttpUrl.Builder().scheme("http").host("x").addPathSegment(value).build().encodedPath().substring(1);
  }

  private HttpUrl url(String path, Map<String, List<String>> query) {
    HttpUrl.Builder url = baseUrl.newBuilder().encodedPath(joinPaths(baseUrl.encodedPath(), path));
    query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
    return url.build();
  }

  private static String joinPaths(String base, String path) {
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return trimmed + (path.startsWith("/") ? path : "/" + path);
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  private Optional<Duration> retryAfter(Response response) {
    String header = response.header("Retry-After");
    if (header == null) {
      return Optional.empty();
    }
    try {
      Duration wanted = Duration.ofSeconds(Long.parseLong(header.trim()));
      return Optional.of(wanted.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wanted);
    } catch (NumberFormatException httpDate) {
      return Optional.empty();
    }
  }

  private void pause(String endpoint, Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpApiException(HttpApiException.Reason.UNEXPECTED, 0, endpoint,
          endpoint + " interrupted while waiting to retry", e);
    }
  }

  private String serialize(Object body, String endpoint) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize the body of " + endpoint, e);
    }
  }

  private JsonNode parse(String text, String endpoint) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HttpApiException(HttpApiException.Reason.UNEXPECTED, 200, endpoint,
          endpoint + " returned a body that is not JSON", e);
    }
  }

  /**
   * The server's reason, shortened. Validation errors (FastAPI's {@code detail[]}) are reduced to
   * field location and message: their {@code input} part echoes request values, which may be secret.
   */
  private String describeError(String text) {
    JsonNode error;
    try {
      error = json.readTree(text);
    } catch (JsonProcessingException notJson) {
      return text.isBlank() ? "" : ": " + truncate(text.strip());
    }
    if (error == null) {
      return "";
    }
    JsonNode detail = error.path("detail");
    if (detail.isArray()) {
      StringJoiner problems = new StringJoiner("; ", ": ", "");
      for (JsonNode problem : detail) {
        problems.add(problem.path("loc").toString() + " " + problem.path("msg").asText());
      }
      return truncate(problems.toString());
    }
    String message = detail.isTextual() ? detail.asText() : error.path("title").asText(error.path("message").asText());
    return message.isBlank() ? "" : ": " + truncate(message);
  }

  private static String truncate(String text) {
    return text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
  }
}
