package dev.runbook.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * {@code discovery.json}: what a {@code discover} command writes into its {@code --out} folder and the
 * matching {@code plan} command reads back from {@code --from}.
 */
final class DiscoveryJson {

  static final String NAME = "discovery.json";

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private DiscoveryJson() {}

  static Path write(Path dir, Object discovery) throws IOException {
    Path file = dir.resolve(NAME);
    JSON.writeValue(file.toFile(), discovery);
    return file;
  }

  /**
   * Reads {@code dir/discovery.json} as written by {@code ./runbook <tool> discover}.
   *
   * @throws IllegalArgumentException naming the file when it is absent, unreadable or incomplete
   */
  static <T> T read(Path dir, Class<T> type, String tool, Predicate<T> complete) {
    Path file = dir.resolve(NAME);
    String writer = "./runbook " + tool + " discover";
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file (write it with " + writer + " --out " + dir + ")");
    }
    T read;
    try {
      read = JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not written by " + writer + " ("
          + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
    }
    if (read == null || !complete.test(read)) {
      throw new IllegalArgumentException(file + ": not written by " + writer + " (parts are missing)");
    }
    return read;
  }
}
