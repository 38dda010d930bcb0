package dev.runbook.kafka.strimzi;

import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.kubernetes.ResourceConvergence;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Strimzi resources over the {@code kafka.strimzi.io/v1} API. Strimzi 0.51's Java classes for
 * Kafka, KafkaNodePool and KafkaMirrorMaker2 are pinned to v1beta2 (fabric8 ignores
 * {@code setApiVersion} on them), so requests go as generic resources at v1 and are converted
 * to and from the typed classes, whose fields are the same in both versions.
 */
public final class StrimziV1 {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final ResourceConvergence convergence;

  public StrimziV1(KubernetesClient client) {
    this.client = client;
    this.convergence = new ResourceConvergence(client);
  }

  /** Creates or adopts {@code desired} (its spec, labels and annotations). */
  public ResourceConvergence.Outcome apply(HasMetadata desired) {
    return convergence.apply(operation(desired.getClass()), manifest(desired),
        resource -> resource.getAdditionalProperties().get("spec"),
        (from, to) -> to.getAdditionalProperties().put("spec", from.getAdditionalProperties().get("spec")));
  }

  /** The stored resource as {@code type}, or null. */
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    GenericKubernetesResource stored = operation(type).inNamespace(namespace).withName(name).get();
    return stored == null ? null : SERIALIZATION.convertValue(stored, type);
  }

  public void deleteAndAwaitGone(Class<? extends HasMetadata> type, String namespace, String name, PollingWait wait,
      Heartbeat heartbeat) {
    convergence.deleteAndAwaitGone(operation(type), HasMetadata.getKind(type), namespace, name, wait, heartbeat);
  }

  /** The resource as sent to the API: same content, {@code apiVersion: kafka.strimzi.io/v1}. */
  public static GenericKubernetesResource manifest(HasMetadata typed) {
    GenericKubernetesResource manifest = SERIALIZATION.convertValue(typed, GenericKubernetesResource.class);
    manifest.setApiVersion(StrimziModel.API_VERSION);
    manifest.getAdditionalProperties().remove("status");
    return manifest;
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation(
      Class<? extends HasMetadata> type) {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup(HasMetadata.getGroup(type))
        .withVersion("v1")
        .withKind(HasMetadata.getKind(type))
        .withPlural(HasMetadata.getPlural(type))
        .withNamespaced(true)
        .build());
  }
}
