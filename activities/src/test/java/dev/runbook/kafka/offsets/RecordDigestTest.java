package dev.runbook.kafka.offsets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class RecordDigestTest {

  @Test
  void isSha256OfTheLengthPrefixedKeyValueAndHeadersRecordAfterRecord() throws Exception {
    Header[] headers = {new RecordHeader("trace", "t-1".getBytes(UTF_8)), new RecordHeader("empty", null)};
    byte[] first = RecordDigest.of("key".getBytes(UTF_8), "value".getBytes(UTF_8), headers);
    byte[] second = RecordDigest.of(null, "other".getBytes(UTF_8), new Header[0]);

    assertArrayEquals(sha256(prefixed("key".getBytes(UTF_8)), prefixed("value".getBytes(UTF_8)), intBytes(2),
        prefixed("trace".getBytes(UTF_8)), prefixed("t-1".getBytes(UTF_8)), prefixed("empty".getBytes(UTF_8)),
        prefixed(null)), first);
    assertArrayEquals(sha256(prefixed(null), prefixed("other".getBytes(UTF_8)), intBytes(0)), second);
  }

  @Test
  void differentSplitsOfTheSameBytesAndNullVersusEmptyDiffer() {
    assertFalse(Arrays.equals(RecordDigest.of("ab".getBytes(UTF_8), "c".getBytes(UTF_8), new Header[0]),
        RecordDigest.of("a".getBytes(UTF_8), "bc".getBytes(UTF_8), new Header[0])));
    assertFalse(Arrays.equals(RecordDigest.of(null, "v".getBytes(UTF_8), new Header[0]),
        RecordDigest.of(new byte[0], "v".getBytes(UTF_8), new Header[0])));
  }

  private static byte[] prefixed(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(intBytes(bytes == null ? -1 : bytes.length));
    if (bytes != null) {
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] intBytes(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      sha256.update(part);
    }
    return sha256.digest();
  }
}
