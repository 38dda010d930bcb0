package dev.runbook.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.strimzi.api.kafka.Crds;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for tests and the lab: fabric8's mock server in CRUD mode on loopback, with the
 * Strimzi CRDs registered (status subresource included, so an update of a resource's spec keeps
 * its status, as a real API server does).
 */
public final class MockKubernetes implements AutoCloseable {

  /** Held strongly: java.util.logging forgets a logger's level once nobody references it. */
  private static final Logger MOCK_SERVER_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockKubernetes(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /** Starts the server on a free loopback port and registers the Strimzi CRDs. */
  public static MockKubernetes start() {
    MOCK_SERVER_LOGGER.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var server = new KubernetesMockServer(
        new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    for (CustomResourceDefinition crd : strimziCrds()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    return new MockKubernetes(server, client);
  }

  private static List<CustomResourceDefinition> strimziCrds() {
    return List.of(Crds.kafka(), Crds.kafkaNodePool(), Crds.kafkaTopic(), Crds.kafkaUser(), Crds.kafkaMirrorMaker2());
  }

  /** A client of this server; closed with it. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of this server, for a party that must close its own (e.g. the reconciler). */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
