package dev.runbook.kernel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A figure a runbook publishes in its progress ({@link Progress#facts()}): the one place that owns
 * its key, its label for people and its text encoding, so the workflow that writes it and the
 * views, reports and metrics that read it share a type instead of parsing strings. A fact about one
 * subject among many (a consumer group, a DAG batch) has a {@code *} in its key where the
 * subject's name goes, e.g. {@code group.*.pauseMillis}.
 *
 * @param <T> the value's type
 */
public final class Fact<T> {

  private final String key;
  private final String label;
  private final Function<T, String> encode;
  private final Function<String, T> decode;
  private final Function<T, String> summary;
  private final String prefix;
  private final String suffix;

  private Fact(String key, String label, Function<T, String> encode, Function<String, T> decode, Function<T, String> summary) {
    this.key = key;
    this.label = label;
    this.encode = encode;
    this.decode = decode;
    this.summary = summary;
    int star = key.indexOf('*');
    this.prefix = star < 0 ? key : key.substring(0, star);
    this.suffix = star < 0 ? "" : key.substring(star + 1);
  }

  /** A whole number; whole-number facts also travel with the next notification, which is how metrics hear of them. */
  public static Fact<Long> number(String key, String label) {
    return new Fact<>(key, label, String::valueOf, Long::valueOf, String::valueOf);
  }

  /** A duration in milliseconds, a whole number as {@link #number} is, shown in seconds ({@code 2.3 s}). */
  public static Fact<Long> millis(String key, String label) {
    return new Fact<>(key, label, String::valueOf, Long::valueOf, ms -> String.format(Locale.ROOT, "%.1f s", ms / 1000.0));
  }

  /** A moment as epoch milliseconds, a whole number as {@link #number} is, shown as UTC time to the second. */
  public static Fact<Long> instant(String key, String label) {
    return new Fact<>(key, label, String::valueOf, Long::valueOf,
        ms -> Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** A line of text for people. */
  public static Fact<String> text(String key, String label) {
    return new Fact<>(key, label, Function.identity(), Function.identity(), Function.identity());
  }

  /**
   * A value with its own encoding (which must round-trip: {@code decode(encode(v))} equals {@code v})
   * and a short {@code summary} for views that list facts (the full value is for reports and charts).
   */
  public static <T> Fact<T> of(
      String key, String label, Function<T, String> encode, Function<String, T> decode, Function<T, String> summary) {
    return new Fact<>(key, label, encode, decode, summary);
  }

  /** Whether the key holds a subject ({@code *}). */
  public boolean perSubject() {
    return key.indexOf('*') >= 0;
  }

  /** The key of this fact; for a per-subject fact, with {@code subject} in place of the star. */
  public String key(String subject) {
    return perSubject() ? prefix + subject + suffix : key;
  }

  public String key() {
    return key;
  }

  /** The label for people, with the subject in place of the star. */
  public String label(String subject) {
    return label.replace("*", subject);
  }

  public String encode(T value) {
    return encode.apply(value);
  }

  public T decode(String stored) {
    return decode.apply(stored);
  }

  /** The subject of {@code candidate} when it is a key of this fact (empty for a plain fact's own key). */
  public Optional<String> subjectOf(String candidate) {
    if (!perSubject()) {
      return candidate.equals(key) ? Optional.of("") : Optional.empty();
    }
    boolean matches = candidate.length() > prefix.length() + suffix.length()
        && candidate.startsWith(prefix) && candidate.endsWith(suffix);
    return matches ? Optional.of(candidate.substring(prefix.length(), candidate.length() - suffix.length())) : Optional.empty();
  }

  /** This fact's value in {@code facts}; for a per-subject fact, the given subject's. */
  public Optional<T> in(Map<String, String> facts, String subject) {
    String value = facts.get(key(subject));
    return value == null ? Optional.empty() : Optional.of(decode.apply(value));
  }

  public Optional<T> in(Map<String, String> facts) {
    return in(facts, "");
  }

  /** Every subject's value in {@code facts}, in the order the facts hold them. */
  public Map<String, T> allIn(Map<String, String> facts) {
    Map<String, T> values = new LinkedHashMap<>();
    facts.forEach((candidate, value) -> subjectOf(candidate).ifPresent(subject -> values.put(subject, decode.apply(value))));
    return values;
  }

  /** A stored value of this fact as people should read it in a list of figures. */
  public String describe(String stored) {
    return summary.apply(decode.apply(stored));
  }

  @Override
  public String toString() {
    return key;
  }
}
