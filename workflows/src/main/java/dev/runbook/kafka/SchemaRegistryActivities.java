package dev.runbook.kafka;

import dev.runbook.kernel.StepOptions;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Schema Registry that moves with the data: copy every selected subject's versions with their
 * schema IDs onto the target (again, to sync what was registered since), remove that copy again (the
 * undo), verify the target answers like the source, and switch the source's mode (read-only once the
 * last producer moves, back on rollback). Subjects are chosen from the plan's selection and the
 * migrated topics, references included.
 */
@ActivityInterface
public interface SchemaRegistryActivities {

  /** Copy and undo repeat 3 times (both check before they write); verification reads patiently. */
  static SchemaRegistryActivities stub() {
    return StepOptions.stub(SchemaRegistryActivities.class, Map.of(
        "copySchemas", StepOptions.change(Duration.ofMinutes(10), 3),
        "removeCopiedSchemas", StepOptions.change(Duration.ofMinutes(10), 3),
        "verifySchemas", StepOptions.read(Duration.ofMinutes(10)),
        "readSourceMode", StepOptions.read(Duration.ofMinutes(2)),
        "setSourceMode", StepOptions.change(Duration.ofMinutes(2), 3)));
  }

  /** Writes what the target lacks; an ID taken there by other content fails it before any write. */
  SchemaCopyResult copySchemas(SchemaRequest request);

  /** Deletes from the target the selected subjects that hold exactly the source's versions (what a copy wrote). */
  void removeCopiedSchemas(SchemaRequest request);

  SchemaVerificationReport verifySchemas(SchemaRequest request);

  /** The source registry's global mode ({@code READWRITE}, {@code READONLY}, …), as it is before the runbook locks it. */
  String readSourceMode(KafkaMigrationPlan.SchemaRegistry registry);

  /** Sets the source registry's global mode (setting the mode it is in already changes nothing). */
  void setSourceMode(SourceModeRequest request);

  /** The global mode to put the source registry in. */
  record SourceModeRequest(KafkaMigrationPlan.SchemaRegistry registry, String mode) {}

  /** The plan's registries and selection, and the topics that move (for the default selection). */
  record SchemaRequest(KafkaMigrationPlan.SchemaRegistry registry, List<String> topics) {}

  record SchemaCopyResult(int subjects, int versionsWritten, int alreadyPresent) {}

  /** Every difference as one line; none when the target answers like the source. */
  record SchemaVerificationReport(int subjects, int versions, int ids, List<String> differences) {

    public boolean matches() {
      return differences.isEmpty();
    }

    public String summary() {
      String compared = subjects + " subjects, " + versions + " versions, " + ids + " schema ids";
      return matches() ? "schemas match: " + compared
          : differences.size() + " schema differences in " + compared + ": " + String.join("; ", differences);
    }
  }
}
