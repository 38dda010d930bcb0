package dev.runbook.kafka.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kafka.KafkaMigrationPlan.AppCredentials;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.strimzi.StrimziModel;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An app's target credentials as its container's env vars: values for the protocol and the SASL
 * mechanism, {@code secretKeyRef}s to the KafkaUser's Secret (User Operator) and the cluster CA
 * Secret (Cluster Operator) for the rest, so no secret value passes through the runbook. The env
 * vars as they were go into a Deployment annotation first, and come back from it exactly.
 */
final class CredentialDelivery {

  static final String ORIGINAL_CREDENTIALS = "runbook.dev/original-credentials";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CredentialDelivery() {}

  /** Gives the container the target's credentials; returns whether anything changed. */
  static boolean deliver(String user, AppCredentials names, TargetSecurity security, Container container,
      Map<String, String> annotations) {
    Map<String, EnvVar> wanted = wanted(user, names, security);
    if (!annotations.containsKey(ORIGINAL_CREDENTIALS)) {
      Map<String, EnvVar> originals = new LinkedHashMap<>();
      wanted.keySet().forEach(name -> originals.put(name, find(container, name)));
      annotations.put(ORIGINAL_CREDENTIALS, write(originals));
    }
    boolean changed = false;
    for (Map.Entry<String, EnvVar> variable : wanted.entrySet()) {
      changed |= put(container, variable.getKey(), variable.getValue());
    }
    return changed;
  }

  /** Puts back the env vars recorded by {@link #deliver} (absent ones removed); returns whether anything changed. */
  static boolean restore(Container container, Map<String, String> annotations) {
    String recorded = annotations.remove(ORIGINAL_CREDENTIALS);
    if (recorded == null) {
      return false;
    }
    for (Map.Entry<String, EnvVar> original : read(recorded).entrySet()) {
      put(container, original.getKey(), original.getValue());
    }
    return true;
  }

  private static Map<String, EnvVar> wanted(String user, AppCredentials names, TargetSecurity security) {
    Map<String, EnvVar> wanted = new LinkedHashMap<>();
    value(wanted, names.securityProtocol(), security.securityProtocol());
    if (security.authentication() == TargetSecurity.Authentication.SCRAM_SHA_512) {
      value(wanted, names.saslMechanism(), security.saslMechanism());
      secretKey(wanted, names.saslJaasConfig(), user, StrimziModel.USER_JAAS_CONFIG_KEY);
    }
    if (security.authentication() == TargetSecurity.Authentication.TLS) {
      secretKey(wanted, names.keystoreCertificate(), user, StrimziModel.USER_CERTIFICATE_KEY);
      secretKey(wanted, names.keystoreKey(), user, StrimziModel.USER_KEY_KEY);
    }
    if (security.tls()) {
      secretKey(wanted, names.truststore(), security.clusterCaSecret(), StrimziModel.CA_CERTIFICATE_KEY);
    }
    return wanted;
  }

  private static void value(Map<String, EnvVar> wanted, String name, String value) {
    if (name != null) {
      wanted.put(name, new EnvVarBuilder().withName(name).withValue(value).build());
    }
  }

  private static void secretKey(Map<String, EnvVar> wanted, String name, String secret, String key) {
    if (name != null) {
      wanted.put(name, new EnvVarBuilder().withName(name)
          .withNewValueFrom().withNewSecretKeyRef(key, secret, false).endValueFrom().build());
    }
  }

  /** The container's env var {@code name}, or null. */
  static EnvVar find(Container container, String name) {
    return env(container).stream().filter(variable -> name.equals(variable.getName())).findFirst().orElse(null);
  }

  /** Replaces the named variable in place, appends it, or (null) removes it; returns whether anything changed. */
  static boolean put(Container container, String name, EnvVar variable) {
    List<EnvVar> env = new ArrayList<>(env(container));
    int index = -1;
    for (int i = 0; i < env.size(); i++) {
      if (name.equals(env.get(i).getName())) {
        index = i;
      }
    }
    if (index >= 0 && Objects.equals(env.get(index), variable)) {
      return false;
    }
    if (variable == null && index < 0) {
      return false;
    }
    if (variable == null) {
      env.remove(index);
    } else if (index >= 0) {
      env.set(index, variable);
    } else {
      env.add(variable);
    }
    container.setEnv(env);
    return true;
  }

  private static List<EnvVar> env(Container container) {
    return container.getEnv() == null ? List.of() : container.getEnv();
  }

  private static String write(Map<String, EnvVar> originals) {
    try {
      return JSON.writeValueAsString(originals);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record the original env vars", e);
    }
  }

  private static Map<String, EnvVar> read(String recorded) {
    try {
      return JSON.readValue(recorded, new TypeReference<LinkedHashMap<String, EnvVar>>() { });
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("annotation " + ORIGINAL_CREDENTIALS + " is not what the runbook wrote", e);
    }
  }
}
