package dev.runbook.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.connect.TemporalConnection;
import dev.runbook.testkit.tls.TestCertificates;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TemporalConnection}'s TLS set-ups (API key over TLS as Temporal Cloud takes it, mutual TLS,
 * a private CA) through a real TLS handshake with a gRPC server on loopback that answers Temporal's
 * health check and records what each call carried. A Temporal server behind TLS cannot run here;
 * this server stands in for its TLS front.
 */
class TemporalTransportSecurityTest {

  static final String API_KEY = "temporal-cloud-api-key-0c9e";

  @TempDir Path dir;
  TestCertificates certificates;
  Server server;
  final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startTlsServer() throws Exception {
    certificates = TestCertificates.create("temporal");
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME, ServingStatus.SERVING);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .sslContext(GrpcSslContexts.configure(SslContextBuilder
                .forServer(file("server.pem", certificates.serverCertificatePem()).toFile(), file("server.key", certificates.serverKeyPem()).toFile())
                .trustManager(file("ca.pem", certificates.authorityPem()).toFile())
                .clientAuth(ClientAuth.OPTIONAL))
            .build())
        .addService(ServerInterceptors.intercept(health.getHealthService(), new Recorder()))
        .build()
        .start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheApiKeyOnlyInsideTlsToAServerItsCaVouchesFor() throws Exception {
    TemporalConnection connection = new TemporalConnection(address(), "migrations", null, null,
        file("ca.pem", certificates.authorityPem()).toString(), API_KEY, null);

    assertEquals(ServingStatus.SERVING, healthCheck(connection));
    assertEquals(List.of("authorization=Bearer " + API_KEY + " client=none"), seen);
  }

  @Test
  void presentsTheClientCertificateForMutualTls() throws Exception {
    Path certificate = file("client.pem", certificates.clientCertificatePem());
    Path key = file("client.key", certificates.clientKeyPem());
    TemporalConnection connection = new TemporalConnection(address(), "migrations", certificate.toString(), key.toString(),
        file("ca.pem", certificates.authorityPem()).toString(), null, null);

    assertEquals(ServingStatus.SERVING, healthCheck(connection));
    assertEquals(List.of("authorization=null client=" + certificates.clientCommonName()), seen);
  }

  @Test
  void refusesAServerSignedByAnotherAuthorityBeforeSendingTheApiKey() throws Exception {
    TemporalConnection connection = new TemporalConnection(address(), "migrations", null, null,
        file("other-ca.pem", TestCertificates.create("impostor").authorityPem()).toString(), API_KEY, null);

    StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> healthCheck(connection));

    assertEquals(Status.Code.UNAVAILABLE, failure.getStatus().getCode());
    assertFalse(String.valueOf(failure.getMessage()).contains(API_KEY));
    assertEquals(List.of(), seen, "no call may reach a server whose certificate is not trusted");
  }

  ServingStatus healthCheck(TemporalConnection connection) {
    WorkflowServiceStubs stubs = connection.connect();
    try {
      return stubs.healthCheck().getStatus();
    } finally {
      stubs.shutdownNow();
    }
  }

  String address() {
    return "localhost:" + server.getPort();
  }

  Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Records each call's authorization header and the client certificate its TLS session carried. */
  final class Recorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      String client;
      try {
        client = session.getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException none) {
        client = "none";
      }
      seen.add("authorization=" + headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))
          + " client=" + client);
      return next.startCall(call, headers);
    }
  }
}
