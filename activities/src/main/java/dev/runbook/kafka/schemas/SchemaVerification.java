package dev.runbook.kafka.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a target answers like the source for the given subjects: every version with the same
 * ID, canonical schema, references and soft-deleted state, no version on one side only,
 * {@code /schemas/ids/{id}} equal for every ID, and the same compatibility (global and the one each
 * subject is checked with).
 */
public final class SchemaVerification {

  private SchemaVerification() {}

  /** What was compared, and every difference as one line. */
  public record Result(int subjects, int versions, int ids, List<String> differences) {

    public boolean matches() {
      return differences.isEmpty();
    }
  }

  public static Result verify(ConfluentRegistryClient source, ConfluentRegistryClient target, Collection<String> subjects) {
    RegistryContents left = RegistryDiscovery.read(source, subjects);
    RegistryContents right = RegistryDiscovery.read(target, subjects);
    List<String> differences = new ArrayList<>();
    if (!left.compatibility().equals(right.compatibility())) {
      differences.add("global compatibility: " + left.compatibility() + " on the source, " + right.compatibility() + " on the target");
    }
    Map<String, SubjectSchemas> targetSubjects = right.bySubject();
    Map<String, SubjectSchemas> sourceSubjects = left.bySubject();
    Set<Integer> ids = new TreeSet<>();
    for (String name : new TreeSet<>(subjects)) {
      SubjectSchemas mine = sourceSubjects.get(name);
      SubjectSchemas theirs = targetSubjects.get(name);
      if (mine == null || theirs == null) {
        if (mine != theirs) {
          differences.add(name + ": on the " + (mine == null ? "target" : "source") + " only");
        }
        Optional.ofNullable(mine == null ? theirs : mine).ifPresent(s -> s.versions().forEach(v -> ids.add(v.id())));
        continue;
      }
      compareVersions(mine, theirs, differences, ids);
      String expected = left.effectiveCompatibility(mine);
      String actual = right.effectiveCompatibility(theirs);
      if (!expected.equals(actual)) {
        differences.add(name + ": compatibility " + expected + " on the source, " + actual + " on the target");
      }
    }
    for (int id : ids) {
      Optional<ConfluentRegistryClient.SchemaById> a = source.schemaById(id);
      Optional<ConfluentRegistryClient.SchemaById> b = target.schemaById(id);
      if (a.isEmpty() || b.isEmpty()) {
        if (a.isPresent() != b.isPresent()) {
          differences.add("schema id " + id + ": found on the " + (a.isPresent() ? "source" : "target") + " only");
        }
      } else if (!sameContent(a.get(), b.get())) {
        differences.add("schema id " + id + ": different schemas");
      }
    }
    int versions = Math.max(left.versionCount(), right.versionCount());
    return new Result(new TreeSet<>(subjects).size(), versions, ids.size(), differences);
  }

  private static void compareVersions(SubjectSchemas mine, SubjectSchemas theirs, List<String> differences, Set<Integer> ids) {
    Map<Integer, SchemaVersion> targetVersions = new java.util.HashMap<>();
    theirs.versions().forEach(v -> targetVersions.put(v.version(), v));
    for (SchemaVersion version : mine.versions()) {
      ids.add(version.id());
      SchemaVersion other = targetVersions.remove(version.version());
      if (other == null) {
        differences.add(version.label() + ": missing on the target");
      } else if (other.id() != version.id()) {
        differences.add(version.label() + ": schema id " + version.id() + " on the source, " + other.id() + " on the target");
      } else if (!version.sameContent(other.schemaType(), other.schema(), other.references())) {
        differences.add(version.label() + ": different " + (version.references().equals(other.references()) ? "schema" : "references"));
      } else if (version.deleted() != other.deleted()) {
        differences.add(version.label() + ": soft-deleted on the " + (version.deleted() ? "source" : "target") + " only");
      }
    }
    new TreeSet<>(targetVersions.keySet()).forEach(v -> {
      differences.add(mine.subject() + "/" + v + ": on the target only");
      ids.add(targetVersions.get(v).id());
    });
  }

  private static boolean sameContent(ConfluentRegistryClient.SchemaById a, ConfluentRegistryClient.SchemaById b) {
    return a.schemaType().equals(b.schemaType()) && a.references().equals(b.references())
        && CanonicalSchema.of(a.schemaType(), a.schema()).equals(CanonicalSchema.of(b.schemaType(), b.schema()));
  }
}
