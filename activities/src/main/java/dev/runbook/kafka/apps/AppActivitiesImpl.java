package dev.runbook.kafka.apps;

import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.activity.PollingWait.Poll;
import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.AppSchemaRegistry;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kernel.FailureType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps as Kubernetes Deployments. Stopping writes the replica count and the current bootstrap
 * servers onto the Deployment (annotations) in the same update that scales it to 0, so a rerun
 * after a crash returns the same snapshot instead of "0 replicas". Every change is an update with
 * optimistic locking; a conflict fails the attempt and the retry reads again.
 */
public final class AppActivitiesImpl implements AppActivities {

  public static final String ORIGINAL_REPLICAS = "runbook.dev/original-replicas";
  public static final String ORIGINAL_BOOTSTRAP = "runbook.dev/original-bootstrap";

  private static final Logger log = LoggerFactory.getLogger(AppActivitiesImpl.class);
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final PollingWait wait;
  private final Heartbeat heartbeat;

  public AppActivitiesImpl(KubernetesClient client, PollingWait wait, Heartbeat heartbeat) {
    this.client = client;
    this.wait = wait;
    this.heartbeat = heartbeat;
  }

  @Override
  public List<String> checkApps(List<AppRef> apps) {
    List<String> problems = new ArrayList<>();
    for (AppRef app : apps) {
      problems.addAll(problems(app, deployment(app)));
    }
    return problems;
  }

  @Override
  public AppSnapshot stopApp(AppRef app) {
    Deployment stopped = retryingConflicts(() -> scaleToZeroRecordingSnapshot(app));
    AppSnapshot snapshot = snapshotOf(app, stopped);
    wait.until("stop of " + app.id(), () -> {
      int pods = client.pods().inNamespace(app.namespace())
          .withLabelSelector(stopped.getSpec().getSelector()).list().getItems().size();
      return pods == 0 ? Poll.done(Boolean.TRUE) : Poll.pending(pods + " pods left");
    }, heartbeat);
    return snapshot;
  }

  /** Records replicas and bootstrap servers in the same update that scales to 0; a rerun keeps the first record. */
  private Deployment scaleToZeroRecordingSnapshot(AppRef app) {
    Deployment deployment = checkedDeployment(app);
    Map<String, String> annotations = annotations(deployment);
    boolean firstStop = !annotations.containsKey(ORIGINAL_REPLICAS);
    if (firstStop) {
      int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
      annotations.put(ORIGINAL_REPLICAS, Integer.toString(replicas));
      annotations.put(ORIGINAL_BOOTSTRAP, Objects.toString(bootstrapServers(app, deployment), ""));
      deployment.getMetadata().setAnnotations(annotations);
    }
    if (firstStop || !Integer.valueOf(0).equals(deployment.getSpec().getReplicas())) {
      deployment.getSpec().setReplicas(0);
      client.resource(deployment).update();
      log.info("scaled {} from {} to 0 replicas", app.id(), annotations.get(ORIGINAL_REPLICAS));
    }
    return deployment;
  }

  private static AppSnapshot snapshotOf(AppRef app, Deployment stopped) {
    Map<String, String> annotations = stopped.getMetadata().getAnnotations();
    return new AppSnapshot(app, Integer.parseInt(annotations.get(ORIGINAL_REPLICAS)), annotations.get(ORIGINAL_BOOTSTRAP));
  }

  @Override
  public void repointApp(RepointRequest request) {
    retryingConflicts(() -> recordOriginalRegistry(request));
    retryingConflicts(() -> repoint(request));
    log.info("{} now points at {}{}", request.app().id(), request.bootstrapServers(),
        request.schemaRegistryUrl() == null ? "" : " and registry " + request.schemaRegistryUrl());
  }

  private Boolean repoint(RepointRequest request) {
    AppRef app = request.app();
    Deployment deployment = checkedDeployment(app);
    boolean deploymentChanged = write(app, deployment, app.bootstrap(), request.bootstrapServers());
    Map<String, String> annotations = annotations(deployment);
    Container container = container(app, deployment);
    if (app.credentials() != null) {
      deploymentChanged |= request.targetSecurity() != null
          ? CredentialDelivery.deliver(KafkaPlanDefaults.userName(app), app.credentials(), request.targetSecurity(),
              container, annotations)
          : CredentialDelivery.restore(container, annotations);
    }
    AppSchemaRegistry registry = app.schemaRegistry();
    if (registry != null && request.schemaRegistryUrl() != null) {
      deploymentChanged |= write(app, deployment, registry.url(), request.schemaRegistryUrl());
      deploymentChanged |= RegistryDelivery.deliver(container, registry);
    } else if (registry != null && annotations.containsKey(RegistryDelivery.ORIGINAL_SCHEMA_REGISTRY)) {
      RegistryDelivery.Original original = RegistryDelivery.read(annotations.remove(RegistryDelivery.ORIGINAL_SCHEMA_REGISTRY));
      deploymentChanged |= write(app, deployment, registry.url(), original.url());
      deploymentChanged |= RegistryDelivery.restore(container, registry, original);
    }
    if (!annotations.equals(annotations(deployment))) {
      deployment.getMetadata().setAnnotations(annotations);
      deploymentChanged = true;
    }
    if (deploymentChanged) {
      client.resource(deployment).update();
    }
    return Boolean.TRUE;
  }

  /**
   * Before an app first goes to the target registry, its registry settings as they are go onto the
   * Deployment in an update of their own: written with the repoint, a ConfigMap or Secret changed
   * before a lost Deployment update would make a retry record the target's URL as the original.
   */
  private Boolean recordOriginalRegistry(RepointRequest request) {
    AppRef app = request.app();
    if (app.schemaRegistry() == null || request.schemaRegistryUrl() == null) {
      return Boolean.FALSE;
    }
    Deployment deployment = checkedDeployment(app);
    Map<String, String> annotations = annotations(deployment);
    if (annotations.containsKey(RegistryDelivery.ORIGINAL_SCHEMA_REGISTRY)) {
      return Boolean.FALSE;
    }
    annotations.put(RegistryDelivery.ORIGINAL_SCHEMA_REGISTRY, RegistryDelivery.record(
        read(app, deployment, app.schemaRegistry().url()), container(app, deployment), app.schemaRegistry()));
    deployment.getMetadata().setAnnotations(annotations);
    client.resource(deployment).update();
    return Boolean.TRUE;
  }

  /**
   * Puts {@code value} where {@code location} says: an env var of the Deployment's container (changed in
   * {@code deployment}, for the caller to update; returns whether it changed) or a ConfigMap or Secret key
   * (updated here at once).
   */
  private boolean write(AppRef app, Deployment deployment, ConfigLocation location, String value) {
    if (location.env() != null) {
      EnvVar variable = AppReferences.envVar(container(app, deployment), location.env());
      if (value.equals(variable.getValue())) {
        return false;
      }
      variable.setValue(value);
      return true;
    }
    if (location.configMap() != null) {
      ConfigMap configMap = configMap(app, location.configMap());
      if (!value.equals(configMap.getData().get(location.key()))) {
        configMap.getData().put(location.key(), value);
        client.resource(configMap).update();
      }
      return false;
    }
    Secret secret = secret(app, location.secret());
    if (!value.equals(secretValue(secret, location.key()))) {
      Map<String, String> data = secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
      data.put(location.key(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
      if (secret.getStringData() != null) {
        secret.getStringData().remove(location.key());
      }
      secret.setData(data);
      client.resource(secret).update();
    }
    return false;
  }

  @Override
  public void startApp(StartRequest request) {
    AppRef app = request.app();
    int replicas = request.replicas();
    retryingConflicts(() -> restoreReplicas(app, replicas));
    wait.until("rollout of " + app.id(), () -> rollout(deployment(app), replicas), heartbeat);
  }

  private Boolean restoreReplicas(AppRef app, int replicas) {
    Deployment deployment = checkedDeployment(app);
    Map<String, String> annotations = annotations(deployment);
    boolean annotated = annotations.remove(ORIGINAL_REPLICAS) != null | annotations.remove(ORIGINAL_BOOTSTRAP) != null;
    if (annotated || !Integer.valueOf(replicas).equals(deployment.getSpec().getReplicas())) {
      deployment.getMetadata().setAnnotations(annotations);
      deployment.getSpec().setReplicas(replicas);
      client.resource(deployment).update();
      log.info("scaled {} to {} replicas", app.id(), replicas);
    }
    return Boolean.TRUE;
  }

  /** An update lost to a concurrent writer (the Deployment controller writes status) is redone on a fresh read. */
  private static <T> T retryingConflicts(Supplier<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return change.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Like {@code kubectl rollout status}: the controller saw this generation and every replica is new and ready. */
  private static Poll<Boolean> rollout(Deployment deployment, int replicas) {
    if (deployment == null) {
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("Deployment disappeared during its rollout");
    }
    DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int current = Objects.requireNonNullElse(status.getReplicas(), 0);
    int ready = Objects.requireNonNullElse(status.getReadyReplicas(), 0);
    if (observed >= generation && updated == replicas && current == replicas && ready == replicas) {
      return Poll.done(Boolean.TRUE);
    }
    return Poll.pending("generation " + observed + "/" + generation + ", updated " + updated + ", replicas " + current
        + ", ready " + ready + " of " + replicas);
  }

  private Deployment checkedDeployment(AppRef app) {
    Deployment deployment = deployment(app);
    List<String> problems = problems(app, deployment);
    if (!problems.isEmpty()) {
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure(String.join("; ", problems));
    }
    return deployment;
  }

  private List<String> problems(AppRef app, Deployment deployment) {
    return AppReferences.problems(app, deployment, name -> configMapOrNull(app, name), name -> secretOrNull(app, name));
  }

  private String bootstrapServers(AppRef app, Deployment deployment) {
    return read(app, deployment, app.bootstrap());
  }

  private String read(AppRef app, Deployment deployment, ConfigLocation location) {
    if (location.env() != null) {
      return AppReferences.envVar(container(app, deployment), location.env()).getValue();
    }
    if (location.configMap() != null) {
      return configMap(app, location.configMap()).getData().get(location.key());
    }
    return secretValue(secret(app, location.secret()), location.key());
  }

  private static String secretValue(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static Container container(AppRef app, Deployment deployment) {
    return AppReferences.container(app, deployment.getSpec().getTemplate().getSpec(), new ArrayList<>());
  }

  private static Map<String, String> annotations(Deployment deployment) {
    return deployment.getMetadata().getAnnotations() == null
        ? new LinkedHashMap<>()
        : new LinkedHashMap<>(deployment.getMetadata().getAnnotations());
  }

  private Deployment deployment(AppRef app) {
    return client.apps().deployments().inNamespace(app.namespace()).withName(app.deployment()).get();
  }

  private ConfigMap configMap(AppRef app, String name) {
    return Objects.requireNonNull(configMapOrNull(app, name), () -> app.id() + ": ConfigMap '" + name + "' not found");
  }

  private Secret secret(AppRef app, String name) {
    return Objects.requireNonNull(secretOrNull(app, name), () -> app.id() + ": Secret '" + name + "' not found");
  }

  private ConfigMap configMapOrNull(AppRef app, String name) {
    return client.configMaps().inNamespace(app.namespace()).withName(name).get();
  }

  private Secret secretOrNull(AppRef app, String name) {
    return client.secrets().inNamespace(app.namespace()).withName(name).get();
  }
}
