package dev.runbook.kafka.offsets;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record as offset translation sees it: where it sits, when it was created, and a digest of its
 * content ({@link RecordDigest}). A copy made by MirrorMaker 2 has the same timestamp and digest.
 */
public record LogRecord(long offset, long timestamp, byte[] digest) {

  /** Same timestamp and content: the other record is this one's copy, or an identical record. */
  public boolean sameContentAs(LogRecord other) {
    return timestamp == other.timestamp && Arrays.equals(digest, other.digest);
  }

  /** Offset, timestamp and the first bytes of the digest, for evidence strings. */
  public String describe() {
    return "@" + offset + " (ts " + timestamp + ", sha256 " + HexFormat.of().formatHex(digest, 0, 4) + ")";
  }
}
