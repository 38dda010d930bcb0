package dev.runbook.kafka.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what a registry holds through Confluent's API: every subject (soft-deleted ones too),
 * every version with its ID, type, schema and references, which versions are soft-deleted, and
 * the compatibility and mode settings, global and per subject.
 */
public final class RegistryDiscovery {

  private RegistryDiscovery() {}

  /** Every subject of the registry. */
  public static RegistryContents readAll(ConfluentRegistryClient registry) {
    return read(registry, registry.subjects(true));
  }

  /** The named subjects; a subject the registry does not have is left out. */
  public static RegistryContents read(ConfluentRegistryClient registry, Collection<String> subjects) {
    String compatibility = registry.compatibility();
    String mode = registry.mode();
    List<SubjectSchemas> read = new ArrayList<>();
    for (String subject : new TreeSet<>(subjects)) {
      List<Integer> all = registry.versions(subject, true);
      if (all.isEmpty()) {
        continue;
      }
      Set<Integer> live = new HashSet<>(registry.versions(subject, false));
      List<SchemaVersion> versions = new ArrayList<>();
      for (int number : new TreeSet<>(all)) {
        registry.version(subject, number).ifPresent(v -> versions.add(new SchemaVersion(v.subject(), v.version(), v.id(),
            v.schemaType(), v.schema(), v.references(), !live.contains(number))));
      }
      String ownCompatibility = registry.effectiveCompatibility(subject);
      String ownMode = registry.effectiveMode(subject);
      read.add(new SubjectSchemas(subject, ownCompatibility.equals(compatibility) ? null : ownCompatibility,
          ownMode.equals(mode) ? null : ownMode, versions));
    }
    return new RegistryContents(compatibility, mode, read);
  }
}
