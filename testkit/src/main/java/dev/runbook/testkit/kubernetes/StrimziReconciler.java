package dev.runbook.testkit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the Strimzi operators and the Deployment controller on the mock Kubernetes API,
 * one class per resource kind: {@link KafkaClusterOperator}, {@link TopicOperator},
 * {@link MirrorMakerOperator}, {@link UserOperator}, {@link DeploymentController}. Every
 * {@value #PERIOD_MILLIS} ms it runs each of them once, in that order, on one thread: polling every
 * resource is simple and robust against missed watch events.
 */
public final class StrimziReconciler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StrimziReconciler.class);
  private static final long PERIOD_MILLIS = 100;

  private final List<KindReconciler> kinds;
  private final Map<String, String> lastFailures = new HashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "strimzi-reconciler");
    thread.setDaemon(true);
    return thread;
  });

  private StrimziReconciler(KubernetesClient client, StrimziBackend backend, AppWorld apps) {
    StrimziV1Resources strimzi = new StrimziV1Resources(client);
    KafkaClusterOperator kafkas = new KafkaClusterOperator(client, strimzi, backend);
    // MirrorMaker 2 before users: a deleted KafkaMirrorMaker2 stops before its deleted KafkaUser loses its ACLs.
    this.kinds = List.of(kafkas, new TopicOperator(strimzi, backend, kafkas), new MirrorMakerOperator(client, strimzi, backend),
        new UserOperator(client, strimzi, backend, kafkas), new DeploymentController(client, apps));
  }

  /** Starts reconciling; {@code client} stays the caller's to close (after this reconciler). */
  public static StrimziReconciler start(KubernetesClient client, StrimziBackend backend, AppWorld apps) {
    var reconciler = new StrimziReconciler(client, backend, apps);
    reconciler.loop.scheduleWithFixedDelay(reconciler::reconcileOnce, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return reconciler;
  }

  private void reconcileOnce() {
    kinds.forEach(this::reconcile);
  }

  private void reconcile(KindReconciler kind) {
    try {
      kind.reconcile();
      lastFailures.remove(kind.kind());
    } catch (RuntimeException e) {
      // Retried every round; said once per distinct failure so a stuck reconcile is visible in the log.
      if (!String.valueOf(e).equals(lastFailures.put(kind.kind(), String.valueOf(e)))) {
        log.warn("reconciling {} failed (retrying every {} ms): {}", kind.kind(), PERIOD_MILLIS, e.toString());
      }
    }
  }

  /** Stops reconciling, then what each kind started, last kind first: every MirrorMaker 2 before its clusters. */
  @Override
  public void close() throws InterruptedException {
    loop.shutdown();
    if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
      loop.shutdownNow();
    }
    for (int i = kinds.size() - 1; i >= 0; i--) {
      kinds.get(i).stop();
    }
  }
}
