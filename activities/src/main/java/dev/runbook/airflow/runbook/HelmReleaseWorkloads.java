package dev.runbook.airflow.runbook;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workloads of an Airflow Helm release (official chart): Deployments and StatefulSets labelled
 * {@code tier=airflow, release=<name>}, each ready when all its desired replicas are ready.
 */
public final class HelmReleaseWorkloads {

  private final KubernetesClient kubernetes;

  public HelmReleaseWorkloads(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** One workload's readiness, e.g. {@code Deployment/airflow-scheduler 2/2}. */
  public record Workload(String name, int ready, int desired) {

    public boolean isReady() {
      return ready >= desired;
    }

    @Override
    public String toString() {
      return name + " " + ready + "/" + desired;
    }
  }

  public List<Workload> list(String namespace, String release) {
    Map<String, String> labels = Map.of("tier", "airflow", "release", release);
    List<Workload> workloads = new ArrayList<>();
    for (Deployment deployment : kubernetes.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems()) {
      workloads.add(new Workload("Deployment/" + deployment.getMetadata().getName(),
          deployment.getStatus() == null ? 0 : orZero(deployment.getStatus().getReadyReplicas()),
          desired(deployment.getSpec().getReplicas())));
    }
    for (StatefulSet set : kubernetes.apps().statefulSets().inNamespace(namespace).withLabels(labels).list().getItems()) {
      workloads.add(new Workload("StatefulSet/" + set.getMetadata().getName(),
          set.getStatus() == null ? 0 : orZero(set.getStatus().getReadyReplicas()),
          desired(set.getSpec().getReplicas())));
    }
    return workloads;
  }

  private static int desired(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
