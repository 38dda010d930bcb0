package dev.runbook.kafka.schemas;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What copying a registry's subjects onto a target would write, worked out before anything is
 * written: the missing versions in an order that puts references first, the subjects the target
 * does not have yet, the compatibility settings to change, and the conflicts that forbid the copy.
 *
 * @param globalCompatibility the target's new global compatibility, {@code null} when it already matches
 * @param alreadyPresent versions found on the target with the same ID and content
 */
public record SchemaCopyPlan(
    List<SchemaVersion> versions,
    Set<String> newSubjects,
    Map<String, String> subjectCompatibility,
    String globalCompatibility,
    List<String> conflicts,
    int alreadyPresent) {

  public SchemaCopyPlan {
    versions = List.copyOf(versions);
    newSubjects = Set.copyOf(newSubjects);
    subjectCompatibility = Map.copyOf(subjectCompatibility);
    conflicts = List.copyOf(conflicts);
  }

  public boolean nothingToDo() {
    return versions.isEmpty() && subjectCompatibility.isEmpty() && globalCompatibility == null;
  }
}
