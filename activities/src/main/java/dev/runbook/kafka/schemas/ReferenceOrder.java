package dev.runbook.kafka.schemas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order in which versions can be written: every referenced version before the versions that
 * reference it, and a subject's versions in ascending order; otherwise by subject and version. And the
 * order in which subjects can be deleted: those that reference a subject before it.
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

  /**
   * The subjects' names, every subject before the subjects its versions reference (a registry refuses to
   * delete a subject others still reference); otherwise by name.
   *
   * @throws IllegalArgumentException when references between the subjects form a cycle
   */
  static List<String> referrersFirst(List<SubjectSchemas> subjects) {
    Map<String, Set<String>> referrers = new TreeMap<>();
    subjects.forEach(subject -> referrers.put(subject.subject(), new TreeSet<>()));
    for (SubjectSchemas subject : subjects) {
      subject.versions().forEach(version -> version.references().forEach(reference -> {
        Set<String> of = referrers.get(reference.subject());
        if (of != null && !reference.subject().equals(subject.subject())) {
          of.add(subject.subject());
        }
      }));
    }
    Set<String> ordered = new LinkedHashSet<>();
    Set<String> visiting = new HashSet<>();
    referrers.keySet().forEach(name -> deleteAfterReferrers(name, referrers, visiting, ordered));
    return new ArrayList<>(ordered);
  }

  private static void deleteAfterReferrers(String name, Map<String, Set<String>> referrers, Set<String> visiting, Set<String> ordered) {
    if (ordered.contains(name)) {
      return;
    }
    if (!visiting.add(name)) {
      throw new IllegalArgumentException("schema references form a cycle through " + name);
    }
    referrers.get(name).forEach(referrer -> deleteAfterReferrers(referrer, referrers, visiting, ordered));
    visiting.remove(name);
    ordered.add(name);
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
