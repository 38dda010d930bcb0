package dev.runbook.kafka.schemas;

import java.util.List;

/**
 * One version of a subject as Confluent's API describes it: its schema ID (the one every record
 * carries in bytes 1–4), type ({@code AVRO}, {@code PROTOBUF}, {@code JSON}), text and references;
 * {@code deleted} when soft-deleted (still readable with {@code ?deleted=true}, still decodable by ID).
 */
public record SchemaVersion(
    String subject, int version, int id, String schemaType, String schema, List<SchemaReference> references, boolean deleted) {

  public SchemaVersion {
    references = List.copyOf(references);
  }

  /** {@code subject/version}, as differences and errors name a version. */
  public String label() {
    return subject + "/" + version;
  }

  /** Whether both are the same schema: type, canonical text and references. */
  public boolean sameContent(String otherType, String otherSchema, List<SchemaReference> otherReferences) {
    return schemaType.equals(otherType) && references.equals(otherReferences)
        && CanonicalSchema.of(schemaType, schema).equals(CanonicalSchema.of(otherType, otherSchema));
  }
}
