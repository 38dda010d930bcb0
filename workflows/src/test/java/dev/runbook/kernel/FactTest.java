package dev.runbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactTest {

  static final Fact<Long> PAUSE = Fact.number("group.*.pauseMillis", "group * paused (ms)");
  static final Fact<String> PHASE_NOTE = Fact.text("note", "note");

  @Test
  void aPerSubjectFactFindsEachSubjectEvenWithDotsInItsName() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(PAUSE.key("orders.v2"), PAUSE.encode(2269L));
    facts.put(PAUSE.key("billing"), PAUSE.encode(12L));
    facts.put("group.billing.partitions", "2");
    facts.put(PHASE_NOTE.key(), "quiet");

    assertEquals("group.orders.v2.pauseMillis", PAUSE.key("orders.v2"));
    assertEquals(Map.of("orders.v2", 2269L, "billing", 12L), PAUSE.allIn(facts));
    assertEquals(Optional.of(12L), PAUSE.in(facts, "billing"));
    assertEquals(Optional.empty(), PAUSE.subjectOf("group.billing.partitions"));
    assertEquals(Optional.empty(), PAUSE.subjectOf("group.pauseMillis"));
    assertEquals("group orders.v2 paused (ms)", PAUSE.label("orders.v2"));
    assertEquals(Optional.of("quiet"), PHASE_NOTE.in(facts));
    assertEquals(Optional.of(""), PHASE_NOTE.subjectOf("note"));
  }

  @Test
  void durationsAndMomentsAreStoredAsWholeMillisecondsAndShownForPeople() {
    Fact<Long> pause = Fact.millis("pause", "pause");
    Fact<Long> began = Fact.instant("began", "began");

    assertEquals("2269", pause.encode(2269L));
    assertEquals("2.3 s", pause.describe("2269"));
    assertEquals("1763700000123", began.encode(1_763_700_000_123L));
    assertEquals("2025-11-21T04:40:00Z", began.describe("1763700000123"));
  }
}
