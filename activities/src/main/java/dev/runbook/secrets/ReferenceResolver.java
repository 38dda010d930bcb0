package dev.runbook.secrets;

import dev.runbook.plan.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Resolves references against the worker's environment (given as a map at the edge) and Kubernetes
 * Secrets (in the reference's namespace, or the worker's default one). Errors name the reference,
 * never a value.
 */
public final class ReferenceResolver implements SecretResolver {

  private final Map<String, String> environment;
  private final KubernetesClient kubernetes;

  public ReferenceResolver(Map<String, String> environment, KubernetesClient kubernetes) {
    this.environment = Map.copyOf(environment);
    this.kubernetes = kubernetes;
  }

  @Override
  public String resolve(SecretRef ref) {
    if (ref == null) {
      throw new IllegalArgumentException("no secret reference given");
    }
    if (ref.fromEnvironment()) {
      String value = environment.get(ref.env());
      if (value == null) {
        throw new IllegalArgumentException("environment variable " + ref.env() + " is not set on the worker");
      }
      return value;
    }
    if (kubernetes == null) {
      throw new IllegalArgumentException("cannot read " + ref.describe() + ": the worker has no Kubernetes access");
    }
    String namespace = ref.namespace() != null ? ref.namespace() : kubernetes.getNamespace();
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(ref.secret()).get();
    if (secret == null) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + ref.secret() + " does not exist");
    }
    if (secret.getData() != null && secret.getData().containsKey(ref.key())) {
      return new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.key())) {
      return secret.getStringData().get(ref.key());
    }
    throw new IllegalArgumentException("Secret " + namespace + "/" + ref.secret() + " has no key " + ref.key());
  }
}
