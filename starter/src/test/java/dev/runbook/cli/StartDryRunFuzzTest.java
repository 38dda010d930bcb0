package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testing.PlanMutations;
import dev.runbook.testing.PlanMutations.ExamplePlan;
import dev.runbook.testing.PlanMutations.Mutation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thousand hostile variants of every example plan through {@code runbook start --dry-run}: each is
 * accepted (exit 0, "plan OK") or refused with exit code 1 and one line per problem, each naming the
 * file or a field; never a stack trace, a Java class name, a hang or a line too long to read.
 */
class StartDryRunFuzzTest {

  static final Path EXAMPLES = Path.of("../deploy/examples");
  static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** Longer than any honest message, far shorter than an echoed 100k value. */
  static final int MAX_LINE = 600;
  static final Pattern PROBLEM = Pattern.compile("  - (the plan is empty|[a-zA-Z][\\w.\\[\\]-]*(\\.[^:]*)?: .+)");
  static final Pattern JAVA_NOISE = Pattern.compile("\tat |`|Exception|java\\.|com\\.fasterxml|org\\.yaml|\\bnull:");

  @TempDir Path dir;

  static Stream<ExamplePlan> examples() {
    return PlanMutations.examples(EXAMPLES).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyMutationIsAcceptedOrRefusedInOneLinePerProblem(ExamplePlan example) throws Exception {
    long started = System.nanoTime();
    List<Mutation> mutations = PlanMutations.of(example.text());
    assertEquals(PlanMutations.PER_PLAN, mutations.size());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Result>> answers = new ArrayList<>();
      for (int i = 0; i < mutations.size(); i++) {
        Path file = dir.resolve("plan-" + i + ".yaml");
        String yaml = mutations.get(i).yaml();
        answers.add(pool.submit(() -> {
          Files.writeString(file, yaml);
          Result result = cli("start", example.runbook(), "--plan", file.toString(), "--dry-run", "--as", "fuzz");
          Files.delete(file);
          return result.forFile(file);
        }));
      }
      List<String> failures = new ArrayList<>();
      int accepted = 0;
      for (int i = 0; i < mutations.size(); i++) {
        Result result;
        try {
          result = answers.get(i).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          failures.add(mutations.get(i).kind() + ": no answer within 10 s");
          continue;
        }
        String problem = problemOf(result, result.file);
        if (problem != null) {
          failures.add(mutations.get(i).kind() + ": " + problem);
        } else if (result.code == 0) {
          accepted++;
        }
      }
      System.out.printf("%s: %d mutations, %d accepted, %d refused, %d ms%n", example.file().getFileName(),
          mutations.size(), accepted, mutations.size() - accepted, (System.nanoTime() - started) / 1_000_000);
      assertTrue(failures.isEmpty(), failures.size() + " mutation(s) answered badly, e.g.:\n"
          + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    } finally {
      pool.shutdownNow();
    }
  }

  /** What is wrong with the CLI's answer, or null when it is one of the two allowed answers. */
  static String problemOf(Result result, Path file) {
    if (result.code == 0) {
      return result.out.startsWith("plan OK: ") && result.err.isEmpty() ? null : "exit 0 but " + cut(result.out + result.err);
    }
    if (result.code != 1) {
      return "exit " + result.code + ": " + cut(result.err);
    }
    if (!result.out.isEmpty()) {
      return "refused with output on stdout: " + cut(result.out);
    }
    List<String> lines = result.err.lines().toList();
    for (String line : lines) {
      if (line.length() > MAX_LINE) {
        return "a line of " + line.length() + " characters: " + cut(line);
      }
      if (JAVA_NOISE.matcher(line).find()) {
        return "Java speaks: " + cut(line);
      }
    }
    if (lines.size() == 1 && lines.get(0).startsWith("error: " + file + ": ")) {
      return null;
    }
    String header = file + ": " + (lines.size() - 1) + " problem(s):";
    if (lines.size() < 2 || !lines.get(0).equals(header)) {
      return "neither one error line nor a list of problems: " + cut(result.err);
    }
    return lines.stream().skip(1).filter(line -> !PROBLEM.matcher(line).matches()).findFirst()
        .map(line -> "a problem that names no field: " + cut(line)).orElse(null);
  }

  static String cut(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RunbookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString(), null);
  }

  record Result(int code, String out, String err, Path file) {
    Result forFile(Path planFile) {
      return new Result(code, out, err, planFile);
    }
  }
}
