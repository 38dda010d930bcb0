package dev.runbook.kafka.strimzi;

import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PermanentFailure;
import dev.runbook.activity.PollingWait;
import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.TargetClusterActivities;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kubernetes.ResourceConvergence;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.Status;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The target cluster's Strimzi resources through the Kubernetes API: every apply creates or adopts
 * ({@link ResourceConvergence}) and then waits, heartbeating, for the operator's {@code Ready};
 * every delete succeeds when the resource is already gone. Secret values are resolved here, at
 * the moment of use, and never logged or returned.
 */
public final class TargetClusterActivitiesImpl implements TargetClusterActivities {

  private static final String PASSWORD_KEY = "password";
  private static final String CA_CERTIFICATE_KEY = "ca.crt";

  private final KubernetesClient client;
  private final SecretResolver secrets;
  private final StrimziModel model;
  private final ResourceConvergence convergence;
  private final PollingWait wait;
  private final Heartbeat heartbeat;

  public TargetClusterActivitiesImpl(
      KubernetesClient client, SecretResolver secrets, StrimziModel model, PollingWait wait, Heartbeat heartbeat) {
    this.client = client;
    this.secrets = secrets;
    this.model = model;
    this.convergence = new ResourceConvergence(client);
    this.wait = wait;
    this.heartbeat = heartbeat;
  }

  @Override
  public void applyCluster(TargetCluster target) {
    applyCustomResource(planned(() -> model.nodePool(target)));
    applyCustomResource(planned(() -> model.kafka(target)));
  }

  @Override
  public String awaitClusterReady(TargetCluster target) {
    Kafka stub = stub(new Kafka(), target.namespace(), target.cluster());
    Kafka ready = awaitReady(stub);
    return StrimziReadiness.bootstrapServers(ready, target.listener());
  }

  @Override
  public void applyTopics(TopicsRequest request) {
    List<KafkaTopic> topics = new ArrayList<>();
    for (TopicSpec topic : request.topics()) {
      KafkaTopic desired = planned(() -> model.topic(request.target(), topic));
      refuseForeignTopic(desired);
      applyCustomResource(desired);
      topics.add(desired);
    }
    topics.forEach(this::awaitReady);
  }

  @Override
  public void applyUsers(UsersRequest request) {
    List<KafkaUser> users = new ArrayList<>();
    for (String username : request.users()) {
      KafkaUser desired = planned(() -> model.appUser(request.target(), username));
      applyCustomResource(desired);
      users.add(desired);
    }
    users.forEach(this::awaitReady);
  }

  @Override
  public void applyMirrorMaker(MirrorMakerSpec spec) {
    SourceAccess access = sourceAccess(spec);
    if (model.authentication() != ClientAuthentication.NONE) {
      KafkaUser user = planned(() -> model.mirrorMakerUser(spec));
      applyCustomResource(user);
      awaitReady(user);
    }
    KafkaMirrorMaker2 mirrorMaker = planned(() -> model.mirrorMaker(spec, access));
    applyCustomResource(mirrorMaker);
    awaitReady(mirrorMaker);
  }

  @Override
  public void deleteMirrorMaker(MirrorMakerSpec spec) {
    delete(stub(new KafkaMirrorMaker2(), spec.namespace(), spec.name()));
    delete(stub(new KafkaUser(), spec.namespace(), spec.name()));
    delete(new SecretBuilder().withNewMetadata()
        .withNamespace(spec.namespace()).withName(StrimziModel.sourceCredentialsSecretName(spec))
        .endMetadata().build());
  }

  @Override
  public void deleteTopics(TopicsRequest request) {
    for (TopicSpec topic : request.topics()) {
      delete(stub(new KafkaTopic(), request.target().namespace(), KubernetesNames.forTopic(topic.name())));
    }
  }

  @Override
  public void deleteUsers(UsersRequest request) {
    for (String username : request.users()) {
      delete(stub(new KafkaUser(), request.target().namespace(), username));
    }
  }

  @Override
  public void deleteCluster(TargetCluster target) {
    delete(stub(new Kafka(), target.namespace(), target.cluster()));
    delete(stub(new KafkaNodePool(), target.namespace(), StrimziModel.nodePoolName(target)));
  }

  /**
   * Strimzi references a Secret in the KafkaMirrorMaker2's namespace for the source password (and
   * CA). A plan reference to exactly such a Secret is used as it is; any other (an environment
   * variable of the worker, a Secret elsewhere) is resolved and stored in this MirrorMaker 2's own
   * credentials Secret.
   */
  private SourceAccess sourceAccess(MirrorMakerSpec spec) {
    KafkaEndpoint source = spec.source();
    Map<String, String> copied = new LinkedHashMap<>();
    String username = null;
    SourceAccess.SecretKey password = null;
    SourceAccess.SecretKey caCertificate = null;
    if (source.protocol().startsWith("SASL")) {
      if (source.username() == null || source.password() == null) {
        throw PermanentFailure.invalidPlan("source uses " + source.protocol() + " but names no username or password");
      }
      username = resolve(source.username());
      password = secretKeyInNamespace(spec, source.password(), PASSWORD_KEY, copied);
    }
    if (source.protocol().endsWith("SSL") && source.caCertificate() != null) {
      caCertificate = secretKeyInNamespace(spec, source.caCertificate(), CA_CERTIFICATE_KEY, copied);
    }
    if (!copied.isEmpty()) {
      Map<String, String> data = new LinkedHashMap<>();
      copied.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
      Secret credentials = new SecretBuilder()
          .withNewMetadata()
              .withNamespace(spec.namespace())
              .withName(StrimziModel.sourceCredentialsSecretName(spec))
              .addToLabels(StrimziModel.MANAGED_BY_LABEL, StrimziModel.MANAGED_BY)
          .endMetadata()
          .withType("Opaque")
          .withData(data)
          .build();
      convergence.apply(credentials, Secret::getData, (from, to) -> to.setData(from.getData()));
    }
    return new SourceAccess(username, password, caCertificate);
  }

  private SourceAccess.SecretKey secretKeyInNamespace(
      MirrorMakerSpec spec, SecretRef ref, String copiedKey, Map<String, String> copied) {
    if (!ref.fromEnvironment() && spec.namespace().equals(ref.namespace())) {
      return new SourceAccess.SecretKey(ref.secret(), ref.key());
    }
    copied.put(copiedKey, resolve(ref));
    return new SourceAccess.SecretKey(StrimziModel.sourceCredentialsSecretName(spec), copiedKey);
  }

  private String resolve(SecretRef ref) {
    try {
      return secrets.resolve(ref);
    } catch (IllegalArgumentException e) {
      throw PermanentFailure.planDoesNotMatchReality("cannot resolve " + ref.describe() + ": " + e.getMessage());
    }
  }

  /** A KafkaTopic of the same resource name that stands for another Kafka topic is not ours to change. */
  private void refuseForeignTopic(KafkaTopic desired) {
    KafkaTopic existing = client.resource(desired).get();
    if (existing == null || existing.getSpec() == null) {
      return;
    }
    String existingTopic = existing.getSpec().getTopicName() != null
        ? existing.getSpec().getTopicName()
        : existing.getMetadata().getName();
    String existingCluster = existing.getMetadata().getLabels() == null
        ? null
        : existing.getMetadata().getLabels().get(StrimziModel.CLUSTER_LABEL);
    String wantedCluster = desired.getMetadata().getLabels().get(StrimziModel.CLUSTER_LABEL);
    if (!desired.getSpec().getTopicName().equals(existingTopic) || !wantedCluster.equals(existingCluster)) {
      throw PermanentFailure.planDoesNotMatchReality("KafkaTopic " + ResourceConvergence.describe(desired)
          + " already exists for topic '" + existingTopic + "' of cluster '" + existingCluster
          + "', not for topic '" + desired.getSpec().getTopicName() + "' of cluster '" + wantedCluster + "'");
    }
  }

  private <S> void applyCustomResource(CustomResource<S, ?> desired) {
    convergence.apply(desired, CustomResource::getSpec, (from, to) -> to.setSpec(from.getSpec()));
  }

  private <R extends CustomResource<?, ? extends Status>> R awaitReady(R resource) {
    String description = resource.getKind() + " " + ResourceConvergence.describe(resource);
    return wait.until("readiness of " + description,
        () -> StrimziReadiness.poll(client.resource(resource).get(), description), heartbeat);
  }

  private void delete(HasMetadata stub) {
    convergence.deleteAndAwaitGone(stub, wait, heartbeat);
  }

  private static <T> T planned(Supplier<T> model) {
    try {
      return model.get();
    } catch (IllegalArgumentException e) {
      throw PermanentFailure.invalidPlan(e.getMessage());
    }
  }

  /** An empty resource naming one object at {@code kafka.strimzi.io/v1}, for get and delete. */
  private static <R extends CustomResource<?, ?>> R stub(R resource, String namespace, String name) {
    resource.setApiVersion(StrimziModel.API_VERSION);
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setName(name);
    return resource;
  }
}
