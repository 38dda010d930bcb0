package dev.runbook.testkit.world;

import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.kafka.InProcessMirrorMaker2;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.TcpSwitch;
import dev.runbook.testkit.kafka.RecordingConsumer;
import dev.runbook.testkit.kafka.SequenceProducer;
import dev.runbook.testkit.kubernetes.AppWorld;
import dev.runbook.testkit.kubernetes.MockKubernetes;
import dev.runbook.testkit.kubernetes.StrimziBackend;
import dev.runbook.testkit.kubernetes.StrimziReconciler;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import dev.runbook.testkit.tls.TestCertificates;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The Kafka runbook's world on one machine: a "Confluent" source cluster with live producers and
 * consumers, a Kubernetes API (fabric8 mock) whose Deployments are those apps, and a reconciler
 * that plays Strimzi with real KRaft clusters and a real MirrorMaker 2 built from the resources
 * the runbook creates. A Kafka resource whose listener has TLS and SCRAM-SHA-512 gets a target
 * that authenticates and authorizes every client (see {@link KafkaTestCluster#startAuthorizing}),
 * and the sample apps connect with the security settings their Deployment's env gives them. With
 * {@link RehearsalRegistries} the apps write and read Avro in Confluent's wire format through the
 * registry their Deployment's env names (the source's until the runbook repoints them), and the
 * registries' late version is registered when MirrorMaker 2 starts. The end-to-end tests and the lab
 * both run the runbook against it.
 */
public final class KafkaRehearsal implements AutoCloseable {

  public static final String NAMESPACE = "shop";
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  /** The env vars a sample app reads its security settings from, and the client property each one sets. */
  public static final Map<String, String> SECURITY_ENV = Map.of(
      "KAFKA_SECURITY_PROTOCOL", "security.protocol",
      "KAFKA_SASL_MECHANISM", "sasl.mechanism",
      "KAFKA_SASL_JAAS_CONFIG", "sasl.jaas.config",
      "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", "ssl.truststore.certificates");
  /** The env vars a sample app reads its Schema Registry from: Confluent's schema.registry.url and basic.auth.user.info. */
  public static final String REGISTRY_URL_ENV = "SCHEMA_REGISTRY_URL";
  public static final String REGISTRY_USER_INFO_ENV = "SCHEMA_REGISTRY_USER_INFO";
  /** The Secret (key {@code user-info}) holding the apps' credentials for the target registry. */
  public static final String TARGET_REGISTRY_SECRET = "target-registry";

  /**
   * How one consumer group's records were decoded: those processed on the target, how many of them
   * through the target registry, how many carried the late version's ID, and every batch it could not decode.
   */
  public record Decoding(long onTarget, long throughTargetRegistry, long withLateVersion, List<String> failures) {

    /** Every record processed on the target was decoded through the target registry, none failed. */
    public boolean everyRecordThroughTheTarget() {
      return onTarget == throughTargetRegistry && failures.isEmpty();
    }
  }

  /** A topic with its producing app and its consuming group's app. */
  public record Flow(String topic, int partitions, String producer, String consumerGroup, String consumer, boolean configMap) {}

  /** The default world: orders read by one group, payments by another. */
  public static final List<Flow> FLOWS = flows(2, 2);

  /**
   * A world of {@code topics} topics, each with its producer, read by {@code groups} consumer groups
   * (group i reads topic i mod topics; so every topic has a group, {@code groups >= topics}). The first
   * two are always orders (3 partitions, read by orders-processor) and payments (2 partitions, read by
   * payments-ledger, whose bootstrap comes from a ConfigMap); odd-numbered groups take theirs from a ConfigMap.
   */
  public static List<Flow> flows(int topics, int groups) {
    if (topics < 1 || groups < topics) {
      throw new IllegalArgumentException("need at least one topic and at least as many consumer groups as topics (got "
          + topics + " topics, " + groups + " groups)");
    }
    List<Flow> flows = new ArrayList<>();
    for (int group = 0; group < groups; group++) {
      int topic = group % topics;
      String name = topic == 0 ? "orders" : topic == 1 ? "payments" : "events-" + (topic + 1);
      String consumer = group == 0 ? "orders-processor" : group == 1 ? "payments-ledger" : name + "-reader-" + (group + 1);
      flows.add(new Flow(name, topic == 1 ? 2 : 3, name + "-producer", consumer, consumer, group % 2 == 1));
    }
    return List.copyOf(flows);
  }

  private static final String SOURCE_API_KEY = "CCLOUDKEY42";
  private static final String SOURCE_API_SECRET = "ccloud-secret-for-the-rehearsal";
  private static final String SOURCE_API_KEY_ENV = "CONFLUENT_API_KEY";
  private static final String SOURCE_API_SECRET_ENV = "CONFLUENT_API_SECRET";
  private static final String SOURCE_CA_ENV = "CONFLUENT_CA_PEM";

  private final KafkaTestCluster source;
  /** The CA of the source's SASL_SSL listener; null for a source with only the plaintext listener. */
  private TestCertificates sourceCertificates;
  private final MockKubernetes kubernetes;
  private final StrimziReconciler reconciler;
  private final Map<String, SampleApp> apps = new LinkedHashMap<>();
  private final Map<String, KafkaTestCluster> targets = new ConcurrentHashMap<>();
  /** Where clients of each target connect: its plaintext listener, or its SASL_SSL one when secured. */
  private final Map<String, String> clientBootstraps = new ConcurrentHashMap<>();
  private final List<AutoCloseable> mirrorMakers = new ArrayList<>();
  private final TargetNetwork targetNetwork;
  private final List<Flow> flows;
  private final RehearsalRegistries registries;

  /** How target clusters are reached: directly, or through a {@link TcpSwitch} a test can cut. */
  public enum TargetNetwork { DIRECT, SWITCHED }

  private KafkaRehearsal(KafkaTestCluster source, MockKubernetes kubernetes, int recordsPerSecond, TargetNetwork targetNetwork,
      List<Flow> flows, RehearsalRegistries registries) {
    this.source = source;
    this.kubernetes = kubernetes;
    this.targetNetwork = targetNetwork;
    this.flows = flows;
    this.registries = registries;
    for (Flow flow : flows) {
      apps.putIfAbsent(NAMESPACE + "/" + flow.producer(),
          SampleApp.of(new SequenceProducer(flow.topic(), flow.producer(), recordsPerSecond, 0)));
      apps.put(NAMESPACE + "/" + flow.consumer(), SampleApp.of(new RecordingConsumer(flow.consumerGroup(), List.of(flow.topic()))));
    }
    this.reconciler = StrimziReconciler.start(kubernetes.client(), new Backend(), this::onDeploymentChanged);
  }

  /** Starts the source, the Kubernetes API, the reconciler and every app (on the source). */
  public static KafkaRehearsal start(int recordsPerSecond) {
    return start(recordsPerSecond, TargetNetwork.DIRECT);
  }

  /** As {@link #start(int)}; with {@link TargetNetwork#SWITCHED} every target cluster sits behind a {@link TcpSwitch}. */
  public static KafkaRehearsal start(int recordsPerSecond, TargetNetwork targetNetwork) {
    return start(recordsPerSecond, targetNetwork, FLOWS);
  }

  /** As {@link #start(int, TargetNetwork)}, with the topics and groups of {@code flows} (see {@link #flows(int, int)}). */
  public static KafkaRehearsal start(int recordsPerSecond, TargetNetwork targetNetwork, List<Flow> flows) {
    return start(recordsPerSecond, targetNetwork, flows, 0);
  }

  /**
   * As {@link #start(int, TargetNetwork, List)}, with a backlog on the source: before any app starts, each
   * producer writes {@code backlogPerPartition} records to every partition of its topic (counted in the
   * delivery accounts like any other), so that MirrorMaker 2 has a build-up to copy and the catch-up a lag to show.
   */
  public static KafkaRehearsal start(int recordsPerSecond, TargetNetwork targetNetwork, List<Flow> flows, int backlogPerPartition) {
    return start(recordsPerSecond, targetNetwork, flows, backlogPerPartition, (RehearsalRegistries) null);
  }

  /**
   * As {@link #start(int, TargetNetwork, List, int)}, with the apps' records in Avro through {@code registries}
   * (null: plain records, no registry), which the rehearsal does not close.
   */
  public static KafkaRehearsal start(int recordsPerSecond, TargetNetwork targetNetwork, List<Flow> flows, int backlogPerPartition,
      RehearsalRegistries registries) {
    return start(recordsPerSecond, targetNetwork, flows, backlogPerPartition, registries, KafkaTestCluster.start("confluent"), null);
  }

  /**
   * As {@link #start(int, TargetNetwork, List, int, RehearsalRegistries)} with the default flows, and a
   * source reached as Confluent Cloud is: besides the apps' own plaintext listener, a SASL_SSL listener
   * with PLAIN authentication (an API key and secret) and a certificate from a CA of its own, which
   * {@link #sourceEndpoint()} names for the runbook and MirrorMaker 2, with the credentials in
   * {@link #sourceEnvironment()}.
   */
  public static KafkaRehearsal startWithConfluentLikeSource(int recordsPerSecond, RehearsalRegistries registries) {
    TestCertificates certificates = TestCertificates.create("confluent");
    KafkaTestCluster source = KafkaTestCluster.startSecured("confluent", certificates, Map.of(SOURCE_API_KEY, SOURCE_API_SECRET));
    return start(recordsPerSecond, TargetNetwork.DIRECT, FLOWS, 0, registries, source, certificates);
  }

  private static KafkaRehearsal start(int recordsPerSecond, TargetNetwork targetNetwork, List<Flow> flows, int backlogPerPartition,
      RehearsalRegistries registries, KafkaTestCluster source, TestCertificates sourceCertificates) {
    if (backlogPerPartition < 0) {
      source.close();
      throw new IllegalArgumentException("the backlog cannot be negative (got " + backlogPerPartition + ")");
    }
    flows.stream().filter(distinctBy(Flow::topic)).forEach(flow -> source.createTopic(flow.topic(), flow.partitions()));
    MockKubernetes kubernetes = MockKubernetes.start();
    KafkaRehearsal world = new KafkaRehearsal(source, kubernetes, recordsPerSecond, targetNetwork, flows, registries);
    world.sourceCertificates = sourceCertificates;
    if (backlogPerPartition > 0) {
      SerdeRegistryClient registry = registries == null ? null : new SerdeRegistryClient(registries.sourceApi());
      flows.stream().filter(distinctBy(Flow::producer)).forEach(flow ->
          world.producerOf(flow).produceBacklog(source.bootstrapServers(), backlogPerPartition, registry));
    }
    if (registries != null) {
      kubernetes.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
          .withNewMetadata().withName(TARGET_REGISTRY_SECRET).withNamespace(NAMESPACE).endMetadata()
          .addToStringData("user-info", "shop-apps:target-registry-password").build()).create();
    }
    flows.forEach(world::deploy);
    world.awaitGroupsCommitting(Duration.ofSeconds(60));
    return world;
  }

  /** A production source has live groups with committed offsets; wait until ours are there too. */
  private void awaitGroupsCommitting(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = source.admin()) {
      for (Flow flow : flows) {
        while (admin.listConsumerGroupOffsets(flow.consumerGroup()).partitionsToOffsetAndMetadata().get().isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("group " + flow.consumerGroup() + " committed nothing within " + timeout);
          }
          Thread.sleep(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the sample consumers", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the sample groups' offsets", e.getCause());
    }
  }

  public String sourceBootstrap() {
    return source.bootstrapServers();
  }

  /**
   * How the runbook reaches the source: its SASL_SSL listener with an API key over PLAIN and the
   * source's CA, all by environment variable ({@link #sourceEnvironment()}), for a world started by
   * {@link #startWithConfluentLikeSource}; else the plaintext listener the apps use.
   */
  public KafkaEndpoint sourceEndpoint() {
    if (sourceCertificates == null) {
      return KafkaEndpoint.plaintext(source.bootstrapServers());
    }
    return new KafkaEndpoint(source.bootstrapServers(KafkaTestCluster.SecureListener.SASL_SSL), "SASL_SSL", "PLAIN",
        SecretRef.env(SOURCE_API_KEY_ENV), SecretRef.env(SOURCE_API_SECRET_ENV), SecretRef.env(SOURCE_CA_ENV));
  }

  /** The worker's environment that {@link #sourceEndpoint()} refers to; empty for a plaintext source. */
  public Map<String, String> sourceEnvironment() {
    if (sourceCertificates == null) {
      return Map.of();
    }
    return Map.of(SOURCE_API_KEY_ENV, SOURCE_API_KEY, SOURCE_API_SECRET_ENV, SOURCE_API_SECRET,
        SOURCE_CA_ENV, sourceCertificates.authorityPem());
  }

  public KubernetesClient kubernetes() {
    return kubernetes.client();
  }

  /** Where each app runs now ({@code namespace/name} → bootstrap servers, or "stopped"). */
  public Map<String, String> placements() {
    Map<String, String> placements = new LinkedHashMap<>();
    apps.forEach((id, app) -> placements.put(id, app.placement()));
    return placements;
  }

  /** Stops every producer (consumers keep going), so that consumers can drain what was produced. */
  public void stopProducers() {
    flows.forEach(flow -> apps.get(NAMESPACE + "/" + flow.producer()).stop());
  }

  /** Waits until every consumer has processed every produced sequence (or the timeout passes). */
  public Map<String, DeliveryAccount> awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, DeliveryAccount> accounts = accounts();
    while (System.nanoTime() < deadline && accounts.values().stream().anyMatch(a -> a.lost() > 0)) {
      Thread.sleep(200);
      accounts = accounts();
    }
    return accounts;
  }

  /** Per consumer group: produced, processed, duplicated, lost. */
  public Map<String, DeliveryAccount> accounts() {
    Map<String, DeliveryAccount> accounts = new LinkedHashMap<>();
    for (Flow flow : flows) {
      SequenceProducer producer = producerOf(flow);
      RecordingConsumer consumer = (RecordingConsumer) apps.get(NAMESPACE + "/" + flow.consumer()).app;
      accounts.put(flow.consumerGroup(), DeliveryAccount.of(producer.produced(), consumer.processed()));
    }
    return accounts;
  }

  /** Per consumer group, how its records were decoded (empty without registries). */
  public Map<String, Decoding> decodings() {
    Map<String, Decoding> decodings = new LinkedHashMap<>();
    if (registries == null) {
      return decodings;
    }
    String targetRegistry = registries.targetApi().toString();
    for (Flow flow : flows) {
      RecordingConsumer consumer = (RecordingConsumer) apps.get(NAMESPACE + "/" + flow.consumer()).app;
      List<RecordingConsumer.ProcessedRecord> onTarget = consumer.processed().stream()
          .filter(record -> !record.bootstrapServers().equals(source.bootstrapServers())).toList();
      decodings.put(flow.consumerGroup(), new Decoding(onTarget.size(),
          onTarget.stream().filter(record -> targetRegistry.equals(record.registry())).count(),
          onTarget.stream().filter(record -> record.schemaId() == registries.lateVersionId()).count(),
          consumer.decodeFailures()));
    }
    return decodings;
  }

  /**
   * {@code plan} with the registries' {@code schemaRegistry} section and, for every app, where it keeps
   * its registry settings ({@link #REGISTRY_URL_ENV}, {@link #REGISTRY_USER_INFO_ENV}, the target's
   * credentials from {@link #TARGET_REGISTRY_SECRET}); {@code plan} as it is without registries.
   */
  public KafkaMigrationPlan withSchemaRegistry(KafkaMigrationPlan plan) {
    if (registries == null) {
      return plan;
    }
    KafkaMigrationPlan.AppSchemaRegistry settings = new KafkaMigrationPlan.AppSchemaRegistry(
        new KafkaMigrationPlan.ConfigLocation(REGISTRY_URL_ENV, null, null, null), REGISTRY_USER_INFO_ENV,
        SecretRef.kubernetes(null, TARGET_REGISTRY_SECRET, "user-info"));
    UnaryOperator<AppRef> withSettings = app -> new AppRef(app.namespace(), app.deployment(), app.container(), app.bootstrap(),
        app.credentials(), app.topics(), app.transactionalId(), settings);
    KafkaMigrationPlan.Cutover cutover = plan.cutover();
    return new KafkaMigrationPlan(plan.migrationId(), plan.source(), plan.target(), plan.topics(), plan.replication(),
        plan.verification(), new KafkaMigrationPlan.Cutover(cutover.order(), cutover.consumerGroups().stream()
            .map(group -> new KafkaMigrationPlan.ConsumerGroupCutover(group.group(), group.apps().stream().map(withSettings).toList(),
                group.isolation())).toList(),
            cutover.producers().stream().map(withSettings).toList(), cutover.parallelism(), cutover.unplannedClients(),
            cutover.fenceWindow()),
        plan.decommission(), plan.approvals(), plan.authorization(), registries.planSection());
  }

  private SequenceProducer producerOf(Flow flow) {
    return (SequenceProducer) apps.get(NAMESPACE + "/" + flow.producer()).app;
  }

  /** Bootstrap servers of the target clusters the reconciler has started, by {@code namespace/name}. */
  public Map<String, String> targetClusters() {
    Map<String, String> clusters = new LinkedHashMap<>();
    targets.keySet().forEach(key -> clusters.put(key, clientBootstraps.get(key)));
    return clusters;
  }

  /** The switch in front of a target cluster ({@code namespace/name}) started with {@link TargetNetwork#SWITCHED}. */
  public TcpSwitch targetNetwork(String cluster) {
    KafkaTestCluster target = targets.get(cluster);
    if (target == null) {
      throw new IllegalStateException("no target cluster " + cluster + "; running: " + targets.keySet());
    }
    return target.network();
  }

  /**
   * The lab plan {@code template} ({@code deploy/examples/kafka-lab-plan.yaml}) for this world: its source's
   * bootstrap servers, every topic, and every group's and producer's app in the cutover.
   */
  public String plan(String template) {
    return plan(template, flows, source.bootstrapServers());
  }

  /** The lab plan {@code template} for a world of {@code flows} whose source is at {@code sourceBootstrap}. */
  public static String plan(String template, List<Flow> flows, String sourceBootstrap) {
    int groupsAt = template.indexOf("  consumerGroups:\n");
    int groupsEnd = template.indexOf("decommission:");
    if (groupsAt < 0 || groupsEnd < groupsAt || !template.contains(TEMPLATE_TOPICS)) {
      throw new IllegalArgumentException("the lab plan template has no '" + TEMPLATE_TOPICS.trim() + "' or no cutover section");
    }
    boolean secured = !template.contains("  authentication: none");
    StringBuilder cutover = new StringBuilder("  consumerGroups:\n");
    for (Flow flow : flows) {
      cutover.append("    - group: ").append(flow.consumerGroup()).append("\n      apps:\n        - ")
          .append(app(flow.consumer(), flow.configMap() ? "{configMap: " + flow.consumer() + ", key: bootstrap.servers}"
              : "{env: " + BOOTSTRAP_ENV + "}", secured)).append('\n');
    }
    cutover.append("  producers:\n");
    flows.stream().filter(distinctBy(Flow::producer)).forEach(flow ->
        cutover.append("    - ").append(app(flow.producer(), "{env: " + BOOTSTRAP_ENV + "}", secured)).append('\n'));
    String topics = String.join("|", flows.stream().map(Flow::topic).distinct().toList());
    return (template.substring(0, groupsAt) + cutover + template.substring(groupsEnd))
        .replace(TEMPLATE_TOPICS, "  include: \"" + topics + "\"")
        .replace("SOURCE_BOOTSTRAP", sourceBootstrap);
  }

  private static final String TEMPLATE_TOPICS = "  include: \"orders|payments\"";

  /** An app of the cutover; on a secured target with the env vars of {@link #SECURITY_ENV} its credentials go to. */
  private static String app(String deployment, String bootstrap, boolean secured) {
    return "{namespace: " + NAMESPACE + ", deployment: " + deployment + ", container: app, bootstrap: " + bootstrap
        + (secured ? ",\n           credentials: {securityProtocol: KAFKA_SECURITY_PROTOCOL, saslMechanism: KAFKA_SASL_MECHANISM,"
            + " saslJaasConfig: KAFKA_SASL_JAAS_CONFIG, truststore: KAFKA_SSL_TRUSTSTORE_CERTIFICATES}" : "") + "}";
  }

  private static <T> Predicate<T> distinctBy(Function<T, Object> key) {
    Set<Object> seen = new HashSet<>();
    return item -> seen.add(key.apply(item));
  }

  private void deploy(Flow flow) {
    if (kubernetes.client().apps().deployments().inNamespace(NAMESPACE).withName(flow.producer()).get() == null) {
      deployment(flow.producer(), new EnvVarBuilder().withName(BOOTSTRAP_ENV).withValue(source.bootstrapServers()).build());
    }
    if (flow.configMap()) {
      kubernetes.client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
          .withNewMetadata().withName(flow.consumer()).withNamespace(NAMESPACE).endMetadata()
          .addToData("bootstrap.servers", source.bootstrapServers())
          .build()).create();
      deployment(flow.consumer(), new EnvVarBuilder().withName(BOOTSTRAP_ENV)
          .withNewValueFrom().withNewConfigMapKeyRef("bootstrap.servers", flow.consumer(), false).endValueFrom().build());
    } else {
      deployment(flow.consumer(), new EnvVarBuilder().withName(BOOTSTRAP_ENV).withValue(source.bootstrapServers()).build());
    }
  }

  private void deployment(String name, EnvVar bootstrap) {
    List<EnvVar> env = new ArrayList<>(List.of(bootstrap));
    if (registries != null) {
      env.add(new EnvVarBuilder().withName(REGISTRY_URL_ENV).withValue(registries.sourceApi().toString()).build());
      env.add(new EnvVarBuilder().withName(REGISTRY_USER_INFO_ENV).withValue("shop-apps:source-registry-password").build());
    }
    Deployment deployment = new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec()
            .withReplicas(1)
            .withNewSelector().addToMatchLabels("app", name).endSelector()
            .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1").withEnv(env)
                .endContainer().endSpec()
            .endTemplate()
        .endSpec()
        .build();
    kubernetes.client().apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
  }

  private void onDeploymentChanged(AppWorld.DeploymentState state) {
    SampleApp app = apps.get(state.namespace() + "/" + state.name());
    if (app == null) {
      return;
    }
    if (state.replicas() == 0) {
      app.stop();
    } else {
      Map<String, String> security = new LinkedHashMap<>();
      SECURITY_ENV.forEach((env, property) -> {
        if (state.env().containsKey(env)) {
          security.put(property, state.env().get(env));
        }
      });
      if (security.containsKey("ssl.truststore.certificates")) {
        security.put("ssl.truststore.type", "PEM");
      }
      String registry = state.env().get(REGISTRY_URL_ENV);
      app.runOn(state.env().get(BOOTSTRAP_ENV), security,
          registry == null ? null : new SerdeRegistryClient(URI.create(registry), state.env().get(REGISTRY_USER_INFO_ENV)));
    }
  }

  @Override
  public void close() throws Exception {
    apps.values().forEach(SampleApp::stop);
    reconciler.close();
    for (AutoCloseable mirrorMaker : mirrorMakers) {
      mirrorMaker.close();
    }
    targets.values().forEach(KafkaTestCluster::close);
    kubernetes.close();
    source.close();
  }

  /** A sample app and the cluster it runs against. */
  private static final class SampleApp {
    private final Object app;
    private String runningOn;
    private Map<String, String> runningWith = Map.of();
    private URI runningThrough;

    private SampleApp(Object app) {
      this.app = app;
    }

    static SampleApp of(Object app) {
      return new SampleApp(app);
    }

    /** Restarts the app where its settings changed: cluster, security or registry ({@code registry} null: none). */
    synchronized void runOn(String bootstrap, Map<String, String> security, SerdeRegistryClient registry) {
      URI through = registry == null ? null : registry.api();
      if (bootstrap.equals(runningOn) && security.equals(runningWith) && java.util.Objects.equals(through, runningThrough)) {
        return;
      }
      stop();
      if (app instanceof SequenceProducer producer) {
        producer.start(bootstrap, security, registry);
      } else {
        ((RecordingConsumer) app).start(bootstrap, security, registry);
      }
      runningOn = bootstrap;
      runningWith = security;
      runningThrough = through;
    }

    synchronized void stop() {
      if (runningOn == null) {
        return;
      }
      if (app instanceof SequenceProducer producer) {
        producer.stop();
      } else {
        ((RecordingConsumer) app).stop();
      }
      runningOn = null;
    }

    synchronized String placement() {
      return runningOn == null ? "stopped" : runningOn;
    }
  }

  /** Real Kafka behind the Strimzi resources. */
  private final class Backend implements StrimziBackend {

    @Override
    public RunningCluster startCluster(String namespace, String name) {
      return startCluster(namespace, name, ListenerSecurity.NONE);
    }

    @Override
    public RunningCluster startCluster(String namespace, String name, ListenerSecurity security) {
      String key = namespace + "/" + name;
      if (security.tls() && security.scram()) {
        if (targetNetwork == TargetNetwork.SWITCHED) {
          throw new IllegalStateException("a switched target network runs plaintext targets only");
        }
        TestCertificates certificates = TestCertificates.create(namespace + "-" + name);
        KafkaTestCluster cluster = KafkaTestCluster.startAuthorizing(namespace + "-" + name, certificates, security.superUsers());
        targets.put(key, cluster);
        clientBootstraps.put(key, cluster.bootstrapServers(KafkaTestCluster.SecureListener.SASL_SSL));
        return new RunningCluster(clientBootstraps.get(key), namespace + "-" + name, certificates.authorityPem());
      }
      if (security.tls() || security.scram()) {
        throw new IllegalStateException("the rehearsal runs plaintext targets or TLS with SCRAM-SHA-512, not " + security);
      }
      KafkaTestCluster cluster = targetNetwork == TargetNetwork.SWITCHED
          ? KafkaTestCluster.startBehindSwitch(namespace + "-" + name)
          : KafkaTestCluster.start(namespace + "-" + name);
      targets.put(key, cluster);
      clientBootstraps.put(key, cluster.bootstrapServers());
      return new RunningCluster(cluster.bootstrapServers(), namespace + "-" + name);
    }

    @Override
    public void applyUser(RunningCluster running, String user, String scramPassword, Collection<AclBinding> acls,
        Map<String, Double> quotas) {
      KafkaTestCluster cluster = clusterAt(running.bootstrapServers());
      if (scramPassword != null) {
        cluster.createScramUser(user, scramPassword);
        cluster.replaceAcls("User:" + user, acls);
        cluster.replaceUserQuotas(user, quotas);
      }
    }

    @Override
    public void deleteUser(RunningCluster running, String user) {
      clusterAt(running.bootstrapServers()).deleteScramUser(user);
    }

    @Override
    public void stopCluster(String namespace, String name) {
      clientBootstraps.remove(namespace + "/" + name);
      KafkaTestCluster cluster = targets.remove(namespace + "/" + name);
      if (cluster != null) {
        cluster.close();
      }
    }

    @Override
    public void createTopic(String bootstrapServers, String topic, int partitions, int replicas, Map<String, String> configs) {
      try (Admin admin = clusterAt(bootstrapServers).admin()) {
        if (!admin.listTopics().names().get().contains(topic)) {
          admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        }
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("could not create topic " + topic + " at " + bootstrapServers, e);
      }
    }

    @Override
    public void deleteTopic(String bootstrapServers, String topic) {
      try (Admin admin = clusterAt(bootstrapServers).admin()) {
        if (admin.listTopics().names().get().contains(topic)) {
          admin.deleteTopics(List.of(topic)).all().get();
        }
      } catch (IllegalStateException clusterGone) {
        // the cluster was deleted with its topics
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("could not delete topic " + topic + " at " + bootstrapServers, e);
      }
    }

    @Override
    public AutoCloseable startMirrorMaker(Map<String, String> properties) {
      if (registries != null) {
        registries.registerLateVersion();
      }
      InProcessMirrorMaker2 mirrorMaker = InProcessMirrorMaker2.start(properties, Duration.ofSeconds(60));
      mirrorMakers.add(mirrorMaker);
      return () -> {
        mirrorMakers.remove(mirrorMaker);
        mirrorMaker.close();
      };
    }

    private KafkaTestCluster clusterAt(String bootstrapServers) {
      return targets.entrySet().stream()
          .filter(target -> bootstrapServers.equals(clientBootstraps.get(target.getKey()))
              || target.getValue().bootstrapServers().equals(bootstrapServers))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no target cluster at " + bootstrapServers));
    }
  }
}
