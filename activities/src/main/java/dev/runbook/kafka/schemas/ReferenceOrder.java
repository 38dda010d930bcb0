package dev.runbook.kafka.schemas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which versions can be written: every referenced version before the versions that
 * reference it, and a subject's versions in ascending order; otherwise by subject and version.
 */
final class ReferenceOrder {

  private ReferenceOrder() {}

  /** @throws IllegalArgumentException when references form a cycle or name a version not in the list */
  static List<SchemaVersion> of(List<SchemaVersion> versions, Set<String> presentElsewhere) {
    Map<String, SchemaVersion> byLabel = new HashMap<>();
    versions.forEach(v -> byLabel.put(v.label(), v));
    List<SchemaVersion> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(SchemaVersion::subject).thenComparingInt(SchemaVersion::version));
    Map<String, String> previous = new HashMap<>();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).subject().equals(sorted.get(i - 1).subject())) {
        previous.put(sorted.get(i).label(), sorted.get(i - 1).label());
      }
    }
    List<SchemaVersion> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>(presentElsewhere);
    Set<String> visiting = new HashSet<>();
    for (SchemaVersion version : sorted) {
      place(version, byLabel, previous, placed, visiting, ordered);
    }
    return ordered;
  }

  private static void place(SchemaVersion version, Map<String, SchemaVersion> byLabel, Map<String, String> previous, Set<String> placed,
      Set<String> visiting, List<SchemaVersion> ordered) {
    if (placed.contains(version.label())) {
      return;
    }
    if (!visiting.add(version.label())) {
      throw new IllegalArgumentException("schema references form a cycle through " + version.label());
    }
    List<String> before = new ArrayList<>();
    version.references().forEach(r -> before.add(r.subject() + "/" + r.version()));
    if (previous.containsKey(version.label())) {
      before.add(previous.get(version.label()));
    }
    for (String label : before) {
      SchemaVersion needed = byLabel.get(label);
      if (needed == null && !placed.contains(label)) {
        throw new IllegalArgumentException(version.label() + " references " + label + ", which is neither copied nor on the target");
      }
      if (needed != null) {
        place(needed, byLabel, previous, placed, visiting, ordered);
      }
    }
    visiting.remove(version.label());
    placed.add(version.label());
    ordered.add(version);
  }
}
