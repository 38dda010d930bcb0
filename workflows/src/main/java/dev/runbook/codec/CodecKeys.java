package dev.runbook.codec;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt workflow payloads, by id, and which of them encrypts new payloads.
 * Older keys stay in the ring so history written before a rotation can still be read. Read from
 * {@code RUNBOOK_CODEC_KEYS="k2:<base64 of 32 bytes>,k1:<base64>"}; the first key is the current one.
 * Errors name the variable and the key id, never key material.
 */
public record CodecKeys(String currentKeyId, Map<String, SecretKey> keys) {

  public static final String ENVIRONMENT_VARIABLE = "RUNBOOK_CODEC_KEYS";
  static final int KEY_BYTES = 32;

  public CodecKeys {
    keys = Map.copyOf(keys);
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("the current key id '" + currentKeyId + "' is not in the key ring");
    }
  }

  /** The keys named by {@code RUNBOOK_CODEC_KEYS}, or empty when it is unset or blank (payloads then stay unencrypted). */
  public static Optional<CodecKeys> fromEnvironment(Map<String, String> env) {
    String value = env.get(ENVIRONMENT_VARIABLE);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
  }

  /** Parses {@code id:base64,id:base64,...}; the first entry is the current key. */
  public static CodecKeys parse(String value) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String current = null;
    int position = 0;
    for (String entry : value.split(",")) {
      position++;
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).trim();
      if (id.isEmpty()) {
        throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": entry " + position
            + " is not 'id:base64-key' (a key id, a colon, then 32 bytes in base64)");
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": key id '" + id + "' is listed twice");
      }
      keys.put(id, aesKey(id, entry.substring(colon + 1).trim()));
      if (current == null) {
        current = id;
      }
    }
    return new CodecKeys(current, keys);
  }

  /** The key that encrypts new payloads. */
  public SecretKey currentKey() {
    return keys.get(currentKeyId);
  }

  private static SecretKey aesKey(String id, String base64) {
    byte[] material;
    try {
      material = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": key '" + id + "' is not valid base64");
    }
    if (material.length != KEY_BYTES) {
      throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": key '" + id + "' must be " + KEY_BYTES
          + " bytes (AES-256), got " + material.length + " (generate one with: openssl rand -base64 32)");
    }
    return new SecretKeySpec(material, "AES");
  }

  /** Names the key ids only: a key ring must never reach a log. */
  @Override
  public String toString() {
    return "CodecKeys[current " + currentKeyId + ", ids " + keys.keySet().stream().sorted().toList() + "]";
  }
}
