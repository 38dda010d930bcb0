package dev.runbook.lab;

import dev.runbook.testkit.airflow.AirflowLabPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lab's first use installs the pinned Python tools (Apache Airflow 3, the temporal CLI) with
 * {@code scripts/python-tools.sh}, so that a fresh clone rehearses both runbooks on a real Temporal
 * server. One progress line while it runs; its output goes to a log file.
 */
final class PythonTools {

  /** The script's exit code when no Python 3.11 is found. */
  static final int NO_PYTHON = 2;
  /** Bash's exit code when the interpreter is not there at all. */
  static final int NOT_FOUND = 127;

  private PythonTools() {}

  /** Installs the tools unless already there; returns whether Airflow can be rehearsed, having said why not. */
  static boolean ensureInstalled(AirflowLabPaths paths, Path log, PrintStream screen) throws IOException, InterruptedException {
    if (paths.airflowInstalled() && Files.isExecutable(paths.venv().resolve("bin/temporal"))) {
      return true;
    }
    Files.createDirectories(log.getParent());
    screen.println("installing the pinned Python tools (Apache Airflow 3, temporal CLI) into " + paths.venv()
        + ", once, about 1-2 minutes (log: " + log + ")...");
    long started = System.nanoTime();
    ProcessBuilder install = new ProcessBuilder("bash", paths.projectRoot().resolve("scripts/python-tools.sh").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    install.environment().put("RUNBOOK_VENV", paths.venv().toString());
    int exit = install.start().waitFor();
    if (exit == 0) {
      screen.println("Python tools ready in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
      return true;
    }
    screen.println(exit == NO_PYTHON || exit == NOT_FOUND
        ? "no Python 3.11 here (scripts/python-tools.sh needs one; RUNBOOK_PYTHON names it): rehearsing the Kafka runbook alone"
        : "installing the Python tools failed (exit " + exit + ", log: " + log + "): rehearsing the Kafka runbook alone");
    return false;
  }
}
