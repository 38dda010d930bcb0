package dev.runbook.secrets;

import dev.runbook.plan.SecretRef;

/** Turns a {@link SecretRef} into its value at the moment of use; values are never stored. */
public interface SecretResolver {

  /** @throws IllegalArgumentException naming the reference (never a value) when it cannot be resolved */
  String resolve(SecretRef ref);
}
