package dev.runbook.tools;

import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.SchemaVerification;
import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka schemas diff}: the runbook's schema verification on its own, over every subject of
 * either registry: each version's ID, schema, references and soft-deleted state,
 * {@code /schemas/ids/{id}} for every ID, and compatibility.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Compare two registries subject by subject and ID by ID; exit 1 on any difference.")
final class SchemasDiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TwoRegistryOptions registries;

  @Option(names = "--subjects", paramLabel = "<regex>", description = "Subjects to compare (default: every subject of either registry).")
  Pattern subjects;

  @Override
  public Integer call() {
    ConfluentRegistryClient source = registries.sourceClient();
    ConfluentRegistryClient target = registries.targetClient();
    Set<String> compared = new TreeSet<>(source.subjects(true));
    compared.addAll(target.subjects(true));
    if (subjects != null) {
      compared.removeIf(subject -> !subjects.matcher(subject).matches());
    }
    SchemaVerification.Result result = SchemaVerification.verify(source, target, compared);
    PrintWriter out = spec.commandLine().getOut();
    result.differences().forEach(difference -> out.println("difference: " + difference));
    out.println((result.matches() ? "MATCH: " : "DIFFERENT: " + result.differences().size() + " differences; ")
        + result.subjects() + " subjects, " + result.versions() + " versions, " + result.ids() + " schema ids compared");
    return result.matches() ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }
}
