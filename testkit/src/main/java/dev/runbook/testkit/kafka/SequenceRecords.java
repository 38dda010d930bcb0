package dev.runbook.testkit.kafka;

import java.nio.charset.StandardCharsets;

/**
 * The record format of the sample apps: the value is {@code <producerId>:<sequence>}, so every
 * record names its position in its producer's stream and a consumer can account for each one.
 */
public final class SequenceRecords {

  private SequenceRecords() {}

  public static byte[] value(String producerId, long sequence) {
    return (producerId + ":" + sequence).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] key(long sequence, int keySpace) {
    String key = keySpace > 0 ? "key-" + (sequence % keySpace) : Long.toString(sequence);
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** The sequence carried by a value written by {@link #value}. */
  public static long sequenceOf(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    int separator = text.lastIndexOf(':');
    if (separator < 0) {
      throw new IllegalArgumentException("not a sequence record: " + text);
    }
    return Long.parseLong(text.substring(separator + 1));
  }
}
