package dev.runbook.testkit.airflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Airflow lab lives on this machine: the project root (which holds
 * {@code scripts/airflow-instances.sh} and the sample DAGs) and the virtualenv that
 * {@code scripts/python-tools.sh} installs Airflow into.
 */
public record AirflowLabPaths(Path projectRoot, Path venv) {

  static final String INSTANCES_SCRIPT = "scripts/airflow-instances.sh";

  /**
   * Resolves the paths from {@code RUNBOOK_PROJECT_ROOT} and {@code RUNBOOK_VENV} when set, else
   * from the first ancestor of the working directory that holds the instances script, and its
   * {@code .venv}.
   */
  public static AirflowLabPaths discover(Map<String, String> environment, Path workingDirectory) {
    Path root = environment.containsKey("RUNBOOK_PROJECT_ROOT")
        ? Path.of(environment.get("RUNBOOK_PROJECT_ROOT"))
        : findProjectRoot(workingDirectory.toAbsolutePath());
    Path venv = environment.containsKey("RUNBOOK_VENV")
        ? Path.of(environment.get("RUNBOOK_VENV"))
        : root.resolve(".venv");
    return new AirflowLabPaths(root, venv);
  }

  /** The paths for this JVM's environment and working directory. */
  public static AirflowLabPaths discover() {
    return discover(System.getenv(), Path.of(""));
  }

  private static Path findProjectRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(INSTANCES_SCRIPT))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no " + INSTANCES_SCRIPT + " above " + start + "; set RUNBOOK_PROJECT_ROOT");
  }

  public Path instancesScript() {
    return projectRoot.resolve(INSTANCES_SCRIPT);
  }

  /** The DAG files the source instance ships with and tests copy into the target. */
  public Path sampleDagsFolder() {
    return projectRoot.resolve("scripts/airflow/dags");
  }

  /** True when {@code scripts/python-tools.sh} has installed the {@code airflow} binary. */
  public boolean airflowInstalled() {
    return Files.isExecutable(venv.resolve("bin/airflow"));
  }
}
