package dev.runbook.plan;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks every plan validator makes, each adding one error that names the field's path. */
public final class PlanChecks {

  private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private PlanChecks() {}

  /** A value that must be there; returns whether it is. */
  public static boolean require(List<String> errors, String value, String path) {
    if (blank(value)) {
      errors.add(path + ": missing");
      return false;
    }
    return true;
  }

  public static void kubernetesName(List<String> errors, String value, String path) {
    if (require(errors, value, path) && !KUBERNETES_NAME.matcher(value).matches()) {
      errors.add(path + ": '" + value + "' is not a valid Kubernetes name");
    }
  }

  public static boolean isKubernetesName(String value) {
    return value != null && KUBERNETES_NAME.matcher(value).matches();
  }

  /** A secret reference: either {@code env}, or {@code secret} and {@code key}. */
  public static void secret(List<String> errors, SecretRef ref, String path, boolean required) {
    if (ref == null) {
      if (required) {
        errors.add(path + ": missing (a reference: {env: NAME} or {secret: NAME, key: KEY})");
      }
      return;
    }
    boolean env = !blank(ref.env());
    boolean kubernetes = !blank(ref.secret()) || !blank(ref.key());
    if (env == kubernetes) {
      errors.add(path + ": give either env, or secret and key");
    } else if (kubernetes && (blank(ref.secret()) || blank(ref.key()))) {
      errors.add(path + ": a Secret reference needs both secret and key");
    }
  }

  public static void atLeastOne(List<String> errors, Integer value, String path) {
    if (value != null && value < 1) {
      errors.add(path + ": must be at least 1, got " + value);
    }
  }

  public static void positive(List<String> errors, Duration value, String path) {
    if (value != null && (value.isNegative() || value.isZero())) {
      errors.add(path + ": must be positive, got " + value);
    }
  }

  public static void regex(List<String> errors, String value, String path) {
    if (value == null) {
      return;
    }
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      errors.add(path + ": '" + value + "' is not a valid regular expression (" + e.getDescription() + ")");
    }
  }

  public static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
