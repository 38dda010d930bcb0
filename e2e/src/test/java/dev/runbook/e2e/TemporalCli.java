package dev.runbook.e2e;

import dev.runbook.testkit.airflow.AirflowLabPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the {@code temporal} CLI as an operator would and captures its exit code and output. */
final class TemporalCli {

  private TemporalCli() {}

  record Result(int code, String out, String err) {
    String both() {
      return out + err;
    }
  }

  /**
   * The {@code temporal} binary of the venv, or empty with the reason in {@code skipReason}; fails
   * when it is missing and {@code RUNBOOK_REQUIRE_AIRFLOW} is set (CI).
   */
  static Optional<Path> findBinary(StringBuilder skipReason) {
    Path venv = AirflowLabPaths.discover().venv();
    Path binary = venv.resolve("bin/temporal");
    if (Files.isExecutable(binary)) {
      return Optional.of(binary);
    }
    String message = "no temporal CLI in " + venv + ": run scripts/python-tools.sh (or set RUNBOOK_VENV)";
    if (System.getenv("RUNBOOK_REQUIRE_AIRFLOW") != null) {
      throw new IllegalStateException(message + "; RUNBOOK_REQUIRE_AIRFLOW is set, so this is a failure");
    }
    skipReason.append(message).append(" (set RUNBOOK_REQUIRE_AIRFLOW to fail instead)");
    return Optional.empty();
  }

  static Result run(Path binary, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("temporal " + String.join(" ", args) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
