package dev.runbook.testkit.world;

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
import dev.runbook.testkit.tls.TestCertificates;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka runbook's world on one machine: a "Confluent" source cluster with live producers and
 * consumers, a Kubernetes API (fabric8 mock) whose Deployments are those apps, and a reconciler
 * that plays Strimzi with real KRaft clusters and a real MirrorMaker 2 built from the resources
 * the runbook creates. A Kafka resource whose listener has TLS and SCRAM-SHA-512 gets a target
 * that authenticates and authorizes every client (see {@link KafkaTestCluster#startAuthorizing}),
 * and the sample apps connect with the security settings their Deployment's env gives them. The
 * end-to-end tests and the lab both run the runbook against it.
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

  /** A topic with its producing app and its consuming group's app. */
  public record Flow(String topic, int partitions, String producer, String consumerGroup, String consumer, boolean configMap) {}

  public static final List<Flow> FLOWS = List.of(
      new Flow("orders", 3, "orders-producer", "orders-processor", "orders-processor", false),
      new Flow("payments", 2, "payments-producer", "payments-ledger", "payments-ledger", true));

  private final KafkaTestCluster source;
  private final MockKubernetes kubernetes;
  private final StrimziReconciler reconciler;
  private final Map<String, SampleApp> apps = new LinkedHashMap<>();
  private final Map<String, KafkaTestCluster> targets = new ConcurrentHashMap<>();
  /** Where clients of each target connect: its plaintext listener, or its SASL_SSL one when secured. */
  private final Map<String, String> clientBootstraps = new ConcurrentHashMap<>();
  private final List<AutoCloseable> mirrorMakers = new ArrayList<>();
  private final TargetNetwork targetNetwork;

  /** How target clusters are reached: directly, or through a {@link TcpSwitch} a test can cut. */
  public enum TargetNetwork { DIRECT, SWITCHED }

  private KafkaRehearsal(KafkaTestCluster source, MockKubernetes kubernetes, int recordsPerSecond, TargetNetwork targetNetwork) {
    this.source = source;
    this.kubernetes = kubernetes;
    this.targetNetwork = targetNetwork;
    for (Flow flow : FLOWS) {
      apps.put(NAMESPACE + "/" + flow.producer(), SampleApp.of(new SequenceProducer(flow.topic(), flow.producer(), recordsPerSecond, 0)));
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
    KafkaTestCluster source = KafkaTestCluster.start("confluent");
    FLOWS.forEach(flow -> source.createTopic(flow.topic(), flow.partitions()));
    MockKubernetes kubernetes = MockKubernetes.start();
    KafkaRehearsal world = new KafkaRehearsal(source, kubernetes, recordsPerSecond, targetNetwork);
    FLOWS.forEach(world::deploy);
    world.awaitGroupsCommitting(Duration.ofSeconds(60));
    return world;
  }

  /** A production source has live groups with committed offsets; wait until ours are there too. */
  private void awaitGroupsCommitting(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = source.admin()) {
      for (Flow flow : FLOWS) {
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
    FLOWS.forEach(flow -> apps.get(NAMESPACE + "/" + flow.producer()).stop());
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
    for (Flow flow : FLOWS) {
      SequenceProducer producer = (SequenceProducer) apps.get(NAMESPACE + "/" + flow.producer()).app;
      RecordingConsumer consumer = (RecordingConsumer) apps.get(NAMESPACE + "/" + flow.consumer()).app;
      accounts.put(flow.consumerGroup(), DeliveryAccount.of(producer.produced(), consumer.processed()));
    }
    return accounts;
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

  private void deploy(Flow flow) {
    deployment(flow.producer(), new EnvVarBuilder().withName(BOOTSTRAP_ENV).withValue(source.bootstrapServers()).build());
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
    Deployment deployment = new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec()
            .withReplicas(1)
            .withNewSelector().addToMatchLabels("app", name).endSelector()
            .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1").withEnv(bootstrap)
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
      app.runOn(state.env().get(BOOTSTRAP_ENV), security);
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

    private SampleApp(Object app) {
      this.app = app;
    }

    static SampleApp of(Object app) {
      return new SampleApp(app);
    }

    synchronized void runOn(String bootstrap, Map<String, String> security) {
      if (bootstrap.equals(runningOn) && security.equals(runningWith)) {
        return;
      }
      stop();
      if (app instanceof SequenceProducer producer) {
        producer.start(bootstrap, security);
      } else {
        ((RecordingConsumer) app).start(bootstrap, security);
      }
      runningOn = bootstrap;
      runningWith = security;
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
    public void applyUser(RunningCluster running, String user, String scramPassword, Collection<AclBinding> acls) {
      KafkaTestCluster cluster = clusterAt(running.bootstrapServers());
      if (scramPassword != null) {
        cluster.createScramUser(user, scramPassword);
        cluster.replaceAcls("User:" + user, acls);
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
