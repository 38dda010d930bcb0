package dev.runbook.kafka.strimzi;

import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.MirrorMakerSpec;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.TargetClusterActivities;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kernel.FailureType;
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
  private static final String CLIENT_CERTIFICATE_KEY = "client.crt";
  private static final String CLIENT_KEY_KEY = "client.key";

  private final KubernetesClient client;
  private final SecretResolver secrets;
  private final StrimziModel model;
  private final StrimziV1 strimzi;
  private final ResourceConvergence convergence;
  private final PollingWait wait;
  private final Heartbeat heartbeat;

  public TargetClusterActivitiesImpl(
      KubernetesClient client, SecretResolver secrets, StrimziModel model, PollingWait wait, Heartbeat heartbeat) {
    this.client = client;
    this.secrets = secrets;
    this.model = model;
    this.strimzi = new StrimziV1(client);
    this.convergence = new ResourceConvergence(client);
    this.wait = wait;
    this.heartbeat = heartbeat;
  }

  @Override
  public void applyCluster(TargetCluster target) {
    strimzi.apply(planned(() -> model.nodePool(target)));
    strimzi.apply(planned(() -> model.kafka(target)));
  }

  @Override
  public String awaitClusterReady(TargetCluster target) {
    Kafka ready = awaitReady(Kafka.class, target.namespace(), target.cluster());
    return StrimziReadiness.bootstrapServers(ready, target.listener());
  }

  @Override
  public void applyTopics(TopicsRequest request) {
    List<KafkaTopic> topics = new ArrayList<>();
    for (TopicSpec topic : request.topics()) {
      KafkaTopic desired = planned(() -> model.topic(request.target(), topic));
      refuseForeignTopic(desired);
      strimzi.apply(desired);
      topics.add(desired);
    }
    topics.forEach(topic -> awaitReady(KafkaTopic.class, topic));
  }

  @Override
  public void applyUsers(UsersRequest request) {
    List<KafkaUser> users = new ArrayList<>();
    if (TargetSecurity.of(request.target()).authenticated()) {
      KafkaUser operator = planned(() -> model.operatorUser(request.target()));
      strimzi.apply(operator);
      users.add(operator);
    }
    for (String username : request.users()) {
      KafkaUser desired = planned(() -> model.appUser(request.target(), username,
          request.acls() == null ? null : request.acls().getOrDefault(username, List.of()),
          request.quotas() == null ? null : request.quotas().get(username)));
      strimzi.apply(desired);
      users.add(desired);
    }
    users.forEach(user -> awaitReady(KafkaUser.class, user));
  }

  @Override
  public void applyMirrorMaker(MirrorMakerSpec spec) {
    SourceAccess access = sourceAccess(spec);
    if (spec.targetSecurity().authenticated()) {
      KafkaUser user = planned(() -> model.mirrorMakerUser(spec));
      strimzi.apply(user);
      awaitReady(KafkaUser.class, user);
    }
    KafkaMirrorMaker2 mirrorMaker = planned(() -> model.mirrorMaker(spec, access));
    strimzi.apply(mirrorMaker);
    awaitReady(KafkaMirrorMaker2.class, mirrorMaker);
  }

  @Override
  public void deleteMirrorMaker(MirrorMakerSpec spec) {
    delete(KafkaMirrorMaker2.class, spec.namespace(), spec.name());
    delete(KafkaUser.class, spec.namespace(), spec.name());
    convergence.deleteAndAwaitGone(client.secrets(), "Secret", spec.namespace(),
        StrimziModel.sourceCredentialsSecretName(spec), wait, heartbeat);
  }

  @Override
  public void deleteTopics(TopicsRequest request) {
    for (TopicSpec topic : request.topics()) {
      delete(KafkaTopic.class, request.target().namespace(), KubernetesNames.forTopic(topic.name()));
    }
  }

  @Override
  public void deleteUsers(UsersRequest request) {
    for (String username : request.users()) {
      delete(KafkaUser.class, request.target().namespace(), username);
    }
    delete(KafkaUser.class, request.target().namespace(), KafkaPlanDefaults.operatorUser(request.target()));
  }

  @Override
  public void deleteCluster(TargetCluster target) {
    delete(Kafka.class, target.namespace(), target.cluster());
    delete(KafkaNodePool.class, target.namespace(), StrimziModel.nodePoolName(target));
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
        throw FailureType.INVALID_PLAN.failure("source uses " + source.protocol() + " but names no username or password");
      }
      username = resolve(source.username());
      password = secretKeyInNamespace(spec, source.password(), PASSWORD_KEY, copied);
    }
    if (source.protocol().endsWith("SSL") && source.caCertificate() != null) {
      caCertificate = secretKeyInNamespace(spec, source.caCertificate(), CA_CERTIFICATE_KEY, copied);
    }
    SourceAccess.ClientCertificate clientCertificate = null;
    if (source.protocol().endsWith("SSL") && source.clientCertificate() != null) {
      clientCertificate = clientCertificateInNamespace(spec, source, copied);
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
      convergence.apply(client.secrets(), credentials, Secret::getData, (from, to) -> to.setData(from.getData()));
    }
    return new SourceAccess(username, password, caCertificate, clientCertificate);
  }

  /** Strimzi reads a client certificate and its key from one Secret: the plan's, or a copy in ours. */
  private SourceAccess.ClientCertificate clientCertificateInNamespace(MirrorMakerSpec spec, KafkaEndpoint source, Map<String, String> copied) {
    SecretRef certificate = source.clientCertificate();
    SecretRef key = source.clientKey();
    if (key == null) {
      throw FailureType.INVALID_PLAN.failure("source names a clientCertificate but no clientKey");
    }
    if (!certificate.fromEnvironment() && !key.fromEnvironment() && spec.namespace().equals(certificate.namespace())
        && spec.namespace().equals(key.namespace()) && certificate.secret().equals(key.secret())) {
      return new SourceAccess.ClientCertificate(certificate.secret(), certificate.key(), key.key());
    }
    copied.put(CLIENT_CERTIFICATE_KEY, resolve(certificate));
    copied.put(CLIENT_KEY_KEY, resolve(key));
    return new SourceAccess.ClientCertificate(StrimziModel.sourceCredentialsSecretName(spec), CLIENT_CERTIFICATE_KEY, CLIENT_KEY_KEY);
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
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("cannot resolve " + ref.describe() + ": " + e.getMessage());
    }
  }

  /** A KafkaTopic of the same resource name that stands for another Kafka topic is not ours to change. */
  private void refuseForeignTopic(KafkaTopic desired) {
    KafkaTopic existing = strimzi.get(KafkaTopic.class, desired.getMetadata().getNamespace(), desired.getMetadata().getName());
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
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("KafkaTopic " + ResourceConvergence.describe(desired)
          + " already exists for topic '" + existingTopic + "' of cluster '" + existingCluster
          + "', not for topic '" + desired.getSpec().getTopicName() + "' of cluster '" + wantedCluster + "'");
    }
  }

  private <R extends CustomResource<?, ? extends Status>> R awaitReady(Class<R> type, HasMetadata resource) {
    return awaitReady(type, resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  private <R extends CustomResource<?, ? extends Status>> R awaitReady(Class<R> type, String namespace, String name) {
    String description = HasMetadata.getKind(type) + " " + namespace + "/" + name;
    return wait.until("readiness of " + description,
        () -> StrimziReadiness.poll(strimzi.get(type, namespace, name), description), heartbeat);
  }

  private void delete(Class<? extends HasMetadata> type, String namespace, String name) {
    strimzi.deleteAndAwaitGone(type, namespace, name, wait, heartbeat);
  }

  private static <T> T planned(Supplier<T> model) {
    try {
      return model.get();
    } catch (IllegalArgumentException e) {
      throw FailureType.INVALID_PLAN.failure(e.getMessage());
    }
  }
}
