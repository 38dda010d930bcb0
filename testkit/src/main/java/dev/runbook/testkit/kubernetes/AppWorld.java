package dev.runbook.testkit.kubernetes;

import java.util.Map;

/**
 * The apps behind Deployments: {@link StrimziReconciler} (its Deployment controller) tells it when a Deployment's replicas or
 * pod template change, with the environment a new pod would see (ConfigMap and Secret references
 * resolved at that moment, as a kubelet does at pod start), so a sample app can stop, start or
 * follow new bootstrap servers.
 */
@FunctionalInterface
public interface AppWorld {

  void onDeploymentChanged(DeploymentState state);

  /** A Deployment as its pods would run it: {@code env} is the first container's effective environment. */
  record DeploymentState(String namespace, String name, int replicas, Map<String, String> env) {}
}
