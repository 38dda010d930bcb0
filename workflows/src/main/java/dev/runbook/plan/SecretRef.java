package dev.runbook.plan;

/**
 * Where a secret lives, never the secret itself: either an environment variable of the worker
 * ({@code env}) or a key of a Kubernetes Secret ({@code secret} + {@code key}, in {@code namespace}
 * or the worker's own). Plans and workflow history carry only this reference.
 */
public record SecretRef(String env, String secret, String key, String namespace) {

  public static SecretRef env(String variable) {
    return new SecretRef(variable, null, null, null);
  }

  public static SecretRef kubernetes(String namespace, String secret, String key) {
    return new SecretRef(null, secret, key, namespace);
  }

  public boolean fromEnvironment() {
    return env != null && !env.isBlank();
  }

  /** A description safe to log: names the reference, never the value. */
  public String describe() {
    return fromEnvironment() ? "env:" + env : "secret:" + (namespace == null ? "" : namespace + "/") + secret + "#" + key;
  }
}
