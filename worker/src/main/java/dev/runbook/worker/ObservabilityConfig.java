package dev.runbook.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where notifications and metrics go besides the log: a Slack incoming webhook, Datadog (events and
 * metrics through one API key), and the {@code env} tag they carry. The webhook URL and the API key
 * are secrets: {@link #toString()} only says whether they are set.
 *
 * <p>{@code RUNBOOK_SLACK_WEBHOOK_URL}, {@code RUNBOOK_DATADOG_API_KEY}, {@code RUNBOOK_DATADOG_SITE}
 * (default {@value #DEFAULT_DATADOG_SITE}), {@code RUNBOOK_ENV}; an empty value counts as unset.
 *
 * @param metricsStep how often the Datadog registry publishes
 */
public record ObservabilityConfig(
    Optional<String> env,
    Optional<HttpUrl> slackWebhook,
    Optional<String> datadogApiKey,
    HttpUrl datadogSite,
    Duration metricsStep) {

  public static final String DEFAULT_DATADOG_SITE = "https://api.datadoghq.com";

  public static ObservabilityConfig fromEnvironment(Map<String, String> env) {
    String site = value(env, "RUNBOOK_DATADOG_SITE").orElse(DEFAULT_DATADOG_SITE);
    HttpUrl datadogSite = HttpUrl.parse(site);
    if (datadogSite == null) {
      throw new IllegalArgumentException("RUNBOOK_DATADOG_SITE must be an http(s) URL such as "
          + DEFAULT_DATADOG_SITE + ", got '" + site + "'");
    }
    Optional<HttpUrl> slackWebhook = value(env, "RUNBOOK_SLACK_WEBHOOK_URL").map(url -> {
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        // The value is not repeated: it is meant to be a secret.
        throw new IllegalArgumentException("RUNBOOK_SLACK_WEBHOOK_URL must be an http(s) URL (Slack's incoming webhook)");
      }
      return parsed;
    });
    return new ObservabilityConfig(value(env, "RUNBOOK_ENV"), slackWebhook, value(env, "RUNBOOK_DATADOG_API_KEY"),
        datadogSite, Duration.ofMinutes(1));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(text -> !text.isEmpty());
  }

  @Override
  public String toString() {
    return "ObservabilityConfig[env=" + env.orElse("(none)") + ", slack " + (slackWebhook.isPresent() ? "on" : "off")
        + ", datadog " + (datadogApiKey.isPresent() ? "on at " + datadogSite : "off") + ", step " + metricsStep + "]";
  }
}
