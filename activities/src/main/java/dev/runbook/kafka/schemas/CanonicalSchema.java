package dev.runbook.kafka.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The form in which two registries' copies of a schema are compared: Avro and JSON Schema as
 * compact JSON (whitespace and formatting do not count, member order does), Protobuf with runs
 * of whitespace collapsed.
 */
final class CanonicalSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CanonicalSchema() {}

  static String of(String schemaType, String schema) {
    if (!"PROTOBUF".equals(schemaType)) {
      try {
        return JSON.readTree(schema).toString();
      } catch (JsonProcessingException notJson) {
        return schema.strip();
      }
    }
    return schema.strip().replaceAll("\\s+", " ");
  }
}
