package dev.runbook.kafka.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activity.PollingWait;
import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppCredentials;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.AppSchemaRegistry;
import dev.runbook.plan.SecretRef;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.testkit.kubernetes.AppWorld.DeploymentState;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import dev.runbook.testkit.kubernetes.StrimziBackend;
import dev.runbook.testkit.kubernetes.StrimziReconciler;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The app activities against the mock Kubernetes API, with the reconciler playing the Deployment controller. */
class AppActivitiesTest {

  private static MockKubernetes kubernetes;
  private static KubernetesClient reconcilerClient;
  private static StrimziReconciler reconciler;
  private static final List<DeploymentState> appWorld = new CopyOnWriteArrayList<>();
  private static AppActivitiesImpl activities;

  @BeforeAll
  static void start() {
    kubernetes = MockKubernetes.start();
    reconcilerClient = kubernetes.newClient();
    reconciler = StrimziReconciler.start(reconcilerClient, new NoKafka(), appWorld::add);
    activities = new AppActivitiesImpl(kubernetes.client(), new PollingWait(Duration.ofMillis(50), Duration.ofSeconds(30)), details -> { });
  }

  @AfterAll
  static void stop() throws Exception {
    reconciler.close();
    reconcilerClient.close();
    kubernetes.close();
  }

  @Test
  void checkAppsNamesEveryKindOfMissingReference() {
    createDeployment("check", "api", 1, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build(),
        new EnvVarBuilder().withName("FROM_REF").withNewValueFrom().withNewConfigMapKeyRef("bootstrap", "cfg", false)
            .endValueFrom().build(),
        new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "creds", false)
            .endValueFrom().build());
    client().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("check").withName("cfg").endMetadata()
        .addToData("bootstrap", "source:9092").build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("check").withName("creds").endMetadata()
        .addToData("password", base64("p")).build()).create();

    List<String> problems = activities.checkApps(List.of(
        app("check", "ghost", "app", env("BOOTSTRAP")),
        app("check", "api", "sidecar", env("BOOTSTRAP")),
        app("check", "api", "app", env("KAFKA")),
        app("check", "api", "app", env("FROM_REF")),
        app("check", "api", null, new ConfigLocation(null, "nope", null, "bootstrap")),
        app("check", "api", null, new ConfigLocation(null, "cfg", null, "missing")),
        app("check", "api", null, new ConfigLocation(null, null, "creds", "missing")),
        app("check", "api", null, new ConfigLocation("BOOTSTRAP", "cfg", null, "bootstrap")),
        app("check", "api", "app", env("BOOTSTRAP")),
        app("check", "api", null, new ConfigLocation(null, "cfg", null, "bootstrap")),
        app("check", "api", null, new ConfigLocation(null, null, "creds", "password"))));

    assertEquals(List.of(
        "check/ghost: Deployment not found",
        "check/api: container 'sidecar' not found (containers: app)",
        "check/api: env var 'KAFKA' not found in container 'app'",
        "check/api: env var 'FROM_REF' of container 'app' takes its value from a reference; name that ConfigMap or Secret key in the plan instead",
        "check/api: ConfigMap 'nope' not found",
        "check/api: the Deployment does not use ConfigMap 'nope' (env, envFrom or volume)",
        "check/api: ConfigMap 'cfg' has no key 'missing'",
        "check/api: Secret 'creds' has no key 'missing'",
        "check/api: the bootstrap location must name exactly one of env, configMap+key, secret+key"), problems);
  }

  @Test
  void stopRecordsTheSnapshotWaitsForPodsAndARerunAfterACrashReturnsTheSameSnapshot() {
    createDeployment("stop", "consumer", 3, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build());
    AppRef app = app("stop", "consumer", "app", env("BOOTSTRAP"));
    awaitPods("stop", 3);

    AppSnapshot snapshot = activities.stopApp(app);

    assertEquals(new AppSnapshot(app, 3, "source:9092"), snapshot);
    assertEquals(0, pods("stop"));
    Deployment stopped = deployment("stop", "consumer");
    assertEquals(0, stopped.getSpec().getReplicas());
    assertEquals("3", stopped.getMetadata().getAnnotations().get(AppActivitiesImpl.ORIGINAL_REPLICAS));
    assertEquals("source:9092", stopped.getMetadata().getAnnotations().get(AppActivitiesImpl.ORIGINAL_BOOTSTRAP));
    assertEquals(0, lastState("stop", "consumer").replicas());

    assertEquals(new AppSnapshot(app, 3, "source:9092"), activities.stopApp(app));
  }

  @Test
  void repointsAnEnvVarAndStartRestoresReplicasAndClearsTheSnapshot() {
    createDeployment("env", "producer", 2, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build());
    AppRef app = app("env", "producer", "app", env("BOOTSTRAP"));
    AppSnapshot snapshot = activities.stopApp(app);

    activities.repointApp(new RepointRequest(app, "target:9092"));
    activities.repointApp(new RepointRequest(app, "target:9092"));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    Deployment started = deployment("env", "producer");
    assertEquals(2, started.getSpec().getReplicas());
    assertEquals(2, started.getStatus().getReadyReplicas());
    assertFalse(started.getMetadata().getAnnotations().containsKey(AppActivitiesImpl.ORIGINAL_REPLICAS));
    assertFalse(started.getMetadata().getAnnotations().containsKey(AppActivitiesImpl.ORIGINAL_BOOTSTRAP));
    assertEquals(2, pods("env"));
    assertEquals(new DeploymentState("env", "producer", 2, Map.of("BOOTSTRAP", "target:9092")), lastState("env", "producer"));
  }

  @Test
  void deliversCredentialsAsReferencesToTheOperatorsSecretsAndRestoresTheOriginalsExactly() {
    var original = List.of(
        new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build(),
        new EnvVarBuilder().withName("PROTOCOL").withValue("SASL_SSL").build(),
        new EnvVarBuilder().withName("JAAS").withNewValueFrom().withNewSecretKeyRef("jaas", "confluent-key", false)
            .endValueFrom().build());
    createDeployment("secure", "billing", 1, original.toArray(io.fabric8.kubernetes.api.model.EnvVar[]::new));
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("secure").withName("confluent-key").endMetadata()
        .addToData("jaas", base64("source-jaas")).build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("secure").withName("billing").endMetadata()
        .addToData("sasl.jaas.config", base64("billing-jaas")).addToData("password", base64("pw")).build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("secure").withName("orders-cluster-ca-cert")
        .endMetadata().addToData("ca.crt", base64("CA PEM")).build()).create();
    AppRef app = new AppRef("secure", "billing", "app", env("BOOTSTRAP"),
        new AppCredentials("PROTOCOL", "MECHANISM", "JAAS", "TRUSTSTORE", null, null));
    var security = new TargetSecurity(TargetSecurity.Authentication.SCRAM_SHA_512, true, "orders-cluster-ca-cert");
    AppSnapshot snapshot = activities.stopApp(app);

    activities.repointApp(new RepointRequest(app, "target:9093", security, null));
    activities.repointApp(new RepointRequest(app, "target:9093", security, null));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    var env = deployment("secure", "billing").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertEquals("billing", env.get(2).getValueFrom().getSecretKeyRef().getName());
    assertEquals("sasl.jaas.config", env.get(2).getValueFrom().getSecretKeyRef().getKey());
    assertEquals(Map.of("BOOTSTRAP", "target:9093", "PROTOCOL", "SASL_SSL", "MECHANISM", "SCRAM-SHA-512",
        "JAAS", "billing-jaas", "TRUSTSTORE", "CA PEM"), lastState("secure", "billing").env());

    activities.stopApp(app);
    activities.repointApp(new RepointRequest(app, snapshot.bootstrapServers()));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    Deployment restored = deployment("secure", "billing");
    assertEquals(original, restored.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    assertFalse(restored.getMetadata().getAnnotations().containsKey(CredentialDelivery.ORIGINAL_CREDENTIALS));
    assertEquals(Map.of("BOOTSTRAP", "source:9092", "PROTOCOL", "SASL_SSL", "JAAS", "source-jaas"),
        lastState("secure", "billing").env());
  }

  @Test
  void givesAnAppTheTargetRegistryAsAUrlAndASecretKeyRefAndRollbackRestoresBothExactly() {
    var original = List.of(
        new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build(),
        new EnvVarBuilder().withName("SR_USER_INFO").withNewValueFrom().withNewSecretKeyRef("user-info", "confluent-sr", false)
            .endValueFrom().build());
    client().resource(deploymentBuilder("registry", "orders", 1).editSpec().editTemplate().editSpec().editFirstContainer()
        .withEnv(original).withEnvFrom(new EnvFromSourceBuilder().withNewConfigMapRef("serde", false).build())
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    client().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("registry").withName("serde").endMetadata()
        .addToData("schema.registry.url", "https://psrc-1.confluent.cloud").build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("registry").withName("confluent-sr").endMetadata()
        .addToData("user-info", base64("KEY:SECRET")).build()).create();
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("registry").withName("apicurio-sr").endMetadata()
        .addToData("user-info", base64("orders:pw")).build()).create();
    AppRef app = new AppRef("registry", "orders", "app", env("BOOTSTRAP"), null, null, null,
        new AppSchemaRegistry(new ConfigLocation(null, "serde", null, "schema.registry.url"), "SR_USER_INFO",
            SecretRef.kubernetes(null, "apicurio-sr", "user-info")));
    assertEquals(List.of(), activities.checkApps(List.of(app)));
    AppSnapshot snapshot = activities.stopApp(app);

    activities.repointApp(new RepointRequest(app, "target:9092", null, "http://apicurio:8080/apis/ccompat/v7"));
    activities.repointApp(new RepointRequest(app, "target:9092", null, "http://apicurio:8080/apis/ccompat/v7"));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    assertEquals("http://apicurio:8080/apis/ccompat/v7",
        client().configMaps().inNamespace("registry").withName("serde").get().getData().get("schema.registry.url"));
    var delivered = deployment("registry", "orders").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1);
    assertEquals("SR_USER_INFO", delivered.getName());
    assertEquals("apicurio-sr", delivered.getValueFrom().getSecretKeyRef().getName());
    assertEquals("user-info", delivered.getValueFrom().getSecretKeyRef().getKey());
    assertEquals(Map.of("BOOTSTRAP", "target:9092", "SR_USER_INFO", "orders:pw",
        "schema.registry.url", "http://apicurio:8080/apis/ccompat/v7"), lastState("registry", "orders").env());

    activities.stopApp(app);
    activities.repointApp(new RepointRequest(app, snapshot.bootstrapServers()));
    activities.repointApp(new RepointRequest(app, snapshot.bootstrapServers()));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    Deployment restored = deployment("registry", "orders");
    assertEquals(original, restored.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    assertFalse(restored.getMetadata().getAnnotations().containsKey(RegistryDelivery.ORIGINAL_SCHEMA_REGISTRY));
    assertEquals("https://psrc-1.confluent.cloud",
        client().configMaps().inNamespace("registry").withName("serde").get().getData().get("schema.registry.url"));
    assertEquals(Map.of("BOOTSTRAP", "source:9092", "SR_USER_INFO", "KEY:SECRET",
        "schema.registry.url", "https://psrc-1.confluent.cloud"), lastState("registry", "orders").env());
  }

  @Test
  void aTargetRegistryWithoutCredentialsTakesTheUserInfoAwayAndRollbackBringsItBack() {
    createDeployment("plain-registry", "orders", 1, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build(),
        new EnvVarBuilder().withName("SR_URL").withValue("https://psrc-1.confluent.cloud").build(),
        new EnvVarBuilder().withName("SR_USER_INFO").withValue("KEY:SECRET").build());
    AppRef app = new AppRef("plain-registry", "orders", "app", env("BOOTSTRAP"), null, null, null,
        new AppSchemaRegistry(env("SR_URL"), "SR_USER_INFO", null));
    AppSnapshot snapshot = activities.stopApp(app);

    activities.repointApp(new RepointRequest(app, "target:9092", null, "http://apicurio:8080/apis/ccompat/v7"));
    activities.startApp(new StartRequest(app, snapshot.replicas()));
    assertEquals(Map.of("BOOTSTRAP", "target:9092", "SR_URL", "http://apicurio:8080/apis/ccompat/v7"),
        lastState("plain-registry", "orders").env());

    activities.stopApp(app);
    activities.repointApp(new RepointRequest(app, snapshot.bootstrapServers()));
    activities.startApp(new StartRequest(app, snapshot.replicas()));
    assertEquals(Map.of("BOOTSTRAP", "source:9092", "SR_URL", "https://psrc-1.confluent.cloud", "SR_USER_INFO", "KEY:SECRET"),
        lastState("plain-registry", "orders").env());
  }

  @Test
  void checkingAnAppNamesItsMissingRegistrySettings() {
    createDeployment("no-registry", "orders", 1, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build());
    AppRef app = new AppRef("no-registry", "orders", "app", env("BOOTSTRAP"), null, null, null,
        new AppSchemaRegistry(env("SR_URL"), "SR_USER_INFO", SecretRef.kubernetes(null, "apicurio-sr", "user-info")));

    assertEquals(List.of("no-registry/orders: env var 'SR_URL' not found in container 'app'",
            "no-registry/orders: Secret 'apicurio-sr' (the target registry's user info) not found"),
        activities.checkApps(List.of(app)));
  }

  @Test
  void repointsAConfigMapKeyThatTheAppReadsThroughEnvFrom() {
    client().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("cm").withName("kafka").endMetadata()
        .addToData("bootstrap.servers", "source:9092").build()).create();
    createDeployment("cm", "consumer", 1, List.of(new EnvFromSourceBuilder().withNewConfigMapRef("kafka", false).build()));
    AppRef app = app("cm", "consumer", null, new ConfigLocation(null, "kafka", null, "bootstrap.servers"));

    AppSnapshot snapshot = activities.stopApp(app);
    activities.repointApp(new RepointRequest(app, "target:9092"));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    assertEquals("source:9092", snapshot.bootstrapServers());
    assertEquals("target:9092", client().configMaps().inNamespace("cm").withName("kafka").get().getData().get("bootstrap.servers"));
    assertEquals(new DeploymentState("cm", "consumer", 1, Map.of("bootstrap.servers", "target:9092")), lastState("cm", "consumer"));
  }

  @Test
  void repointsASecretKeyBase64Encoded() {
    client().resource(new SecretBuilder().withNewMetadata().withNamespace("secret").withName("kafka").endMetadata()
        .addToData("bootstrap", base64("source:9092")).build()).create();
    createDeployment("secret", "consumer", 1, new EnvVarBuilder().withName("BOOTSTRAP").withNewValueFrom()
        .withNewSecretKeyRef("bootstrap", "kafka", false).endValueFrom().build());
    AppRef app = app("secret", "consumer", "app", new ConfigLocation(null, null, "kafka", "bootstrap"));

    AppSnapshot snapshot = activities.stopApp(app);
    activities.repointApp(new RepointRequest(app, "target:9092"));
    activities.startApp(new StartRequest(app, snapshot.replicas()));

    assertEquals("source:9092", snapshot.bootstrapServers());
    assertEquals(base64("target:9092"), client().secrets().inNamespace("secret").withName("kafka").get().getData().get("bootstrap"));
    assertEquals(new DeploymentState("secret", "consumer", 1, Map.of("BOOTSTRAP", "target:9092")), lastState("secret", "consumer"));
  }

  @Test
  void stoppingAnAppThePlanMisdescribesFailsPermanently() {
    createDeployment("wrong", "consumer", 1, new EnvVarBuilder().withName("BOOTSTRAP").withValue("source:9092").build());

    var failure = assertThrows(ApplicationFailure.class, () -> activities.stopApp(app("wrong", "consumer", "app", env("KAFKA"))));

    assertEquals("PlanDoesNotMatchReality", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals("wrong/consumer: env var 'KAFKA' not found in container 'app'", failure.getOriginalMessage());
    assertEquals(1, deployment("wrong", "consumer").getSpec().getReplicas());
  }

  private static void createDeployment(String namespace, String name, int replicas, io.fabric8.kubernetes.api.model.EnvVar... env) {
    client().resource(deploymentBuilder(namespace, name, replicas)
        .editSpec().editTemplate().editSpec().editFirstContainer().withEnv(env).endContainer().endSpec().endTemplate().endSpec()
        .build()).create();
  }

  private static void createDeployment(String namespace, String name, int replicas,
      List<io.fabric8.kubernetes.api.model.EnvFromSource> envFrom) {
    client().resource(deploymentBuilder(namespace, name, replicas)
        .editSpec().editTemplate().editSpec().editFirstContainer().withEnvFrom(envFrom).endContainer().endSpec().endTemplate().endSpec()
        .build()).create();
  }

  private static DeploymentBuilder deploymentBuilder(String namespace, String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector().addToMatchLabels("app", name).endSelector()
            .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("example/app:1").build()).endSpec()
            .endTemplate()
        .endSpec();
  }

  private static void awaitPods(String namespace, int count) {
    new PollingWait(Duration.ofMillis(50), Duration.ofSeconds(30)).until("pods in " + namespace,
        () -> pods(namespace) == count ? PollingWait.Poll.done(Boolean.TRUE) : PollingWait.Poll.pending(pods(namespace) + " pods"),
        details -> { });
  }

  private static int pods(String namespace) {
    return client().pods().inNamespace(namespace).list().getItems().size();
  }

  private static Deployment deployment(String namespace, String name) {
    return client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static DeploymentState lastState(String namespace, String name) {
    return appWorld.stream()
        .filter(state -> state.namespace().equals(namespace) && state.name().equals(name))
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  private static AppRef app(String namespace, String deployment, String container, ConfigLocation location) {
    return new AppRef(namespace, deployment, container, location);
  }

  private static ConfigLocation env(String variable) {
    return new ConfigLocation(variable, null, null, null);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static KubernetesClient client() {
    return kubernetes.client();
  }

  /** These tests create no Kafka resources; any call here is a bug. */
  private static final class NoKafka implements StrimziBackend {
    @Override
    public RunningCluster startCluster(String namespace, String name) {
      throw new AssertionError("unexpected Kafka " + namespace + "/" + name);
    }

    @Override
    public void stopCluster(String namespace, String name) {
      throw new AssertionError("unexpected stop of " + namespace + "/" + name);
    }

    @Override
    public void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs) {
      throw new AssertionError("unexpected topic " + topic);
    }

    @Override
    public void deleteTopic(String bootstrapServers, String topic) {
      throw new AssertionError("unexpected topic deletion " + topic);
    }

    @Override
    public AutoCloseable startMirrorMaker(Map<String, String> properties) {
      throw new AssertionError("unexpected MirrorMaker 2");
    }
  }
}
