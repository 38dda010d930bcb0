package dev.runbook.kafka.schemas;

import java.util.List;

/** The target holds something the copy would contradict (an ID taken by other content, a version with another ID): nothing was written. */
public final class SchemaConflictException extends RuntimeException {

  private static final int LISTED = 5;
  private final List<String> conflicts;

  public SchemaConflictException(String target, List<String> conflicts) {
    super(conflicts.size() + " conflict(s) on " + target + ", nothing written: "
        + String.join("; ", conflicts.subList(0, Math.min(LISTED, conflicts.size())))
        + (conflicts.size() > LISTED ? "; and " + (conflicts.size() - LISTED) + " more" : ""));
    this.conflicts = List.copyOf(conflicts);
  }

  public List<String> conflicts() {
    return conflicts;
  }
}
