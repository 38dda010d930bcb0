package dev.runbook.testkit.kafka;

import dev.runbook.testkit.registry.SerdeRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The sample apps' records in Confluent's wire format, as Confluent's Avro serdes write and read them:
 * magic byte 0, the 4-byte schema ID, then the Avro binary of a record that has at least
 * {@code producer} (string) and {@code sequence} (long). A producer writes with the latest version of
 * its topic's value subject as it finds it when it starts; a consumer reads each record with the schema
 * its ID names, fetched from the registry it is pointed at.
 */
public final class AvroSequenceRecords {

  private static final byte MAGIC = 0;

  private AvroSequenceRecords() {}

  /** A record's place in its producer's stream and the schema ID it was written with. */
  public record Decoded(int schemaId, long sequence) {}

  /** The value subject of a topic (Confluent's TopicNameStrategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  /** Writes with the subject's latest version in the registry now. */
  public static Writer writer(SerdeRegistryClient registry, String subject) {
    SerdeRegistryClient.RegisteredSchema latest = registry.latest(subject);
    return new Writer(latest.id(), new Schema.Parser().parse(latest.schema()));
  }

  /** Encodes sequence records with one schema version. */
  public static final class Writer {
    private final int schemaId;
    private final Schema schema;
    private final GenericDatumWriter<GenericRecord> datumWriter;

    private Writer(int schemaId, Schema schema) {
      this.schemaId = schemaId;
      this.schema = schema;
      this.datumWriter = new GenericDatumWriter<>(schema);
    }

    public int schemaId() {
      return schemaId;
    }

    public byte[] encode(String producerId, long sequence) {
      GenericRecord record = new GenericData.Record(schema);
      record.put("producer", producerId);
      record.put("sequence", sequence);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(MAGIC);
      out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
      try {
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        datumWriter.write(record, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode sequence " + sequence, e);
      }
      return out.toByteArray();
    }
  }

  /** Decodes through one registry, each schema fetched once by its ID. */
  public static final class Reader {
    private final SerdeRegistryClient registry;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public Reader(SerdeRegistryClient registry) {
      this.registry = registry;
    }

    /** @throws IllegalArgumentException for a value not in the wire format; IllegalStateException for an ID the registry lacks */
    public Decoded decode(byte[] value) {
      if (value == null || value.length < 5 || value[0] != MAGIC) {
        throw new IllegalArgumentException("not in Confluent's wire format (no magic byte 0 and schema id)");
      }
      int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
      Schema schema = schemas.computeIfAbsent(schemaId, id -> new Schema.Parser().parse(registry.schemaById(id)));
      try {
        GenericRecord record = new GenericDatumReader<GenericRecord>(schema)
            .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        return new Decoded(schemaId, (Long) record.get("sequence"));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot decode a record of schema " + schemaId + ": " + e.getMessage(), e);
      }
    }

    public SerdeRegistryClient registry() {
      return registry;
    }
  }
}
