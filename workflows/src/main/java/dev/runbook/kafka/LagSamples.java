package dev.runbook.kafka;

import dev.runbook.kafka.KafkaActivities.LagSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoding of the catch-up's lag samples as the fact {@link KafkaFacts#LAG_SAMPLES} the progress
 * query carries and the migration report charts: {@code at topic=lag,topic=lag;at ...}. Kafka topic
 * names hold only letters, digits, {@code . _ -}, so the separators cannot clash with them.
 */
final class LagSamples {

  private LagSamples() {}

  static String encode(List<LagSample> samples) {
    StringBuilder text = new StringBuilder();
    for (LagSample sample : samples) {
      if (!text.isEmpty()) {
        text.append(';');
      }
      text.append(sample.at()).append(' ');
      StringBuilder topics = new StringBuilder();
      sample.byTopic().forEach((topic, lag) -> topics.append(topics.isEmpty() ? "" : ",").append(topic).append('=').append(lag));
      text.append(topics);
    }
    return text.toString();
  }

  /** The samples in a few words, for views that list facts: the samples themselves are for charts. */
  static String summary(List<LagSample> samples) {
    return samples.size() + " samples" + (samples.isEmpty() ? "" : ", lag " + samples.get(0).total() + " at first, "
        + samples.get(samples.size() - 1).total() + " at last");
  }

  /** The samples of a fact written by {@link #encode}; empty for null or blank text. */
  static List<LagSample> decode(String text) {
    List<LagSample> samples = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return samples;
    }
    for (String sample : text.split(";")) {
      String[] parts = sample.split(" ", 2);
      Map<String, Long> byTopic = new LinkedHashMap<>();
      if (parts.length == 2 && !parts[1].isEmpty()) {
        for (String entry : parts[1].split(",")) {
          int eq = entry.lastIndexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("not a lag sample: '" + sample + "'");
          }
          byTopic.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
        }
      }
      samples.add(new LagSample(Long.parseLong(parts[0]), byTopic));
    }
    return samples;
  }
}
