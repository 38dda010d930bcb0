package dev.runbook.kafka.schemas;

/** A schema's reference to a version of another subject, under the name the schema uses for it. */
public record SchemaReference(String name, String subject, int version) {}
