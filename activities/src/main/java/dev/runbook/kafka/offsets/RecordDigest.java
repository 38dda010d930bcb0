package dev.runbook.kafka.offsets;

import dev.runbook.kafka.ProvenanceHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * SHA-256 over a record's key, value and headers, each length-prefixed so that different splits
 * of the same bytes (key "ab" + value "c" versus key "a" + value "bc") never collide, and a null
 * differs from an empty array. The runbook's own provenance headers ({@link ProvenanceHeaders}) are
 * left out: a copy stamped by MirrorMaker 2 has the digest of the record it copies.
 */
public final class RecordDigest {

  private RecordDigest() {}

  /** The digest of a record as read, without the runbook's provenance headers. */
  public static byte[] of(ConsumerRecord<byte[], byte[]> record) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      if (!ProvenanceHeaders.ALL.contains(header.key())) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(header.key(), header.value()));
      }
    }
    return of(record.key(), record.value(), headers);
  }

  /** @param headers header keys and values in record order (keys may repeat) */
  public static byte[] of(byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers) {
    MessageDigest sha256 = newSha256();
    update(sha256, key);
    update(sha256, value);
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(headers.size()).array());
    for (Map.Entry<String, byte[]> header : headers) {
      update(sha256, header.getKey().getBytes(StandardCharsets.UTF_8));
      update(sha256, header.getValue());
    }
    return sha256.digest();
  }

  private static void update(MessageDigest sha256, byte[] bytes) {
    int length = bytes == null ? -1 : bytes.length;
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(length).array());
    if (bytes != null) {
      sha256.update(bytes);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
