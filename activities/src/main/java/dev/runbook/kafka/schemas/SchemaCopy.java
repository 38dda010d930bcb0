package dev.runbook.kafka.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies subjects from a source registry to a target with every schema ID, version number and
 * soft-deleted state preserved, then the compatibility settings and the subjects' own modes. Checks
 * first: a version already there with the same ID and content is skipped (a second copy writes
 * nothing; one soft-deleted on the source since is soft-deleted on the target too), and any conflict
 * stops the copy before its first write.
 */
public final class SchemaCopy {

  /** The mode of a registry being written with explicit IDs: the copy's own, never one to copy. */
  private static final String IMPORT = "IMPORT";

  private SchemaCopy() {}

  /** Compares what the source holds with the target (read through its Confluent API) and says what a copy writes. */
  public static SchemaCopyPlan plan(RegistryContents source, ConfluentRegistryClient target) {
    RegistryContents onTarget = RegistryDiscovery.read(target, source.bySubject().keySet());
    Map<String, SubjectSchemas> targetSubjects = onTarget.bySubject();
    List<String> conflicts = new ArrayList<>();
    List<SchemaVersion> missing = new ArrayList<>();
    List<SchemaVersion> softDeletes = new ArrayList<>();
    Set<String> present = new HashSet<>();
    Map<Integer, Optional<ConfluentRegistryClient.SchemaById>> targetIds = new HashMap<>();
    for (SubjectSchemas subject : source.subjects()) {
      SubjectSchemas there = targetSubjects.get(subject.subject());
      for (SchemaVersion version : subject.versions()) {
        Optional<SchemaVersion> same = there == null ? Optional.empty()
            : there.versions().stream().filter(v -> v.version() == version.version()).findFirst();
        if (same.isPresent()) {
          conflict(version, same.get()).ifPresentOrElse(conflicts::add, () -> present.add(version.label()));
          if (version.deleted() && !same.get().deleted()) {
            softDeletes.add(version);
          }
          continue;
        }
        targetIds.computeIfAbsent(version.id(), target::schemaById).ifPresent(byId -> {
          if (!version.sameContent(byId.schemaType(), byId.schema(), byId.references())) {
            conflicts.add("schema id " + version.id() + " of " + version.label() + " is taken on the target by different content");
          }
        });
        missing.add(version);
      }
    }
    Map<String, String> compatibility = new HashMap<>();
    for (SubjectSchemas subject : source.subjects()) {
      SubjectSchemas there = targetSubjects.get(subject.subject());
      if (subject.compatibility() != null && (there == null || !subject.compatibility().equals(there.compatibility()))) {
        compatibility.put(subject.subject(), subject.compatibility());
      }
    }
    Set<String> written = new HashSet<>();
    missing.forEach(version -> written.add(version.subject()));
    Map<String, String> modes = new HashMap<>();
    for (SubjectSchemas subject : source.subjects()) {
      String mode = subject.mode();
      if (mode == null || IMPORT.equals(mode)) {
        continue;
      }
      SubjectSchemas there = targetSubjects.get(subject.subject());
      // A write leaves the subject in the registry's mode (it passes through IMPORT), so its own mode is set again.
      if (there == null || written.contains(subject.subject()) || !mode.equals(onTarget.effectiveMode(there))) {
        modes.put(subject.subject(), mode);
      }
    }
    Set<String> newSubjects = new TreeSet<>(source.bySubject().keySet());
    newSubjects.removeAll(targetSubjects.keySet());
    List<SchemaVersion> ordered = conflicts.isEmpty() ? ReferenceOrder.of(missing, present) : missing;
    String global = source.compatibility().equals(onTarget.compatibility()) ? null : source.compatibility();
    return new SchemaCopyPlan(ordered, newSubjects, compatibility, global, softDeletes, modes, conflicts, present.size());
  }

  /** Writes the plan through {@code writer}, or refuses before any write when it has conflicts. */
  public static void apply(SchemaCopyPlan plan, SchemaTargetWriter writer) {
    if (!plan.conflicts().isEmpty()) {
      throw new SchemaConflictException(writer.target(), plan.conflicts());
    }
    if (!plan.nothingToDo()) {
      writer.write(plan);
    }
  }

  private static Optional<String> conflict(SchemaVersion source, SchemaVersion target) {
    if (source.id() != target.id()) {
      return Optional.of(source.label() + " is schema id " + target.id() + " on the target, " + source.id() + " on the source");
    }
    if (!source.sameContent(target.schemaType(), target.schema(), target.references())) {
      return Optional.of(source.label() + " has other content on the target");
    }
    if (target.deleted() && !source.deleted()) {
      return Optional.of(source.label() + " is soft-deleted on the target only");
    }
    return Optional.empty();
  }
}
