package dev.runbook.kafka.offsets;

import dev.runbook.kafka.ProvenanceHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * SHA-256 over a record's key, value and headers, each length-prefixed so that different splits
 * of the same bytes (key "ab" + value "c" versus key "a" + value "bc") never collide, and a null
 * differs from an empty array. The runbook's own provenance headers ({@link ProvenanceHeaders}) are
 * left out: a copy stamped by MirrorMaker 2 has the digest of the record it copies.
 * Verification digests every record it reads, so nothing is allocated
 * per record but the digest itself: each thread reuses one {@link MessageDigest}, which
 * {@link MessageDigest#digest()} resets for the next record.
 */
public final class RecordDigest {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(RecordDigest::newSha256);

  private RecordDigest() {}

  /** The digest of a record as read, without the runbook's provenance headers. */
  public static byte[] of(ConsumerRecord<byte[], byte[]> record) {
    Header[] headers = record.headers().toArray();
    for (Header header : headers) {
      // Only a stamped copy pays for filtering: verification digests every record on this path.
      if (ProvenanceHeaders.ALL.contains(header.key())) {
        headers = Arrays.stream(headers).filter(h -> !ProvenanceHeaders.ALL.contains(h.key())).toArray(Header[]::new);
        break;
      }
    }
    return of(record.key(), record.value(), headers);
  }

  /** @param headers in record order (keys may repeat) */
  public static byte[] of(byte[] key, byte[] value, Header[] headers) {
    MessageDigest sha256 = SHA256.get();
    update(sha256, key);
    update(sha256, value);
    updateInt(sha256, headers.length);
    for (Header header : headers) {
      update(sha256, header.key().getBytes(StandardCharsets.UTF_8));
      update(sha256, header.value());
    }
    return sha256.digest();
  }

  private static void update(MessageDigest sha256, byte[] bytes) {
    updateInt(sha256, bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      sha256.update(bytes);
    }
  }

  /** Big-endian, as the prefix always was. */
  private static void updateInt(MessageDigest sha256, int value) {
    sha256.update((byte) (value >>> 24));
    sha256.update((byte) (value >>> 16));
    sha256.update((byte) (value >>> 8));
    sha256.update((byte) value);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
