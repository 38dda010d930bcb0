package dev.runbook.kafka.schemas;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes onto a Confluent Schema Registry (or any server with its API and IMPORT mode): each
 * subject written to is put in IMPORT mode, every version registered with its explicit ID and
 * version in reference order, the subjects returned to the registry's mode, soft-deleted versions
 * deleted again (soft) with those the source soft-deleted since, then the compatibility settings and
 * the subjects' own modes.
 */
public final class ConfluentImportWriter implements SchemaTargetWriter {

  private final ConfluentRegistryClient target;

  public ConfluentImportWriter(ConfluentRegistryClient target) {
    this.target = target;
  }

  @Override
  public String target() {
    return target.url();
  }

  @Override
  public void write(SchemaCopyPlan plan) {
    Set<String> subjects = new LinkedHashSet<>();
    plan.versions().forEach(version -> subjects.add(version.subject()));
    subjects.forEach(target::importMode);
    try {
      plan.versions().forEach(target::registerWithId);
    } finally {
      subjects.forEach(target::clearMode);
    }
    plan.versions().stream().filter(SchemaVersion::deleted).forEach(v -> target.softDelete(v.subject(), v.version()));
    plan.softDeletes().forEach(v -> target.softDelete(v.subject(), v.version()));
    if (plan.globalCompatibility() != null) {
      target.setCompatibility(plan.globalCompatibility());
    }
    new TreeMap<>(plan.subjectCompatibility()).forEach(target::setCompatibility);
    new TreeMap<>(plan.subjectModes()).forEach(target::setMode);
  }
}
