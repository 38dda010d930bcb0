package dev.runbook.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Slack and Datadog settings from the environment, secrets kept out of every message. */
class ObservabilityConfigTest {

  @Test
  void everythingIsOffByDefaultAndEmptyValuesCountAsUnset() {
    ObservabilityConfig config = ObservabilityConfig.fromEnvironment(Map.of("RUNBOOK_DATADOG_API_KEY", " ", "RUNBOOK_ENV", ""));

    assertEquals(Optional.empty(), config.slackWebhook());
    assertEquals(Optional.empty(), config.datadogApiKey());
    assertEquals(Optional.empty(), config.env());
    assertEquals(HttpUrl.get("https://api.datadoghq.com"), config.datadogSite());
  }

  @Test
  void neverShowsTheWebhookOrTheApiKey() {
    ObservabilityConfig config = ObservabilityConfig.fromEnvironment(Map.of(
        "RUNBOOK_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/secret-token",
        "RUNBOOK_DATADOG_API_KEY", "dd-api-key-123",
        "RUNBOOK_DATADOG_SITE", "https://api.datadoghq.eu",
        "RUNBOOK_ENV", "prod"));

    assertEquals("ObservabilityConfig[env=prod, slack on, datadog on at https://api.datadoghq.eu/, step PT1M]", config.toString());
    IllegalArgumentException badWebhook = assertThrows(IllegalArgumentException.class,
        () -> ObservabilityConfig.fromEnvironment(Map.of("RUNBOOK_SLACK_WEBHOOK_URL", "hooks.slack.com/services/secret-token")));
    assertFalse(badWebhook.getMessage().contains("secret-token"), badWebhook.getMessage());
  }
}
