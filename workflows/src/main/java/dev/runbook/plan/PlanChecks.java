package dev.runbook.plan;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks every plan validator makes, each adding one error that names the field's path. */
public final class PlanChecks {

  /**
   * What a drafted plan ({@code ./runbook kafka plan}, {@code ./runbook airflow plan}) puts where only
   * the operator knows the value; every check reports it as {@code <path>: placeholder not filled}.
   */
  public static final String PLACEHOLDER = "FILL-ME";

  private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A value echoed in a message is cut after this many characters without a space. */
  private static final int LONGEST_RUN = 100;
  /** Compiling a regular expression of 100k characters takes seconds; no topic selection needs more than this. */
  private static final int LONGEST_REGEX = 1_000;

  private PlanChecks() {}

  /** A value that must be there and not be the {@link #PLACEHOLDER}; returns whether it is. */
  public static boolean require(List<String> errors, String value, String path) {
    if (blank(value)) {
      errors.add(path + ": missing");
      return false;
    }
    return !placeholder(errors, value, path);
  }

  /** Whether the value is the {@link #PLACEHOLDER} of a drafted plan (then reported). */
  public static boolean placeholder(List<String> errors, String value, String path) {
    if (isPlaceholder(value)) {
      errors.add(path + ": placeholder not filled");
      return true;
    }
    return false;
  }

  public static boolean isPlaceholder(String value) {
    return value != null && PLACEHOLDER.equals(value.trim());
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
    boolean unfilled = placeholder(errors, ref.env(), path + ".env") | placeholder(errors, ref.secret(), path + ".secret")
        | placeholder(errors, ref.key(), path + ".key") | placeholder(errors, ref.namespace(), path + ".namespace");
    if (unfilled) {
      return;
    }
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
    if (value.length() > LONGEST_REGEX) {
      errors.add(path + ": " + value.length() + " characters; a regular expression here is at most " + LONGEST_REGEX);
      return;
    }
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      errors.add(path + ": '" + value + "' is not a valid regular expression (" + e.getDescription() + ")");
    }
  }

  /**
   * A message as one readable line, whatever the plan's values put in it: control characters, and
   * the characters that reverse or hide text (bidi controls, zero-width), escaped as {@code \\uXXXX};
   * a run of more than {@value #LONGEST_RUN} characters without a space (a huge value echoed)
   * shortened to its start and its length.
   */
  public static String printable(String message) {
    StringBuilder line = new StringBuilder();
    int run = 0;
    int cut = -1;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == ' ') {
        run = 0;
        if (cut >= 0) {
          line.append("…(").append(cut).append(" characters)");
          cut = -1;
        }
      } else if (++run > LONGEST_RUN) {
        cut = run;
        continue;
      }
      boolean hidden = Character.isISOControl(c) || (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E')
          || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF' || Character.isSurrogate(c) && !validSurrogate(message, i);
      line.append(hidden ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    if (cut >= 0) {
      line.append("…(").append(cut).append(" characters)");
    }
    return line.toString();
  }

  private static boolean validSurrogate(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  public static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
