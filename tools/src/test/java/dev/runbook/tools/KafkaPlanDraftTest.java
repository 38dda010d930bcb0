package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaPlanValidator;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.PlanFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code kafka plan} drafts from discoveries the real-cluster tests do not build: no groups, writers seen or not told. */
class KafkaPlanDraftTest {

  private static final KafkaEndpoint SOURCE = new KafkaEndpoint("source:9092", "PLAINTEXT", null, null, null, null);
  private static final List<TopicSpec> TOPICS = List.of(new TopicSpec("orders", 2, 3, Map.of()),
      new TopicSpec("payments", 1, 3, Map.of()), new TopicSpec("_schemas", 1, 3, Map.of()));

  @TempDir Path dir;

  @Test
  void aClusterWithoutConsumerGroupsDraftsAPlanWhoseOnlyProblemsArePlaceholders() throws IOException {
    KafkaPlanDraft.Draft draft = KafkaPlanDraft.draft(discovery(List.of(), null), "kafka", "payments");

    KafkaMigrationPlan read = writeAndRead(draft);

    assertEquals(List.of(), read.cutover().consumerGroups());
    List<String> problems = KafkaPlanValidator.validate(read);
    assertTrue(problems.stream().allMatch(problem -> problem.endsWith("placeholder not filled")), problems.toString());
    assertTrue(KafkaPlanDraft.header(draft, "here").contains(
        "#   none: no group has committed offsets on a migrated topic; add any group that reads them.\n"
        + "# Producers: none wrote to these topics in the last hour; list every producing app under cutover.producers.\n"),
        KafkaPlanDraft.header(draft, "here"));
  }

  @Test
  void writersSeenBecomeOneProducerPerTransactionalIdAndOneForTheIdempotentOnes() throws IOException {
    List<ActiveProducer> seen = List.of(
        new ActiveProducer("orders", 0, 7, 0, 1_000, null),
        new ActiveProducer("orders", 1, 8, 0, 1_000, "nightly-export"),
        new ActiveProducer("payments", 0, 7, 0, 1_000, null),
        new ActiveProducer("payments", 0, 8, 0, 1_000, "nightly-export"),
        new ActiveProducer("payments", 0, 9, 2, 1_000, "billing-tx"));

    KafkaPlanDraft.Draft draft = KafkaPlanDraft.draft(discovery(seen, null), "kafka", "payments");
    List<AppRef> producers = writeAndRead(draft).cutover().producers();

    assertEquals(List.of("billing-tx", "nightly-export", "-"),
        producers.stream().map(p -> p.transactionalId() == null ? "-" : p.transactionalId()).toList());
    assertEquals(List.of(List.of("payments"), List.of("orders", "payments"), List.of("orders", "payments")),
        producers.stream().map(AppRef::topics).toList());
    assertTrue(KafkaPlanDraft.header(draft, "here").contains("# Producers: 3 producer id(s) wrote to these topics in the"
        + " last hour (producers.csv)."), KafkaPlanDraft.header(draft, "here"));
  }

  @Test
  void aClusterThatDidNotSayWhoWritesDraftsOnePlaceholderProducerAndSaysWhy() {
    KafkaPlanDraft.Draft draft = KafkaPlanDraft.draft(discovery(null, "source: describe producers: not authorised"),
        "kafka", "payments");

    assertEquals(1, draft.plan().cutover().producers().size());
    assertEquals(null, draft.plan().cutover().producers().get(0).topics());
    assertTrue(KafkaPlanDraft.header(draft, "here").contains("# Producers: the cluster did not say who writes (source:"
        + " describe producers: not authorised); list every producing app under cutover.producers.\n"));
  }

  private KafkaMigrationPlan writeAndRead(KafkaPlanDraft.Draft draft) throws IOException {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, PlanFiles.toYaml(draft.plan()));
    return PlanFiles.read(plan, KafkaMigrationPlan.class);
  }

  private static KafkaDiscoveryFile discovery(List<ActiveProducer> producers, String producersUnreadable) {
    DetailedInventory discovered = new DetailedInventory(new SourceInventory(TOPICS, List.of(), 0),
        Map.of("orders", 10L, "payments", 4L, "_schemas", 2L), List.of());
    return new KafkaDiscoveryFile(SOURCE, discovered, producers, producersUnreadable, null);
  }
}
