package dev.runbook.kafka.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a registry holds, as far as it was read: its global compatibility and mode, and subjects by name order. */
public record RegistryContents(String compatibility, String mode, List<SubjectSchemas> subjects) {

  public RegistryContents {
    subjects = List.copyOf(subjects);
  }

  public Optional<SubjectSchemas> subject(String name) {
    return subjects.stream().filter(s -> s.subject().equals(name)).findFirst();
  }

  /** The compatibility a subject is checked with: its own, else the registry's. */
  public String effectiveCompatibility(SubjectSchemas subject) {
    return subject.compatibility() == null ? compatibility : subject.compatibility();
  }

  /** The mode a subject is in: its own, else the registry's. */
  public String effectiveMode(SubjectSchemas subject) {
    return subject.mode() == null ? mode : subject.mode();
  }

  /** The same registry, limited to the named subjects. */
  public RegistryContents only(java.util.Set<String> names) {
    return new RegistryContents(compatibility, mode, subjects.stream().filter(s -> names.contains(s.subject())).toList());
  }

  public Map<String, SubjectSchemas> bySubject() {
    return subjects.stream().collect(Collectors.toMap(SubjectSchemas::subject, Function.identity()));
  }

  public int versionCount() {
    return subjects.stream().mapToInt(s -> s.versions().size()).sum();
  }
}
