package dev.runbook.kafka.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kafka.KafkaMigrationPlan.AppSchemaRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/**
 * An app's Schema Registry credentials as an env var of its container: a {@code secretKeyRef} to the
 * Secret key the plan names ({@code user:password} for the target registry), or none for a target that
 * asks for none, so no secret value passes through the runbook. Its registry URL and that env var as
 * they were go into a Deployment annotation first, and come back from it exactly.
 */
final class RegistryDelivery {

  static final String ORIGINAL_SCHEMA_REGISTRY = "runbook.dev/original-schema-registry";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the app had before its first repoint to the target registry ({@code userInfo} null: no such env var). */
  record Original(String url, EnvVar userInfo) {}

  private RegistryDelivery() {}

  /** The annotation's value: the app's registry URL now and its user info env var. */
  static String record(String url, Container container, AppSchemaRegistry registry) {
    EnvVar userInfo = registry.userInfoEnv() == null ? null : CredentialDelivery.find(container, registry.userInfoEnv());
    try {
      return JSON.writeValueAsString(new Original(url, userInfo));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record the app's registry settings", e);
    }
  }

  static Original read(String recorded) {
    try {
      return JSON.readValue(recorded, Original.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("annotation " + ORIGINAL_SCHEMA_REGISTRY + " is not what the runbook wrote", e);
    }
  }

  /** Gives the container the target registry's credentials (or removes its user info); returns whether anything changed. */
  static boolean deliver(Container container, AppSchemaRegistry registry) {
    if (registry.userInfoEnv() == null) {
      return false;
    }
    EnvVar wanted = registry.targetUserInfo() == null ? null : new EnvVarBuilder().withName(registry.userInfoEnv())
        .withNewValueFrom().withNewSecretKeyRef(registry.targetUserInfo().key(), registry.targetUserInfo().secret(), false)
        .endValueFrom().build();
    return CredentialDelivery.put(container, registry.userInfoEnv(), wanted);
  }

  /** Puts the user info env var back as {@link #record} found it; returns whether anything changed. */
  static boolean restore(Container container, AppSchemaRegistry registry, Original original) {
    return registry.userInfoEnv() != null && CredentialDelivery.put(container, registry.userInfoEnv(), original.userInfo());
  }
}
