package dev.runbook.worker;

import dev.runbook.activity.RunbookActivities;
import dev.runbook.notify.LogNotifier;
import dev.runbook.secrets.ReferenceResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: configuration from the environment, Kubernetes from the kubeconfig or the
 * pod's service account, then polls until SIGTERM. Shutdown order: stop polling and let running
 * activities finish, then close the Temporal connection, then Kubernetes.
 */
public final class RunbookWorkerMain {

  private static final Logger log = LoggerFactory.getLogger(RunbookWorkerMain.class);

  private RunbookWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkerConfig config = WorkerConfig.fromEnvironment(System.getenv());
    MetricsHook metrics = MetricsHook.NONE;
    WorkflowServiceStubs stubs = config.temporal().connect(metrics.temporalScope());
    WorkflowClient client = config.temporal().client(stubs);
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    RunbookWorker worker = RunbookWorker.start(client, config.taskQueue(),
        RunbookActivities.create(kubernetes, new ReferenceResolver(System.getenv(), kubernetes), new LogNotifier(),
            RunbookActivities.Settings.defaults(config.reportDir())),
        config.shutdownGrace());
    log.info("worker polling task queue {} on {}", config.taskQueue(), config.temporal());

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
}
