package dev.runbook.kafka.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The clients found on the source at one moment, compared with the plan: the live members of
 * consumer groups the plan does not move that read migrated topics ({@code unplannedMembers}), and
 * every producer that wrote to a migrated partition lately ({@code activeProducers}). Producers cannot
 * be matched to the plan's apps (the broker knows producer ids, not Deployments): before the cutover
 * they are evidence for the approver; after it, the fence check proves none still writes.
 */
public record SourceClients(List<LiveMember> unplannedMembers, List<ActiveProducer> activeProducers, long takenAt) {

  public SourceClients {
    unplannedMembers = List.copyOf(unplannedMembers);
    activeProducers = List.copyOf(activeProducers);
  }

  /** The consumer groups not in the plan that have live members on migrated topics, sorted. */
  public List<String> unplannedGroups() {
    return List.copyOf(new TreeSet<>(unplannedMembers.stream().map(LiveMember::group).toList()));
  }

  /** Producer ids writing lately, by topic: {@code orders -> [4001, 4002]}. */
  public Map<String, List<Long>> producerIdsByTopic() {
    Map<String, TreeSet<Long>> ids = new TreeMap<>();
    activeProducers.forEach(p -> ids.computeIfAbsent(p.topic(), t -> new TreeSet<>()).add(p.producerId()));
    Map<String, List<Long>> byTopic = new TreeMap<>();
    ids.forEach((topic, set) -> byTopic.put(topic, List.copyOf(set)));
    return byTopic;
  }

  /**
   * What is unplanned for sure: groups the plan does not move, and, when the plan moves no producer
   * at all, every producer still writing. Empty when nothing is.
   */
  public List<String> unplanned(boolean planMovesProducers) {
    List<String> found = new ArrayList<>(unplannedMembers.stream().map(LiveMember::describe).toList());
    if (!planMovesProducers) {
      producerIdsByTopic().forEach((topic, ids) -> found.add("producer(s) " + ids + " write to '" + topic
          + "' and the plan moves no producer"));
    }
    return found;
  }

  /** One paragraph for a gate's evidence or a fact: unplanned groups with their members, producer ids per topic. */
  public String describe() {
    String groups = unplannedMembers.isEmpty() ? "no consumer group outside the plan reads the migrated topics"
        : "consumer groups not in the plan with live members: " + String.join("; ", unplannedMembers.stream().map(LiveMember::describe).toList());
    String producers = activeProducers.isEmpty() ? "no producer wrote to the migrated topics lately"
        : "producer ids writing lately, by topic: " + String.join("; ", producerIdsByTopic().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).toList());
    return groups + "; " + producers;
  }
}
