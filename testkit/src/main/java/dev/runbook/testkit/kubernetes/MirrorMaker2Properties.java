package dev.runbook.testkit.kubernetes;

import io.strimzi.api.kafka.model.common.CertAndKeySecretSource;
import io.strimzi.api.kafka.model.common.CertSecretSource;
import io.strimzi.api.kafka.model.common.ClientTls;
import io.strimzi.api.kafka.model.common.PasswordSecretSource;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthentication;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationPlain;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha256;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationTls;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2ClusterSpec;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2ConnectorSpec;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2MirrorSpec;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2TargetClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Translates a KafkaMirrorMaker2 resource (v1 layout) into the properties of MirrorMaker 2 in
 * dedicated mode, the way Strimzi's operator turns it into a Connect cluster plus connectors: the
 * target is the Connect cluster (its settings prefixed with the target alias), each mirror is an
 * enabled {@code source->target} flow whose connector configs become flow settings, and
 * credentials are read from the Secrets the resource references. v1 has no heartbeat connector,
 * so heartbeats are off. A spec that dedicated mode cannot express is refused, not guessed at.
 */
public final class MirrorMaker2Properties {

  /** Reads one key of a Secret in the resource's namespace; throws IllegalArgumentException when absent. */
  @FunctionalInterface
  public interface SecretLookup {
    String value(String namespace, String secretName, String key);
  }

  private MirrorMaker2Properties() {}

  /** @throws IllegalArgumentException naming the part of the spec that cannot be run */
  public static Map<String, String> fromResource(KafkaMirrorMaker2 resource, SecretLookup secrets) {
    String namespace = resource.getMetadata().getNamespace();
    KafkaMirrorMaker2TargetClusterSpec target = resource.getSpec().getTarget();
    List<KafkaMirrorMaker2MirrorSpec> mirrors = resource.getSpec().getMirrors();
    if (target == null || mirrors == null || mirrors.isEmpty()) {
      throw new IllegalArgumentException("spec.target and at least one spec.mirrors[] are required (v1 layout)");
    }
    String targetAlias = target.getAlias();
    Map<String, String> properties = new TreeMap<>();
    List<String> aliases = new ArrayList<>();

    cluster(properties, namespace, target, secrets);
    properties.put(targetAlias + ".group.id", target.getGroupId());
    properties.put(targetAlias + ".config.storage.topic", target.getConfigStorageTopic());
    properties.put(targetAlias + ".offset.storage.topic", target.getOffsetStorageTopic());
    properties.put(targetAlias + ".status.storage.topic", target.getStatusStorageTopic());

    for (KafkaMirrorMaker2MirrorSpec mirror : mirrors) {
      KafkaMirrorMaker2ClusterSpec source = mirror.getSource();
      if (source == null || mirror.getSourceConnector() == null) {
        throw new IllegalArgumentException("every mirror needs a source and a sourceConnector");
      }
      aliases.add(source.getAlias());
      cluster(properties, namespace, source, secrets);
      String flow = source.getAlias() + "->" + targetAlias + ".";
      properties.put(flow + "enabled", "true");
      putIfSet(properties, flow + "topics", mirror.getTopicsPattern());
      putIfSet(properties, flow + "topics.exclude", mirror.getTopicsExcludePattern());
      putIfSet(properties, flow + "groups", mirror.getGroupsPattern());
      putIfSet(properties, flow + "groups.exclude", mirror.getGroupsExcludePattern());
      connector(properties, flow, "sourceConnector", mirror.getSourceConnector());
      if (mirror.getCheckpointConnector() == null) {
        properties.put(flow + "emit.checkpoints.enabled", "false");
        properties.put(flow + "sync.group.offsets.enabled", "false");
      } else {
        connector(properties, flow, "checkpointConnector", mirror.getCheckpointConnector());
      }
    }
    aliases.add(targetAlias);
    properties.put("clusters", String.join(",", aliases));
    properties.put("emit.heartbeats.enabled", "false");
    return properties;
  }

  /** Connector settings become flow settings; dedicated mode has one value per flow, so both connectors must agree. */
  private static void connector(Map<String, String> properties, String flow, String which, KafkaMirrorMaker2ConnectorSpec spec) {
    if (spec.getTasksMax() != null) {
      putAgreeing(properties, flow + "tasks.max", spec.getTasksMax().toString(), which);
    }
    if (spec.getConfig() != null) {
      spec.getConfig().forEach((key, value) -> putAgreeing(properties, flow + key, String.valueOf(value), which));
    }
  }

  private static void putAgreeing(Map<String, String> properties, String key, String value, String which) {
    String earlier = properties.putIfAbsent(key, value);
    if (earlier != null && !earlier.equals(value)) {
      throw new IllegalArgumentException(which + " sets " + key + "=" + value + " but the other connector of the mirror sets "
          + earlier + "; MirrorMaker 2 in dedicated mode takes one value per flow");
    }
  }

  private static void cluster(
      Map<String, String> properties, String namespace, KafkaMirrorMaker2ClusterSpec cluster, SecretLookup secrets) {
    String prefix = cluster.getAlias() + ".";
    properties.put(prefix + "bootstrap.servers", cluster.getBootstrapServers());
    if (cluster.getConfig() != null) {
      cluster.getConfig().forEach((key, value) -> properties.put(prefix + key, String.valueOf(value)));
    }
    ClientTls tls = cluster.getTls();
    KafkaClientAuthentication authentication = cluster.getAuthentication();
    boolean sasl = authentication != null && !(authentication instanceof KafkaClientAuthenticationTls);
    properties.put(prefix + "security.protocol", (sasl ? "SASL_" : "") + (tls != null ? "SSL" : "PLAINTEXT"));
    if (tls != null && tls.getTrustedCertificates() != null && !tls.getTrustedCertificates().isEmpty()) {
      properties.put(prefix + "ssl.truststore.type", "PEM");
      properties.put(prefix + "ssl.truststore.certificates", tls.getTrustedCertificates().stream()
          .map(certificate -> trusted(namespace, certificate, secrets))
          .collect(Collectors.joining("\n")));
    }
    if (authentication instanceof KafkaClientAuthenticationTls tlsAuthentication) {
      if (tls == null) {
        throw new IllegalArgumentException(cluster.getAlias() + ": tls authentication needs tls");
      }
      CertAndKeySecretSource certificateAndKey = tlsAuthentication.getCertificateAndKey();
      properties.put(prefix + "ssl.keystore.type", "PEM");
      properties.put(prefix + "ssl.keystore.certificate.chain",
          secrets.value(namespace, certificateAndKey.getSecretName(), certificateAndKey.getCertificate()));
      properties.put(prefix + "ssl.keystore.key",
          secrets.value(namespace, certificateAndKey.getSecretName(), certificateAndKey.getKey()));
    } else if (authentication instanceof KafkaClientAuthenticationScramSha512 scram) {
      sasl(properties, prefix, "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
          scram.getUsername(), password(namespace, scram.getPasswordSecret(), secrets));
    } else if (authentication instanceof KafkaClientAuthenticationScramSha256 scram) {
      sasl(properties, prefix, "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          scram.getUsername(), password(namespace, scram.getPasswordSecret(), secrets));
    } else if (authentication instanceof KafkaClientAuthenticationPlain plain) {
      sasl(properties, prefix, "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
          plain.getUsername(), password(namespace, plain.getPasswordSecret(), secrets));
    } else if (authentication != null) {
      throw new IllegalArgumentException(cluster.getAlias() + ": authentication type " + authentication.getType()
          + " is not supported by the lab");
    }
  }

  private static void sasl(Map<String, String> properties, String prefix, String mechanism, String loginModule,
      String username, String password) {
    properties.put(prefix + "sasl.mechanism", mechanism);
    properties.put(prefix + "sasl.jaas.config",
        loginModule + " required username=\"" + jaasEscaped(username) + "\" password=\"" + jaasEscaped(password) + "\";");
  }

  private static String password(String namespace, PasswordSecretSource source, SecretLookup secrets) {
    if (source == null) {
      throw new IllegalArgumentException("authentication names no passwordSecret");
    }
    return secrets.value(namespace, source.getSecretName(), source.getPassword());
  }

  private static String trusted(String namespace, CertSecretSource certificate, SecretLookup secrets) {
    if (certificate.getCertificate() == null) {
      throw new IllegalArgumentException("trusted certificate of Secret " + certificate.getSecretName()
          + " must name its key (patterns are not supported by the lab)");
    }
    return secrets.value(namespace, certificate.getSecretName(), certificate.getCertificate());
  }

  private static String jaasEscaped(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void putIfSet(Map<String, String> properties, String key, String value) {
    if (value != null && !value.isBlank()) {
      properties.put(key, value);
    }
  }
}
