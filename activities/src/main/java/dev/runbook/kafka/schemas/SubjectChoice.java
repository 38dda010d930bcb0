package dev.runbook.kafka.schemas;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which subjects a migration moves: those matching {@code include} (default: {@code <topic>-key} and
 * {@code <topic>-value} of the migrated topics) and not {@code exclude}, plus every subject their
 * versions reference, directly or not, whatever the patterns say: a schema without its references
 * cannot be read.
 */
public final class SubjectChoice {

  private SubjectChoice() {}

  public static Set<String> select(RegistryContents source, String include, String exclude, Collection<String> topics) {
    Pattern included = include == null ? null : Pattern.compile(include);
    Pattern excluded = exclude == null ? null : Pattern.compile(exclude);
    Set<String> topicSubjects = new TreeSet<>();
    topics.forEach(topic -> {
      topicSubjects.add(topic + "-key");
      topicSubjects.add(topic + "-value");
    });
    Set<String> chosen = new TreeSet<>();
    for (SubjectSchemas subject : source.subjects()) {
      String name = subject.subject();
      boolean in = included == null ? topicSubjects.contains(name) : included.matcher(name).matches();
      if (in && (excluded == null || !excluded.matcher(name).matches())) {
        chosen.add(name);
      }
    }
    return withReferences(source, chosen);
  }

  /** The subjects and, transitively, every subject their versions reference. */
  public static Set<String> withReferences(RegistryContents source, Set<String> subjects) {
    Set<String> closed = new TreeSet<>(subjects);
    Deque<String> pending = new ArrayDeque<>(subjects);
    while (!pending.isEmpty()) {
      source.subject(pending.pop()).ifPresent(subject -> subject.versions().forEach(version ->
          version.references().forEach(reference -> {
            if (closed.add(reference.subject())) {
              pending.push(reference.subject());
            }
          })));
    }
    return closed;
  }
}
