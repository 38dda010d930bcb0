package dev.runbook.worker;

import dev.runbook.activities.RunbookActivities;
import dev.runbook.http.Sleeper;
import dev.runbook.kernel.NotificationActivities;
import dev.runbook.logs.EntryPointLogs;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.notify.DatadogEventsNotifier;
import dev.runbook.notify.FanOutNotifier;
import dev.runbook.notify.JsonPoster;
import dev.runbook.notify.NotificationChannel;
import dev.runbook.notify.SlackNotifier;
import dev.runbook.secrets.ReferenceResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: configuration from the environment, Kubernetes from the kubeconfig or the
 * pod's service account, notifications to the log and the configured Slack / Datadog channels, then
 * polls until SIGTERM. Shutdown order: stop polling and let running activities finish, then close the
 * Temporal connection, then Kubernetes, then publish the last metrics.
 */
public final class RunbookWorkerMain {

  private RunbookWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EntryPointLogs.route(args);
    Logger log = LoggerFactory.getLogger(RunbookWorkerMain.class);
    WorkerConfig config = WorkerConfig.fromEnvironment(System.getenv());
    Optional<DatadogMetrics> datadogMetrics = DatadogMetrics.start(config.observability());
    MetricsHook metrics = datadogMetrics.<MetricsHook>map(hook -> hook).orElse(MetricsHook.NONE);
    WorkflowServiceStubs stubs = config.temporal().connect(metrics.temporalScope());
    WorkflowClient client = config.temporal().client(stubs);
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    RunbookWorker worker = RunbookWorker.start(client, config.taskQueue(),
        RunbookActivities.create(kubernetes, new ReferenceResolver(System.getenv(), kubernetes),
            notifier(config.observability(), datadogMetrics), RunbookActivities.Settings.defaults(config.reportDir())
                .withMeters(datadogMetrics.map(m -> new RunbookMeters(m.registry())).orElse(RunbookMeters.NONE))),
        config.shutdownGrace());
    String started = "worker polling task queue " + config.taskQueue() + " on " + config.temporal() + "; "
        + config.observability();
    log.info(started);
    System.out.println(started + "; log: " + EntryPointLogs.file("worker"));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: finishing running activities (up to {})", config.shutdownGrace());
      worker.close();
      stubs.shutdown();
      kubernetes.close();
      metrics.close();
      stopped.countDown();
    }, "runbook-worker-shutdown"));
    stopped.await();
  }

  /** The log plus every configured channel; metrics first, as they never wait on a network. */
  private static NotificationActivities notifier(ObservabilityConfig config, Optional<DatadogMetrics> datadogMetrics) {
    List<NotificationChannel> channels = new ArrayList<>();
    datadogMetrics.ifPresent(metrics -> channels.add(new MetricsNotifier(metrics.registry())));
    JsonPoster poster = JsonPoster.withDefaultTimeouts();
    config.slackWebhook().ifPresent(webhook -> channels.add(new SlackNotifier(webhook, poster)));
    config.datadogApiKey().ifPresent(apiKey ->
        channels.add(new DatadogEventsNotifier(config.datadogSite(), apiKey, config.env(), poster)));
    return new FanOutNotifier(channels, FanOutNotifier.CHANNEL_RETRY, Sleeper.REAL);
  }
}
