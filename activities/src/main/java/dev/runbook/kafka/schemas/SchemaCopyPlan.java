package dev.runbook.kafka.schemas;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What copying a registry's subjects onto a target would write, worked out before anything is
 * written: the missing versions in an order that puts references first, the subjects the target
 * does not have yet, the compatibility settings and subject modes to change, the versions soft-deleted
 * on the source since they were copied, and the conflicts that forbid the copy.
 *
 * @param globalCompatibility the target's new global compatibility, {@code null} when it already matches
 * @param softDeletes versions on the target that the source has soft-deleted since
 * @param subjectModes the subjects' own modes on the source ({@code READONLY}, …) the target is to take
 * @param alreadyPresent versions found on the target with the same ID and content
 */
public record SchemaCopyPlan(
    List<SchemaVersion> versions,
    Set<String> newSubjects,
    Map<String, String> subjectCompatibility,
    String globalCompatibility,
    List<SchemaVersion> softDeletes,
    Map<String, String> subjectModes,
    List<String> conflicts,
    int alreadyPresent) {

  public SchemaCopyPlan {
    versions = List.copyOf(versions);
    newSubjects = Set.copyOf(newSubjects);
    subjectCompatibility = Map.copyOf(subjectCompatibility);
    softDeletes = List.copyOf(softDeletes);
    subjectModes = Map.copyOf(subjectModes);
    conflicts = List.copyOf(conflicts);
  }

  public boolean nothingToDo() {
    return versions.isEmpty() && subjectCompatibility.isEmpty() && globalCompatibility == null && softDeletes.isEmpty()
        && subjectModes.isEmpty();
  }
}
