package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Referenced versions before the versions that reference them; a subject's versions in ascending order; referrers deleted first. */
class ReferenceOrderTest {

  @Test
  void placesReferencesFirstAndKeepsEachSubjectAscending() {
    List<SchemaVersion> versions = List.of(
        version("a-value", 2, ref("z-value", 1)),
        version("a-value", 1),
        version("z-value", 1, ref("m-value", 2)),
        version("m-value", 2),
        version("m-value", 1));

    assertEquals(List.of("a-value/1", "m-value/1", "m-value/2", "z-value/1", "a-value/2"),
        ReferenceOrder.of(versions, Set.of()).stream().map(SchemaVersion::label).toList());
  }

  @Test
  void aReferenceAlreadyOnTheTargetNeedsNoPlace() {
    assertEquals(List.of("a-value/1"),
        ReferenceOrder.of(List.of(version("a-value", 1, ref("b-value", 3))), Set.of("b-value/3")).stream()
            .map(SchemaVersion::label).toList());
  }

  @Test
  void refusesAReferenceNeitherCopiedNorOnTheTarget() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ReferenceOrder.of(List.of(version("a-value", 1, ref("b-value", 3))), Set.of()));
    assertEquals("a-value/1 references b-value/3, which is neither copied nor on the target", refused.getMessage());
  }

  @Test
  void refusesACycle() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ReferenceOrder.of(
        List.of(version("a-value", 1, ref("b-value", 1)), version("b-value", 1, ref("a-value", 1))), Set.of()));
    assertEquals("schema references form a cycle through a-value/1", refused.getMessage());
  }

  @Test
  void deletesEverySubjectBeforeTheSubjectsItReferences() {
    List<SubjectSchemas> subjects = List.of(
        new SubjectSchemas("a-value", null, null, List.of(version("a-value", 1), version("a-value", 2, ref("z-value", 1)))),
        new SubjectSchemas("m-value", null, null, List.of(version("m-value", 1))),
        new SubjectSchemas("z-value", null, null, List.of(version("z-value", 1, ref("m-value", 1), ref("elsewhere-value", 4)))));

    assertEquals(List.of("a-value", "z-value", "m-value"), ReferenceOrder.referrersFirst(subjects));
  }

  private static SchemaReference ref(String subject, int version) {
    return new SchemaReference(subject.toUpperCase(), subject, version);
  }

  private static SchemaVersion version(String subject, int version, SchemaReference... references) {
    return new SchemaVersion(subject, version, subject.hashCode() + version, "AVRO", "\"string\"", List.of(references), false);
  }
}
