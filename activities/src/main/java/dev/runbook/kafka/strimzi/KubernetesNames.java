package dev.runbook.kafka.strimzi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Kubernetes names for Kafka things. A Kafka topic name may hold upper case, '_' and up to 249
 * characters; a resource name may not, so such names are folded and suffixed with a digest of the
 * original (two topics never share a resource; the real name stays in {@code spec.topicName}).
 */
public final class KubernetesNames {

  private static final int MAX_LENGTH = 253;
  private static final int DIGEST_CHARS = 8;

  private KubernetesNames() {}

  public static String forTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic name is empty");
    }
    String folded = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    if (folded.equals(topic)) {
      return topic;
    }
    String suffix = "-" + digest(topic);
    String base = folded.isEmpty() ? "topic" : folded;
    return base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
  }

  private static String digest(String value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, DIGEST_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
