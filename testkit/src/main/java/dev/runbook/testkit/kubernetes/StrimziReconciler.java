package dev.runbook.testkit.kubernetes;

import dev.runbook.testkit.kubernetes.AppWorld.DeploymentState;
import dev.runbook.testkit.kubernetes.StrimziBackend.RunningCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.kafka.Status;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddress;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatus;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2StatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the Strimzi operators and the Deployment controller on the mock Kubernetes API.
 * It polls every resource (simple and robust against missed watch events) and converges: a Kafka
 * with a broker node pool gets a real cluster from the {@link StrimziBackend} and a Ready status
 * with its listeners; a KafkaTopic becomes a real topic; a KafkaUser gets its Secret; a
 * KafkaMirrorMaker2 runs as real MirrorMaker 2 built from its own spec
 * ({@link MirrorMaker2Properties}), so a wrong spec fails like it would on Strimzi. Deployments get
 * pods, status and an {@link AppWorld} callback when their replicas or pod template change.
 */
public final class StrimziReconciler implements AutoCloseable {

  public static final String GENERATION_LABEL = "runbook.dev/template-generation";
  public static final String TOPIC_FINALIZER = "strimzi.io/topic-operator";

  private static final Logger log = LoggerFactory.getLogger(StrimziReconciler.class);
  private static final long PERIOD_MILLIS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final StrimziV1Resources strimzi;
  private final StrimziBackend backend;
  private final AppWorld apps;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "strimzi-reconciler");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, RunningCluster> clusters = new HashMap<>();
  private final Map<String, ReconciledTopic> topics = new HashMap<>();
  private final Set<String> users = new HashSet<>();
  private final Map<String, RunningMirrorMaker> mirrorMakers = new HashMap<>();
  private final Map<String, DeploymentState> deployments = new HashMap<>();

  private final Map<String, String> lastFailures = new HashMap<>();

  private record ReconciledTopic(String marker, String bootstrapServers, String topicName) {}

  private record RunningMirrorMaker(String marker, AutoCloseable handle) {}

  private StrimziReconciler(KubernetesClient client, StrimziBackend backend, AppWorld apps) {
    this.client = client;
    this.strimzi = new StrimziV1Resources(client);
    this.backend = backend;
    this.apps = apps;
  }

  /** Starts reconciling; {@code client} stays the caller's to close (after this reconciler). */
  public static StrimziReconciler start(KubernetesClient client, StrimziBackend backend, AppWorld apps) {
    var reconciler = new StrimziReconciler(client, backend, apps);
    reconciler.loop.scheduleWithFixedDelay(reconciler::reconcileOnce, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return reconciler;
  }

  private void reconcileOnce() {
    step("Kafka", this::reconcileKafkas);
    step("KafkaTopic", this::reconcileTopics);
    step("KafkaUser", this::reconcileUsers);
    step("KafkaMirrorMaker2", this::reconcileMirrorMakers);
    step("Deployment", this::reconcileDeployments);
  }

  private void step(String kind, Runnable reconcile) {
    try {
      reconcile.run();
      lastFailures.remove(kind);
    } catch (RuntimeException e) {
      // Retried every round; said once per distinct failure so a stuck reconcile is visible in the log.
      if (!String.valueOf(e).equals(lastFailures.put(kind, String.valueOf(e)))) {
        log.warn("reconciling {} failed (retrying every {} ms): {}", kind, PERIOD_MILLIS, e.toString());
      }
    }
  }

  private void reconcileKafkas() {
    Set<String> present = new HashSet<>();
    for (Kafka kafka : strimzi.list(Kafka.class)) {
      String key = key(kafka);
      present.add(key);
      if (!hasBrokerNodePool(kafka)) {
        setStatusIfChanged(kafka, condition("False", "InvalidResourceException",
            "no KafkaNodePool with the broker role is labelled strimzi.io/cluster=" + kafka.getMetadata().getName()),
            status -> kafka.setStatus(new KafkaStatusBuilder().withConditions(status).build()));
        continue;
      }
      RunningCluster cluster = clusters.computeIfAbsent(key,
          ignored -> backend.startCluster(kafka.getMetadata().getNamespace(), kafka.getMetadata().getName()));
      if (!isReadyForCurrentGeneration(kafka)) {
        var listeners = new ArrayList<ListenerStatus>();
        for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
          listeners.add(new ListenerStatusBuilder()
              .withName(listener.getName())
              .withAddresses(addresses(cluster.bootstrapServers()))
              .build());
        }
        kafka.setStatus(new KafkaStatusBuilder()
            .withConditions(condition("True", null, null))
            .withListeners(listeners)
            .withClusterId(cluster.clusterId())
            .withObservedGeneration(generation(kafka))
            .build());
        strimzi.updateStatus(kafka);
      }
    }
    for (String gone : without(clusters.keySet(), present)) {
      String[] namespaceAndName = gone.split("/", 2);
      backend.stopCluster(namespaceAndName[0], namespaceAndName[1]);
      clusters.remove(gone);
    }
  }

  /** Status listeners carry host and port; Strimzi derives {@code bootstrapServers} from them. */
  private static List<ListenerAddress> addresses(String bootstrapServers) {
    List<ListenerAddress> addresses = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      int colon = server.lastIndexOf(':');
      addresses.add(new ListenerAddressBuilder()
          .withHost(server.substring(0, colon))
          .withPort(Integer.parseInt(server.substring(colon + 1)))
          .build());
    }
    return addresses;
  }

  private boolean hasBrokerNodePool(Kafka kafka) {
    return strimzi.listLabelled(KafkaNodePool.class, kafka.getMetadata().getNamespace(),
        "strimzi.io/cluster", kafka.getMetadata().getName()).stream()
        .anyMatch(pool -> pool.getSpec() != null && pool.getSpec().getReplicas() > 0
            && pool.getSpec().getRoles() != null && pool.getSpec().getRoles().contains(ProcessRoles.BROKER));
  }

  private void reconcileTopics() {
    for (KafkaTopic topic : strimzi.list(KafkaTopic.class)) {
      String key = key(topic);
      if (topic.isMarkedForDeletion()) {
        finishTopicDeletion(key, topic);
        continue;
      }
      if (!topic.getMetadata().getFinalizers().contains(TOPIC_FINALIZER)) {
        topic.getMetadata().getFinalizers().add(TOPIC_FINALIZER);
        strimzi.update(topic);
        continue;
      }
      RunningCluster cluster = clusters.get(clusterOf(topic));
      if (cluster == null) {
        setStatusIfChanged(topic, condition("False", "KafkaNotReady", "no running Kafka " + clusterOf(topic)),
            status -> topic.setStatus(new KafkaTopicStatusBuilder().withConditions(status).build()));
        continue;
      }
      String topicName = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
      String marker = marker(topic);
      ReconciledTopic reconciled = topics.get(key);
      if (reconciled == null || !reconciled.marker().equals(marker)) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (topic.getSpec().getConfig() != null) {
          topic.getSpec().getConfig().forEach((name, value) -> configs.put(name, String.valueOf(value)));
        }
        int replicas = topic.getSpec().getReplicas() == null ? -1 : topic.getSpec().getReplicas();
        backend.createTopic(cluster.bootstrapServers(), topicName, topic.getSpec().getPartitions(), replicas, configs);
        topics.put(key, new ReconciledTopic(marker, cluster.bootstrapServers(), topicName));
      }
      if (!isReadyForCurrentGeneration(topic)) {
        topic.setStatus(new KafkaTopicStatusBuilder()
            .withConditions(condition("True", null, null))
            .withTopicName(topicName)
            .withObservedGeneration(generation(topic))
            .build());
        strimzi.updateStatus(topic);
      }
    }
  }

  /** Like the Topic Operator: the Kafka topic goes first, then the finalizer, so the resource outlives its topic. */
  private void finishTopicDeletion(String key, KafkaTopic topic) {
    ReconciledTopic reconciled = topics.remove(key);
    if (reconciled != null
        && clusters.values().stream().anyMatch(cluster -> cluster.bootstrapServers().equals(reconciled.bootstrapServers()))) {
      backend.deleteTopic(reconciled.bootstrapServers(), reconciled.topicName());
    }
    topic.getMetadata().getFinalizers().remove(TOPIC_FINALIZER);
    strimzi.update(topic);
  }

  private void reconcileUsers() {
    Set<String> present = new HashSet<>();
    for (KafkaUser user : strimzi.list(KafkaUser.class)) {
      String key = key(user);
      present.add(key);
      String namespace = user.getMetadata().getNamespace();
      String name = user.getMetadata().getName();
      if (client.secrets().inNamespace(namespace).withName(name).get() == null) {
        client.resource(userSecret(user)).create();
      }
      users.add(key);
      if (!isReadyForCurrentGeneration(user)) {
        String username = user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication ? "CN=" + name : name;
        user.setStatus(new KafkaUserStatusBuilder()
            .withConditions(condition("True", null, null))
            .withUsername(username)
            .withSecret(name)
            .withObservedGeneration(generation(user))
            .build());
        strimzi.updateStatus(user);
      }
    }
    for (String gone : without(users, present)) {
      String[] namespaceAndName = gone.split("/", 2);
      client.secrets().inNamespace(namespaceAndName[0]).withName(namespaceAndName[1]).delete();
      users.remove(gone);
    }
  }

  /** The Secret Strimzi's User Operator would create: a generated password for SCRAM users. */
  private static Secret userSecret(KafkaUser user) {
    Map<String, String> data = new LinkedHashMap<>();
    if (user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication) {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      data.put("password", base64(password));
      data.put("sasl.jaas.config", base64("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
          + user.getMetadata().getName() + "\" password=\"" + password + "\";"));
    }
    return new SecretBuilder()
        .withNewMetadata()
            .withNamespace(user.getMetadata().getNamespace())
            .withName(user.getMetadata().getName())
            .addToLabels("strimzi.io/kind", "KafkaUser")
            .addToLabels("strimzi.io/cluster", clusterLabel(user))
        .endMetadata()
        .withData(data)
        .build();
  }

  private void reconcileMirrorMakers() {
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

  private String secretValue(String namespace, String secretName, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + secretName + " not found");
    }
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + secretName + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private void reconcileDeployments() {
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

  private static <T extends CustomResource<?, ? extends Status>> boolean isReadyForCurrentGeneration(T resource) {
    Status status = resource.getStatus();
    return status != null && status.getObservedGeneration() == generation(resource) && status.getConditions() != null
        && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Writes a not-ready condition only when it differs from what is stored, so polling does not churn. */
  private <T extends CustomResource<?, ? extends Status>> void setStatusIfChanged(
      T resource, Condition condition, Consumer<Condition> setStatus) {
    Status status = resource.getStatus();
    boolean same = status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> Objects.equals(c.getStatus(), condition.getStatus()) && Objects.equals(c.getReason(), condition.getReason()));
    if (!same) {
      setStatus.accept(condition);
      strimzi.updateStatus(resource);
    }
  }

  private static Condition condition(String status, String reason, String message) {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(Instant.now().toString())
        .build();
  }

  private static String clusterOf(KafkaTopic topic) {
    return topic.getMetadata().getNamespace() + "/" + clusterLabel(topic);
  }

  private static String clusterLabel(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? "" : Objects.requireNonNullElse(labels.get("strimzi.io/cluster"), "");
  }

  private static long generation(HasMetadata resource) {
    return Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 1L);
  }

  private static String marker(HasMetadata resource) {
    return resource.getMetadata().getUid() + ":" + generation(resource);
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static List<String> without(Set<String> known, Set<String> present) {
    return known.stream().filter(key -> !present.contains(key)).toList();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
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

  /** Stops reconciling, then stops every MirrorMaker 2 and cluster it started. */
  @Override
  public void close() throws InterruptedException {
    loop.shutdown();
    if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
      loop.shutdownNow();
    }
    mirrorMakers.values().forEach(running -> closeQuietly(running.handle()));
    mirrorMakers.clear();
    for (String key : clusters.keySet()) {
      String[] namespaceAndName = key.split("/", 2);
      backend.stopCluster(namespaceAndName[0], namespaceAndName[1]);
    }
    clusters.clear();
  }
}
