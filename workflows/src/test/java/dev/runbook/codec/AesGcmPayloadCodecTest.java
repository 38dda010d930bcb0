package dev.runbook.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The payload codec and its key ring: round trip, rotation, and the failures an operator can meet. */
class AesGcmPayloadCodecTest {

  static final String K1 = Base64.getEncoder().encodeToString(bytes(32, 1));
  static final String K2 = Base64.getEncoder().encodeToString(bytes(32, 2));
  static final Payload PLAN = Payload.newBuilder()
      .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
      .setData(ByteString.copyFromUtf8("{\"bootstrapServers\":\"pkc-123.confluent.cloud:9092\"}"))
      .build();

  @Test
  void encryptsWithTheCurrentKeyAndDecryptsBackToTheSamePayload() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));

    Payload encrypted = codec.encode(List.of(PLAN)).get(0);

    assertEquals("binary/encrypted", encrypted.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("k1", encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(2, encrypted.getMetadataCount());
    assertFalse(encrypted.getData().toStringUtf8().contains("confluent"));
    assertEquals(12 + PLAN.getSerializedSize() + 16, encrypted.getData().size());
    assertEquals(List.of(PLAN), codec.decode(List.of(encrypted)));
  }

  @Test
  void usesAFreshNonceForEveryPayload() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));

    List<Payload> encrypted = codec.encode(List.of(PLAN, PLAN));

    assertNotEquals(encrypted.get(0).getData(), encrypted.get(1).getData());
    assertNotEquals(encrypted.get(0).getData().substring(0, 12), encrypted.get(1).getData().substring(0, 12));
  }

  @Test
  void readsPayloadsWrittenWithAnOlderKeyAfterRotation() {
    Payload writtenBeforeRotation = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1)).encode(List.of(PLAN)).get(0);
    AesGcmPayloadCodec rotated = new AesGcmPayloadCodec(CodecKeys.parse("k2:" + K2 + ",k1:" + K1));

    assertEquals(List.of(PLAN), rotated.decode(List.of(writtenBeforeRotation)));
    assertEquals("k2", rotated.encode(List.of(PLAN)).get(0).getMetadataOrThrow("encryption-key-id").toStringUtf8());
  }

  @Test
  void passesUnencryptedPayloadsThrough() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));

    assertEquals(List.of(PLAN), codec.decode(List.of(PLAN)));
  }

  @Test
  void namesTheMissingKeyIdWhenThePayloadsKeyIsNotInTheRing() {
    Payload writtenWithK1 = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1)).encode(List.of(PLAN)).get(0);
    AesGcmPayloadCodec withoutK1 = new AesGcmPayloadCodec(CodecKeys.parse("k3:" + K2 + ",k2:" + K2));

    PayloadCodecException failure = assertThrows(PayloadCodecException.class, () -> withoutK1.decode(List.of(writtenWithK1)));
    assertEquals("a payload was encrypted with key 'k1', which is not in RUNBOOK_CODEC_KEYS (known ids: [k2, k3]); "
        + "add that key back to read it", failure.getMessage());
  }

  @Test
  void refusesAlteredCiphertext() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));
    Payload encrypted = codec.encode(List.of(PLAN)).get(0);
    byte[] data = encrypted.getData().toByteArray();
    data[20] ^= 1;
    Payload altered = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();

    PayloadCodecException failure = assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(altered)));
    assertEquals("a payload encrypted with key 'k1' failed authentication: its data was altered, "
        + "or a different key carries the id 'k1'", failure.getMessage());
  }

  @Test
  void refusesAPayloadRelabelledWithAnotherKeyId() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k2:" + K1 + ",k1:" + K1));
    Payload encrypted = codec.encode(List.of(PLAN)).get(0);
    Payload relabelled = encrypted.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("k1")).build();

    PayloadCodecException failure = assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(relabelled)));
    assertEquals("a payload encrypted with key 'k1' failed authentication: its data was altered, "
        + "or a different key carries the id 'k1'", failure.getMessage());
  }

  @Test
  void refusesDataTooShortToHoldANonceAndTag() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));
    Payload truncated = codec.encode(List.of(PLAN)).get(0).toBuilder().setData(ByteString.copyFrom(bytes(20, 0))).build();

    assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(truncated)));
  }

  @Test
  void parsesTheKeyRingWithTheFirstKeyCurrent() {
    CodecKeys keys = CodecKeys.parse(" k2:" + K2 + " , k1:" + K1);

    assertEquals("k2", keys.currentKeyId());
    assertArrayEquals(bytes(32, 2), keys.currentKey().getEncoded());
    assertArrayEquals(bytes(32, 1), keys.keys().get("k1").getEncoded());
    assertEquals("CodecKeys[current k2, ids [k1, k2]]", keys.toString());
  }

  @Test
  void reportsMalformedKeysByIdWithoutKeyMaterial() {
    String shortKey = Base64.getEncoder().encodeToString(bytes(16, 7));
    assertEquals("RUNBOOK_CODEC_KEYS: key 'k1' must be 32 bytes (AES-256), got 16 (generate one with: openssl rand -base64 32)",
        assertThrows(IllegalArgumentException.class, () -> CodecKeys.parse("k1:" + shortKey)).getMessage());
    assertEquals("RUNBOOK_CODEC_KEYS: key 'k2' is not valid base64",
        assertThrows(IllegalArgumentException.class, () -> CodecKeys.parse("k1:" + K1 + ",k2:not*base64")).getMessage());
    assertEquals("RUNBOOK_CODEC_KEYS: entry 2 is not 'id:base64-key' (a key id, a colon, then 32 bytes in base64)",
        assertThrows(IllegalArgumentException.class, () -> CodecKeys.parse("k1:" + K1 + "," + K2)).getMessage());
    assertEquals("RUNBOOK_CODEC_KEYS: key id 'k1' is listed twice",
        assertThrows(IllegalArgumentException.class, () -> CodecKeys.parse("k1:" + K1 + ",k1:" + K2)).getMessage());
  }

  @Test
  void leavesPayloadsUnencryptedWhenNoKeysAreConfigured() {
    assertEquals(Optional.empty(), CodecKeys.fromEnvironment(Map.of()));
    assertEquals(Optional.empty(), CodecKeys.fromEnvironment(Map.of("RUNBOOK_CODEC_KEYS", " ")));
  }

  static byte[] bytes(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
