package dev.runbook.kafka.clients;

import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.SecretResolver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds Kafka clients for a {@link KafkaEndpoint}, resolving its secret references at the moment
 * of use: SASL PLAIN or SCRAM credentials become a JAAS line, a PEM CA bundle becomes a PEM trust
 * store, a client certificate and key become a PEM key store (mutual TLS). Secret values never leave the returned properties (no logging, no toString).
 */
public final class KafkaClientFactory {

  private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
  private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

  /** Kafka's own request timeout; with it, every client keeps Kafka's default timeouts. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** Fetch size of partition readers that read a few records at a time: little is fetched beyond them. */
  public static final int SHORT_READ_FETCH_BYTES = 256 * 1024;

  /** Fetch size of partition readers that read partitions at length (verification): fewer, larger fetches. */
  public static final int LONG_READ_FETCH_BYTES = 4 * 1024 * 1024;

  private final SecretResolver secrets;
  /** Operator-supplied client properties by bootstrap address; they replace the endpoint's own settings. */
  private final Map<String, Map<String, Object>> givenProperties;
  private final Duration callTimeout;

  public KafkaClientFactory(SecretResolver secrets) {
    this(secrets, Map.of(), DEFAULT_CALL_TIMEOUT);
  }

  private KafkaClientFactory(SecretResolver secrets, Map<String, Map<String, Object>> givenProperties, Duration callTimeout) {
    this.secrets = secrets;
    this.givenProperties = givenProperties;
    this.callTimeout = callTimeout;
  }

  /**
   * The same factory with clients that give up on one request after {@code timeout} and on one API
   * call (with its retries) after twice that; an Admin call is awaited for {@code timeout}. The
   * default, 30 s, leaves Kafka's own defaults (30 s per request, 60 s per call). Properties an
   * operator set in a client properties file win.
   */
  public KafkaClientFactory withCallTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Kafka call timeout must be positive, not " + timeout);
    }
    return new KafkaClientFactory(secrets, givenProperties, timeout);
  }

  /** How long one Kafka call is awaited before the activity fails and its retry policy takes over. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * A factory for an operator's standard Kafka client properties (one set per cluster, each with
   * {@code bootstrap.servers}): an endpoint with the same bootstrap address gets its set verbatim,
   * so any SASL or TLS setting Kafka accepts passes through; there are no secret references to resolve.
   */
  public static KafkaClientFactory forClientProperties(List<Map<String, Object>> propertySets) {
    Map<String, Map<String, Object>> byBootstrap = propertySets.stream().collect(Collectors.toMap(
        set -> String.valueOf(set.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)), Map::copyOf, (a, b) -> a));
    return new KafkaClientFactory(ref -> {
      throw new IllegalArgumentException("client properties files hold their own credentials; no reference to resolve: "
          + ref.describe());
    }, byBootstrap, DEFAULT_CALL_TIMEOUT);
  }

  /** Connection and security properties shared by every client of the endpoint. */
  public Map<String, Object> connectionProperties(KafkaEndpoint endpoint) {
    if (endpoint == null || endpoint.bootstrapServers() == null || endpoint.bootstrapServers().isBlank()) {
      throw new IllegalArgumentException("Kafka endpoint needs bootstrapServers");
    }
    Map<String, Object> given = givenProperties.get(endpoint.bootstrapServers());
    if (given != null) {
      Map<String, Object> properties = new HashMap<>(given);
      timeouts().forEach(properties::putIfAbsent);
      return properties;
    }
    String protocol = endpoint.protocol().toUpperCase(Locale.ROOT);
    Map<String, Object> properties = new HashMap<>(timeouts());
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, endpoint.bootstrapServers());
    properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (protocol.startsWith("SASL_")) {
      properties.putAll(saslProperties(endpoint));
    }
    if (protocol.endsWith("SSL") && endpoint.caCertificate() != null) {
      properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      properties.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, secrets.resolve(endpoint.caCertificate()));
    }
    if (protocol.endsWith("SSL") && endpoint.clientCertificate() != null) {
      properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
      properties.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, secrets.resolve(endpoint.clientCertificate()));
      properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, resolveRequired(endpoint.clientKey(), "clientKey", endpoint));
    }
    return properties;
  }

  /** Nothing at the default timeout, which is Kafka's own: the properties stay as an operator knows them. */
  private Map<String, Object> timeouts() {
    if (callTimeout.equals(DEFAULT_CALL_TIMEOUT)) {
      return Map.of();
    }
    return Map.of(
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.toIntExact(callTimeout.toMillis()),
        CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(2 * callTimeout.toMillis()));
  }

  private Map<String, Object> saslProperties(KafkaEndpoint endpoint) {
    String mechanism = endpoint.saslMechanism() == null ? "PLAIN" : endpoint.saslMechanism().toUpperCase(Locale.ROOT);
    String loginModule = switch (mechanism) {
      case "PLAIN" -> PLAIN_LOGIN_MODULE;
      case "SCRAM-SHA-256", "SCRAM-SHA-512" -> SCRAM_LOGIN_MODULE;
      default -> throw new IllegalArgumentException(
          "unsupported SASL mechanism " + mechanism + " for " + endpoint.bootstrapServers()
              + "; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
    };
    if (endpoint.saslJaasConfig() != null) {
      return Map.of(SaslConfigs.SASL_MECHANISM, mechanism, SaslConfigs.SASL_JAAS_CONFIG, secrets.resolve(endpoint.saslJaasConfig()));
    }
    String username = resolveRequired(endpoint.username(), "username", endpoint);
    String password = resolveRequired(endpoint.password(), "password", endpoint);
    return Map.of(
        SaslConfigs.SASL_MECHANISM, mechanism,
        SaslConfigs.SASL_JAAS_CONFIG, loginModule + " required username=\"" + jaasQuoted(username)
            + "\" password=\"" + jaasQuoted(password) + "\";");
  }

  private String resolveRequired(SecretRef ref, String what, KafkaEndpoint endpoint) {
    if (ref == null) {
      throw new IllegalArgumentException("endpoint " + endpoint.bootstrapServers() + " has no " + what + " reference");
    }
    return secrets.resolve(ref);
  }

  /** JAAS values are double-quoted; a quote or backslash inside must be escaped. */
  static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  public Admin admin(KafkaEndpoint endpoint) {
    return Admin.create(connectionProperties(endpoint));
  }

  /**
   * A consumer without group membership that sees only committed transactional data, for reading
   * partitions with assign and seek.
   */
  public Consumer<byte[], byte[]> readCommittedConsumer(KafkaEndpoint endpoint, String clientId) {
    return partitionReader(endpoint, clientId, GroupIsolation.READ_COMMITTED);
  }

  /** A consumer like {@link #readCommittedConsumer} that reads with {@code isolation}. */
  public Consumer<byte[], byte[]> partitionReader(KafkaEndpoint endpoint, String clientId, GroupIsolation isolation) {
    return partitionReader(endpoint, clientId, isolation, SHORT_READ_FETCH_BYTES);
  }

  /**
   * A consumer like {@link #partitionReader(KafkaEndpoint, String, GroupIsolation)} whose fetches
   * return up to {@code maxPartitionFetchBytes} of one partition.
   */
  public Consumer<byte[], byte[]> partitionReader(KafkaEndpoint endpoint, String clientId, GroupIsolation isolation,
      int maxPartitionFetchBytes) {
    Map<String, Object> properties = connectionProperties(endpoint);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.configValue());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(maxPartitionFetchBytes));
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
