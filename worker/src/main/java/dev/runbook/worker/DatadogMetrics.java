package dev.runbook.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.datadog.DatadogConfig;
import io.micrometer.datadog.DatadogMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's metrics in Datadog through Micrometer's Datadog registry: the Temporal SDK's own
 * metrics (through a tally scope) and the runbook metrics of {@link MetricsNotifier}, all tagged
 * {@code service:runbook-worker} and {@code env:}. Closing publishes what is left of the last step.
 */
public final class DatadogMetrics implements MetricsHook {

  public static final String SERVICE = "runbook-worker";

  private static final Logger log = LoggerFactory.getLogger(DatadogMetrics.class);

  /** How often the tally scope hands the SDK's metrics to Micrometer; well inside one Datadog step. */
  private static final com.uber.m3.util.Duration TEMPORAL_REPORT_INTERVAL = com.uber.m3.util.Duration.ofSeconds(10);

  private final DatadogMeterRegistry registry;
  private final Scope temporalScope;

  private DatadogMetrics(DatadogMeterRegistry registry) {
    this.registry = registry;
    this.temporalScope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(TEMPORAL_REPORT_INTERVAL);
  }

  /** Starts publishing when an API key is configured; empty (metrics off) otherwise. */
  public static Optional<DatadogMetrics> start(ObservabilityConfig config) {
    return config.datadogApiKey().map(apiKey -> {
      DatadogMeterRegistry registry = DatadogMeterRegistry.builder(datadogConfig(apiKey, config)).build();
      registry.config().commonTags(commonTags(config));
      return new DatadogMetrics(registry);
    });
  }

  private static DatadogConfig datadogConfig(String apiKey, ObservabilityConfig config) {
    String site = config.datadogSite().toString();
    String uri = site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
    Duration step = config.metricsStep();
    return new DatadogConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String apiKey() {
        return apiKey;
      }

      @Override
      public String uri() {
        return uri;
      }

      @Override
      public Duration step() {
        return step;
      }
    };
  }

  private static List<Tag> commonTags(ObservabilityConfig config) {
    List<Tag> tags = new ArrayList<>(List.of(Tag.of("service", SERVICE)));
    config.env().ifPresent(env -> tags.add(Tag.of("env", env)));
    return tags;
  }

  /** Where {@link MetricsNotifier} records the runbook metrics. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public Scope temporalScope() {
    return temporalScope;
  }

  /** Flushes the SDK's scope into the registry first, so the registry's last publish includes it. */
  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (ScopeCloseException e) {
      log.warn("could not flush the Temporal SDK's last metrics: {}", e.getMessage());
    } finally {
      registry.close();
    }
  }
}
