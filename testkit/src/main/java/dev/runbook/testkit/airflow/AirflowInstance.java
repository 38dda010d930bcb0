package dev.runbook.testkit.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One running Airflow 3 instance of the lab: where its API answers, the admin credentials of its
 * simple auth manager, and its DAG folder, which the dag-processor rescans every few seconds.
 */
public record AirflowInstance(
    String name, URI baseUrl, String username, String password, Path home, Path dagsFolder) {

  /** Copies DAG files into this instance's DAG folder, replacing files of the same name. */
  public void copyDagFiles(Path... dagFiles) {
    for (Path file : dagFiles) {
      try {
        Files.copy(file, dagsFolder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + file + " to " + dagsFolder, e);
      }
    }
  }

  @Override
  public String toString() {
    return "AirflowInstance[" + name + " " + baseUrl + " user=" + username + "]";
  }
}
