package dev.runbook.kafka.strimzi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The expected digest suffix, computed independently of {@link KubernetesNames}. */
final class KubernetesNamesTestSupport {

  private KubernetesNamesTestSupport() {}

  static String digestOf(String topic) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
