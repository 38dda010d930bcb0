package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.condition;
import static dev.runbook.testkit.kubernetes.Resources.decode;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.marker;
import static dev.runbook.testkit.kubernetes.Resources.without;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2StatusBuilder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strimzi's operator for {@code KafkaMirrorMaker2}: each resource runs as real MirrorMaker 2 built
 * from its own spec ({@link MirrorMaker2Properties}), so a wrong spec fails like it would on
 * Strimzi; a changed spec restarts it, a deleted resource stops it.
 */
final class MirrorMakerOperator implements KindReconciler {

  private static final Logger log = LoggerFactory.getLogger(MirrorMakerOperator.class);

  private final KubernetesClient client;
  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final Map<String, RunningMirrorMaker> mirrorMakers = new HashMap<>();

  private record RunningMirrorMaker(String marker, AutoCloseable handle) {}

  MirrorMakerOperator(KubernetesClient client, StrimziV1Resources strimzi, StrimziBackend backend) {
    this.client = client;
    this.strimzi = strimzi;
    this.backend = backend;
  }

  @Override
  public String kind() {
    return "KafkaMirrorMaker2";
  }

  @Override
  public void reconcile() {
    Set<String> present = new HashSet<>();
    for (KafkaMirrorMaker2 mirrorMaker : strimzi.list(KafkaMirrorMaker2.class)) {
      String key = key(mirrorMaker);
      present.add(key);
      String marker = marker(mirrorMaker);
      RunningMirrorMaker running = mirrorMakers.get(key);
      if (running != null && running.marker().equals(marker)) {
        continue;
      }
      if (running != null) {
        closeQuietly(running.handle());
      }
      Condition outcome;
      AutoCloseable handle = null;
      try {
        Map<String, String> properties = new LinkedHashMap<>(MirrorMaker2Properties.fromResource(mirrorMaker, this::secretValue));
        // In-process only: without it every MirrorMaker 2 worker scans the whole classpath (seconds, gigabytes).
        properties.putIfAbsent(mirrorMaker.getSpec().getTarget().getAlias() + ".plugin.discovery", "service_load");
        handle = backend.startMirrorMaker(properties);
        outcome = condition("True", null, null);
      } catch (IllegalArgumentException e) {
        outcome = condition("False", "InvalidResourceException", e.getMessage());
      } catch (Exception e) {
        outcome = condition("False", "MirrorMakerFailed", String.valueOf(e.getMessage()));
      }
      mirrorMakers.put(key, new RunningMirrorMaker(marker, handle));
      mirrorMaker.setStatus(new KafkaMirrorMaker2StatusBuilder()
          .withConditions(outcome)
          .withObservedGeneration(generation(mirrorMaker))
          .build());
      strimzi.updateStatus(mirrorMaker);
    }
    for (String gone : without(mirrorMakers.keySet(), present)) {
      closeQuietly(mirrorMakers.remove(gone).handle());
    }
  }

  /** Stops every MirrorMaker 2 it started. */
  @Override
  public void stop() {
    mirrorMakers.values().forEach(running -> closeQuietly(running.handle()));
    mirrorMakers.clear();
  }

  private String secretValue(String namespace, String secretName, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + secretName + " not found");
    }
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + secretName + " has no key " + key);
    }
    return decode(secret.getData().get(key));
  }

  private static void closeQuietly(AutoCloseable handle) {
    if (handle == null) {
      return;
    }
    try {
      handle.close();
    } catch (Exception e) {
      log.warn("stopping MirrorMaker 2 failed", e);
    }
  }
}
