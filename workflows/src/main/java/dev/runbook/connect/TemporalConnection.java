package dev.runbook.connect;

import dev.runbook.codec.AesGcmPayloadCodec;
import dev.runbook.codec.CodecKeys;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * How the worker and the CLI reach Temporal: a self-hosted frontend or Temporal Cloud (mTLS client
 * certificate, or an API key over TLS). Built from the environment at the edge, e.g.
 * {@code RUNBOOK_TEMPORAL_ADDRESS=my-ns.a1b2c.tmprl.cloud:7233}. With {@code codecKeys} every payload
 * the client writes is encrypted ({@link AesGcmPayloadCodec}); without them (null) history holds
 * plans and results in clear text.
 */
public record TemporalConnection(
    String address, String namespace, String tlsCert, String tlsKey, String tlsCa, String apiKey,
    CodecKeys codecKeys) {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  /**
   * Reads {@code RUNBOOK_TEMPORAL_ADDRESS, _NAMESPACE, _TLS_CERT, _TLS_KEY, _TLS_CA, _API_KEY} and
   * {@code RUNBOOK_CODEC_KEYS} (see {@link CodecKeys}).
   */
  public static TemporalConnection fromEnvironment(Map<String, String> env) {
    return new TemporalConnection(
        env.getOrDefault("RUNBOOK_TEMPORAL_ADDRESS", DEFAULT_ADDRESS),
        env.getOrDefault("RUNBOOK_TEMPORAL_NAMESPACE", "default"),
        env.get("RUNBOOK_TEMPORAL_TLS_CERT"),
        env.get("RUNBOOK_TEMPORAL_TLS_KEY"),
        env.get("RUNBOOK_TEMPORAL_TLS_CA"),
        env.get("RUNBOOK_TEMPORAL_API_KEY"),
        CodecKeys.fromEnvironment(env).orElse(null));
  }

  public TemporalConnection withAddress(String newAddress) {
    return new TemporalConnection(newAddress, namespace, tlsCert, tlsKey, tlsCa, apiKey, codecKeys);
  }

  public TemporalConnection withNamespace(String newNamespace) {
    return new TemporalConnection(address, newNamespace, tlsCert, tlsKey, tlsCa, apiKey, codecKeys);
  }

  public WorkflowServiceStubs connect() {
    return connect(null);
  }

  /** Connects; the SDK reports its own metrics (polls, latencies, failures) to {@code metrics} when given. */
  public WorkflowServiceStubs connect(com.uber.m3.tally.Scope metrics) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    boolean mutualTls = tlsCert != null && tlsKey != null;
    if (mutualTls || apiKey != null || tlsCa != null) {
      options.setSslContext(sslContext(mutualTls));
    }
    if (apiKey != null) {
      options.addApiKey(() -> apiKey);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  public WorkflowClient client(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(stubs, clientOptions());
  }

  /** The namespace and, when codec keys are configured, the data converter that encrypts payloads. */
  public WorkflowClientOptions clientOptions() {
    return WorkflowClientOptions.newBuilder().setNamespace(namespace).setDataConverter(dataConverter()).build();
  }

  /**
   * Temporal's default converter, wrapped in the encrypting codec when codec keys are configured.
   * Failure messages and stack traces are encrypted too: they often quote the plan.
   */
  public DataConverter dataConverter() {
    DataConverter json = DefaultDataConverter.newDefaultInstance();
    return codecKeys == null ? json : new CodecDataConverter(json, List.of(new AesGcmPayloadCodec(codecKeys)), true);
  }

  private SslContext sslContext(boolean mutualTls) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (mutualTls) {
        builder.keyManager(new File(tlsCert), new File(tlsKey));
      }
      if (tlsCa != null) {
        builder.trustManager(new File(tlsCa));
      }
      return builder.build();
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot set up TLS to Temporal at " + address + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TemporalConnection[" + address + ", namespace " + namespace
        + (apiKey != null ? ", api key set" : "") + (tlsCert != null ? ", mTLS" : "")
        + (codecKeys != null ? ", payloads encrypted with key " + codecKeys.currentKeyId() : ", payloads NOT encrypted")
        + "]";
  }
}
