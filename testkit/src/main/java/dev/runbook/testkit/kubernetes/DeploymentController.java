package dev.runbook.testkit.kubernetes;

import static dev.runbook.testkit.kubernetes.Resources.decode;
import static dev.runbook.testkit.kubernetes.Resources.generation;
import static dev.runbook.testkit.kubernetes.Resources.key;
import static dev.runbook.testkit.kubernetes.Resources.without;

import dev.runbook.testkit.kubernetes.AppWorld.DeploymentState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Deployment controller: pods of the current template only, as many as the replicas, a status
 * that says so, and an {@link AppWorld} callback when a Deployment's replicas or pod template change
 * (or it is deleted: zero replicas).
 */
final class DeploymentController implements KindReconciler {

  /** The pod label holding the Deployment generation a pod was made from. */
  static final String GENERATION_LABEL = "runbook.dev/template-generation";

  private final KubernetesClient client;
  private final AppWorld apps;
  private final Map<String, DeploymentState> deployments = new HashMap<>();

  DeploymentController(KubernetesClient client, AppWorld apps) {
    this.client = client;
    this.apps = apps;
  }

  @Override
  public String kind() {
    return "Deployment";
  }

  @Override
  public void reconcile() {
    Set<String> present = new HashSet<>();
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
          || deployment.getSpec().getSelector() == null) {
        continue; // no pods to run: not an app this stand-in controls (e.g. a release's status-only workloads)
      }
      String key = key(deployment);
      present.add(key);
      long generation = generation(deployment);
      int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
      DeploymentState state = new DeploymentState(
          deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(), replicas, environment(deployment));
      DeploymentState previous = deployments.get(key);
      boolean templateChanged = !podsOf(deployment).stream().allMatch(pod -> isOfGeneration(pod, generation));
      if (!state.equals(previous) || templateChanged) {
        apps.onDeploymentChanged(state);
        deployments.put(key, state);
      }
      int pods = convergePods(deployment, generation, replicas);
      var status = deployment.getStatus();
      if (status == null || !Objects.equals(status.getObservedGeneration(), generation)
          || !Objects.equals(status.getReplicas(), pods) || !Objects.equals(status.getReadyReplicas(), pods)) {
        deployment.setStatus(new DeploymentStatusBuilder()
            .withObservedGeneration(generation)
            .withReplicas(pods)
            .withUpdatedReplicas(pods)
            .withReadyReplicas(pods)
            .withAvailableReplicas(pods)
            .build());
        client.resource(deployment).updateStatus();
      }
    }
    for (String gone : without(deployments.keySet(), present)) {
      DeploymentState last = deployments.remove(gone);
      apps.onDeploymentChanged(new DeploymentState(last.namespace(), last.name(), 0, last.env()));
    }
  }

  /** Pods of the current template only, {@code replicas} of them; returns how many run. */
  private int convergePods(Deployment deployment, long generation, int replicas) {
    List<Pod> current = new ArrayList<>();
    for (Pod pod : podsOf(deployment)) {
      if (isOfGeneration(pod, generation) && current.size() < replicas) {
        current.add(pod);
      } else {
        client.resource(pod).delete();
      }
    }
    Set<String> names = new HashSet<>();
    current.forEach(pod -> names.add(pod.getMetadata().getName()));
    for (int index = 0; current.size() < replicas; index++) {
      String name = deployment.getMetadata().getName() + "-" + generation + "-" + index;
      if (names.contains(name)) {
        continue;
      }
      Pod pod = new PodBuilder()
          .withNewMetadata()
              .withNamespace(deployment.getMetadata().getNamespace())
              .withName(name)
              .withLabels(podLabels(deployment, generation))
              .withOwnerReferences(new OwnerReferenceBuilder()
                  .withApiVersion("apps/v1").withKind("Deployment")
                  .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                  .build())
          .endMetadata()
          .withSpec(deployment.getSpec().getTemplate().getSpec())
          .withNewStatus().withPhase("Running").endStatus()
          .build();
      client.resource(pod).create();
      current.add(pod);
    }
    return current.size();
  }

  private List<Pod> podsOf(Deployment deployment) {
    return client.pods().inNamespace(deployment.getMetadata().getNamespace())
        .withLabelSelector(deployment.getSpec().getSelector()).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> Objects.equals(owner.getUid(), deployment.getMetadata().getUid())))
        .toList();
  }

  private static boolean isOfGeneration(Pod pod, long generation) {
    return Long.toString(generation).equals(pod.getMetadata().getLabels().get(GENERATION_LABEL));
  }

  private static Map<String, String> podLabels(Deployment deployment, long generation) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (deployment.getSpec().getTemplate().getMetadata() != null && deployment.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(deployment.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.putAll(deployment.getSpec().getSelector().getMatchLabels());
    labels.put(GENERATION_LABEL, Long.toString(generation));
    return labels;
  }

  /** The first container's environment as a new pod would get it. */
  private Map<String, String> environment(Deployment deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    if (containers.isEmpty()) {
      return env;
    }
    String namespace = deployment.getMetadata().getNamespace();
    Container container = containers.get(0);
    for (EnvFromSource source : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
      String prefix = Objects.requireNonNullElse(source.getPrefix(), "");
      if (source.getConfigMapRef() != null) {
        var configMap = client.configMaps().inNamespace(namespace).withName(source.getConfigMapRef().getName()).get();
        if (configMap != null && configMap.getData() != null) {
          configMap.getData().forEach((name, value) -> env.put(prefix + name, value));
        }
      }
      if (source.getSecretRef() != null) {
        var secret = client.secrets().inNamespace(namespace).withName(source.getSecretRef().getName()).get();
        if (secret != null && secret.getData() != null) {
          secret.getData().forEach((name, value) -> env.put(prefix + name, decode(value)));
        }
      }
    }
    for (EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
      String value = variable.getValue();
      if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = variable.getValueFrom().getConfigMapKeyRef();
        var configMap = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
        value = configMap == null || configMap.getData() == null ? null : configMap.getData().get(ref.getKey());
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        var secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
        value = encoded == null ? null : decode(encoded);
      }
      if (value != null) {
        env.put(variable.getName(), value);
      }
    }
    return env;
  }
}
