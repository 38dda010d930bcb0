package dev.runbook.kafka.schemas;

import java.util.List;

/**
 * A subject with every version, soft-deleted ones included, in version order. {@code compatibility}
 * and {@code mode} are the subject's own settings, {@code null} where it follows the registry's.
 */
public record SubjectSchemas(String subject, String compatibility, String mode, List<SchemaVersion> versions) {

  public SubjectSchemas {
    versions = List.copyOf(versions);
  }
}
