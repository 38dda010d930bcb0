package dev.runbook.notify;

import dev.runbook.kernel.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Posts every notification to Datadog's Events API ({@code POST {site}/api/v1/events}) tagged
 * {@code runbook:}, {@code migration:}, {@code phase:}, {@code workflow_id:}, {@code env:} and
 * {@code notification:<kind>}, so phase changes, gates, parks, rollbacks and endings overlay the
 * dashboards. Events of one run share the workflow id as aggregation key. The API key is never logged.
 */
public final class DatadogEventsNotifier implements NotificationChannel {

  private static final int MAX_TITLE_LENGTH = 100;
  private static final int MAX_TEXT_LENGTH = 4000;

  private final HttpUrl eventsUrl;
  private final String apiKey;
  private final Optional<String> env;
  private final JsonPoster poster;

  /**
   * @param site the Datadog site's API root, e.g. {@code https://api.datadoghq.eu}
   * @param env the deployment's {@code env:} tag, if any
   */
  public DatadogEventsNotifier(HttpUrl site, String apiKey, Optional<String> env, JsonPoster poster) {
    this.eventsUrl = site.newBuilder().addPathSegments("api/v1/events").build();
    this.apiKey = apiKey;
    this.env = env;
    this.poster = poster;
  }

  @Override
  public String name() {
    return "Datadog events API";
  }

  @Override
  public void deliver(Notification notification) {
    poster.post(eventsUrl, Map.of("DD-API-KEY", apiKey), event(notification), name());
  }

  /** The event's JSON body. */
  Map<String, Object> event(Notification n) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("title", truncate(n.runbook() + " " + n.migrationId() + ": " + headline(n), MAX_TITLE_LENGTH));
    String commands = n.commands().isEmpty() ? "" : "\n\n" + String.join("\n", n.commands());
    event.put("text", truncate(n.message() + commands, MAX_TEXT_LENGTH));
    event.put("alert_type", alertType(n));
    event.put("aggregation_key", truncate(n.workflowId(), MAX_TITLE_LENGTH));
    event.put("tags", tags(n));
    return event;
  }

  private List<String> tags(Notification n) {
    List<String> tags = new ArrayList<>(List.of(
        "runbook:" + n.runbook(),
        "migration:" + n.migrationId(),
        "phase:" + n.phase(),
        "workflow_id:" + n.workflowId(),
        "notification:" + n.kind().name().toLowerCase()));
    env.ifPresent(name -> tags.add("env:" + name));
    return tags;
  }

  private static String headline(Notification n) {
    return switch (n.kind()) {
      case PHASE_STARTED -> "phase " + n.phase() + " started";
      case GATE_OPENED -> "gate " + n.subject() + " opened";
      case GATE_WAITING -> "gate " + n.subject() + " waiting too long";
      case GATE_DECIDED -> "gate " + n.subject() + " decided";
      case STEP_PARKED -> "step " + n.subject() + " parked";
      case COMPENSATING -> "rolling back";
      case RUNBOOK_ENDED -> "ended " + n.subject();
    };
  }

  private static String alertType(Notification n) {
    return switch (n.kind()) {
      case STEP_PARKED -> "error";
      case GATE_WAITING, COMPENSATING -> "warning";
      case RUNBOOK_ENDED -> switch (n.subject()) {
        case "COMPLETED" -> "success";
        case "ROLLED_BACK" -> "warning";
        default -> "error";
      };
      default -> "info";
    };
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
