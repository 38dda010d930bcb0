package dev.runbook.tools;

import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.RegistryContents;
import dev.runbook.kafka.schemas.RegistryDiscovery;
import dev.runbook.kafka.schemas.SchemaCopy;
import dev.runbook.kafka.schemas.SchemaCopyPlan;
import dev.runbook.kafka.schemas.SchemaReference;
import dev.runbook.kafka.schemas.SchemaTargetWriter;
import dev.runbook.kafka.schemas.SchemaVerification;
import dev.runbook.kafka.schemas.SchemaVersion;
import dev.runbook.kafka.schemas.SubjectChoice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka schemas copy}: the runbook's schema copy on its own. With {@code --dry-run} it lists
 * what it would write, in order, and every conflict, and writes nothing; without, it copies with
 * every ID preserved and verifies.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = "Copy subjects with their schema IDs, versions and compatibility; --dry-run lists what would be written.")
final class SchemasCopyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TwoRegistryOptions registries;

  @Option(names = "--subjects", paramLabel = "<regex>", description = "Subjects to copy (default: every subject of the source).")
  Pattern subjects;

  @Option(names = "--exclude", paramLabel = "<regex>", description = "Subjects not to copy (referenced ones are copied anyway).")
  Pattern exclude;

  @Option(names = "--dry-run", description = "Only list what would be written and any conflict; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    ConfluentRegistryClient source = registries.sourceClient();
    ConfluentRegistryClient target = registries.targetClient();
    RegistryContents all = RegistryDiscovery.readAll(source);
    Set<String> chosen = all.bySubject().keySet().stream()
        .filter(s -> subjects == null || subjects.matcher(s).matches())
        .filter(s -> exclude == null || !exclude.matcher(s).matches())
        .collect(Collectors.toSet());
    Set<String> copied = SubjectChoice.withReferences(all, chosen);
    SchemaCopyPlan plan = SchemaCopy.plan(all.only(copied), target);
    PrintWriter out = spec.commandLine().getOut();
    print(out, plan);
    if (dryRun) {
      out.println("dry run: nothing written");
      return plan.conflicts().isEmpty() ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
    }
    SchemaTargetWriter writer = registries.targetWriter();
    SchemaCopy.apply(plan, writer);
    SchemaVerification.Result verified = SchemaVerification.verify(source, target, copied);
    verified.differences().forEach(difference -> out.println("difference: " + difference));
    out.println((verified.matches() ? "COPIED: " : "COPIED WITH DIFFERENCES: ") + plan.versions().size() + " versions written to "
        + writer.target() + "; " + verified.subjects() + " subjects, " + verified.versions() + " versions, " + verified.ids()
        + " schema ids verified");
    return verified.matches() ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }

  private static void print(PrintWriter out, SchemaCopyPlan plan) {
    plan.conflicts().forEach(conflict -> out.println("conflict: " + conflict));
    plan.newSubjects().stream().sorted().forEach(subject -> out.println("new subject: " + subject));
    for (SchemaVersion version : plan.versions()) {
      out.println("write " + version.label() + " as schema id " + version.id() + " (" + version.schemaType()
          + (version.deleted() ? ", soft-deleted" : "") + references(version.references()) + ")");
    }
    if (plan.globalCompatibility() != null) {
      out.println("set global compatibility " + plan.globalCompatibility());
    }
    new TreeMap<>(plan.subjectCompatibility()).forEach((subject, level) -> out.println("set compatibility of " + subject + " " + level));
    plan.softDeletes().forEach(version -> out.println("soft-delete " + version.label() + " (soft-deleted on the source since)"));
    new TreeMap<>(plan.subjectModes()).forEach((subject, mode) -> out.println("set mode of " + subject + " " + mode));
    out.println(plan.versions().size() + " versions to write, " + plan.alreadyPresent() + " already on the target, "
        + plan.conflicts().size() + " conflicts");
  }

  private static String references(List<SchemaReference> references) {
    return references.isEmpty() ? "" : ", references " + references.stream()
        .map(r -> r.subject() + "/" + r.version()).collect(Collectors.joining(", "));
  }
}
