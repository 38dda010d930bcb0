package dev.runbook.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * The reconciler's access to Strimzi resources at {@code kafka.strimzi.io/v1}. Strimzi 0.51's
 * classes for Kafka, KafkaNodePool and KafkaMirrorMaker2 are pinned to v1beta2 and the mock API
 * keeps versions apart, so reads and status writes go as generic resources at v1.
 */
final class StrimziV1Resources {

  private static final String API_VERSION = "kafka.strimzi.io/v1";

  private final KubernetesClient client;

  StrimziV1Resources(KubernetesClient client) {
    this.client = client;
  }

  <T extends HasMetadata> List<T> list(Class<T> type) {
    return typed(type, operation(type).inAnyNamespace().list().getItems());
  }

  <T extends HasMetadata> List<T> listLabelled(Class<T> type, String namespace, String label, String value) {
    return typed(type, operation(type).inNamespace(namespace).withLabel(label, value).list().getItems());
  }

  void updateStatus(HasMetadata resource) {
    operation(resource.getClass()).inNamespace(resource.getMetadata().getNamespace()).resource(manifest(resource)).updateStatus();
  }

  void update(HasMetadata resource) {
    operation(resource.getClass()).inNamespace(resource.getMetadata().getNamespace()).resource(manifest(resource)).update();
  }

  private GenericKubernetesResource manifest(HasMetadata resource) {
    GenericKubernetesResource manifest = client.getKubernetesSerialization().convertValue(resource, GenericKubernetesResource.class);
    manifest.setApiVersion(API_VERSION);
    return manifest;
  }

  private <T> List<T> typed(Class<T> type, List<GenericKubernetesResource> items) {
    return items.stream().map(item -> client.getKubernetesSerialization().convertValue(item, type)).toList();
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
