package dev.runbook.kafka.schemas;

/** Writes a {@link SchemaCopyPlan} onto a target registry with every ID preserved, the way that kind of registry allows. */
public interface SchemaTargetWriter {

  /** The target, as errors name it. */
  String target();

  void write(SchemaCopyPlan plan);
}
