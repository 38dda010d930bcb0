package dev.runbook.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload (workflow inputs, results, signals, activity arguments) with AES-256-GCM
 * so that plans and results are unreadable in Temporal's history. Each payload gets a fresh 12-byte
 * nonce; the key id travels in the metadata ({@value #KEY_ID_METADATA}) and is bound to the
 * ciphertext, so a payload is decrypted with the key it was written with even after a rotation.
 * Payloads that are not encrypted (history from before encryption was switched on) pass through.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID_METADATA = "encryption-key-id";
  static final String ENCODING_METADATA = "encoding";
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(CodecKeys keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    String keyId = keys.currentKeyId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.currentKey(), nonce, keyId);
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key '" + keyId + "': " + e.getMessage(), e);
    }
    return Payload.newBuilder()
        .putMetadata(ENCODING_METADATA, utf8(ENCODING))
        .putMetadata(KEY_ID_METADATA, utf8(keyId))
        .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING.equals(payload.getMetadataOrDefault(ENCODING_METADATA, ByteString.EMPTY).toStringUtf8())) {
      return payload;
    }
    ByteString keyIdBytes = payload.getMetadataOrDefault(KEY_ID_METADATA, null);
    if (keyIdBytes == null) {
      throw new PayloadCodecException("an encrypted payload has no '" + KEY_ID_METADATA + "' metadata: cannot tell which key to use");
    }
    String keyId = keyIdBytes.toStringUtf8();
    SecretKey key = keys.keys().get(keyId);
    if (key == null) {
      throw new PayloadCodecException("a payload was encrypted with key '" + keyId + "', which is not in "
          + CodecKeys.ENVIRONMENT_VARIABLE + " (known ids: " + keys.keys().keySet().stream().sorted().toList()
          + "); add that key back to read it");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw tampered(keyId, null);
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES), keyId);
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (AEADBadTagException e) {
      throw tampered(keyId, e);
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException("cannot decrypt a payload with key '" + keyId + "': " + e.getMessage(), e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    // Binding the key id means a payload relabelled with another key id fails authentication.
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static PayloadCodecException tampered(String keyId, Throwable cause) {
    return new PayloadCodecException("a payload encrypted with key '" + keyId
        + "' failed authentication: its data was altered, or a different key carries the id '" + keyId + "'", cause);
  }

  private static ByteString utf8(String value) {
    return ByteString.copyFromUtf8(value);
  }
}
