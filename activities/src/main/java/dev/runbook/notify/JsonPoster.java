package dev.runbook.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts one JSON document, once, for a notification channel. Unlike {@code JsonHttpClient} it never
 * puts the URL into an error (a Slack webhook URL is itself the secret) and accepts non-JSON answers
 * (Slack answers {@code ok}); retrying is the caller's business ({@link FanOutNotifier}).
 */
public final class JsonPoster {

  /** Short enough that a few attempts on every channel fit in the notify activity's 30 s. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_DETAIL_LENGTH = 200;

  private final OkHttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public JsonPoster(OkHttpClient http) {
    this.http = http;
  }

  /** A poster with its own client whose calls give up after {@link #CALL_TIMEOUT}. */
  public static JsonPoster withDefaultTimeouts() {
    return new JsonPoster(new OkHttpClient.Builder().callTimeout(CALL_TIMEOUT).build());
  }

  /**
   * @param target how errors name the destination, e.g. "Slack webhook"; must not be secret
   * @throws ChannelDeliveryException unless the answer is 2xx
   */
  public void post(HttpUrl url, Map<String, String> headers, Object body, String target) {
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(serialize(body, target), JSON));
    headers.forEach(request::header);
    try (Response response = http.newCall(request.build()).execute()) {
      if (response.isSuccessful()) {
        return;
      }
      int status = response.code();
      String detail = response.body().string().strip();
      throw new ChannelDeliveryException(target + " answered HTTP " + status
          + (detail.isEmpty() ? "" : ": " + truncate(detail)), status == 429 || status >= 500, null);
    } catch (IOException e) {
      throw new ChannelDeliveryException(target + " could not be reached: " + e.getClass().getSimpleName(), true, e);
    }
  }

  private String serialize(Object body, String target) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize the body for " + target, e);
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
  }
}
