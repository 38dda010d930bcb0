package dev.runbook.kafka.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.Eventually;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fence check and the client inventory against a real Kafka cluster playing the source: a
 * producer left writing is named with its partition and producer id, a consumer group outside the
 * plan with a live member is listed with its client id and host.
 */
class SourceFenceIT {

  private static final Duration WINDOW = Duration.ofSeconds(3);
  private static KafkaTestCluster source;
  private static KafkaEndpoint endpoint;
  private static final KafkaClientFactory CLIENTS = new KafkaClientFactory(ref -> {
    throw new IllegalStateException("the test cluster needs no secrets: " + ref.describe());
  });

  private final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void startSource() {
    source = KafkaTestCluster.start("fence-source");
    endpoint = KafkaEndpoint.plaintext(source.bootstrapServers());
    source.createTopic("orders", 3);
    source.createTopic("billing", 1);
    source.createTopic("shipments", 2);
    source.createTopic("audit", 1);
  }

  @AfterAll
  static void stopSource() {
    source.close();
  }

  @AfterEach
  void stopClients() throws Exception {
    for (AutoCloseable client : running) {
      client.close();
    }
  }

  @Test
  void producersLeftWritingToTheSourceAreNamedWithTheirPartitionAndProducerIdAndTheFencePassesOnceTheyStop() throws Exception {
    writeOnce("orders", 0);  // the planned producer's last record, before it moved
    // Strays that write only every second: a one-off look could miss them, the window cannot.
    Writer transactional = start(new Writer("orders", 2, "stray-cron", Duration.ofSeconds(1)));
    Writer idempotent = start(new Writer("billing", 0, null, Duration.ofSeconds(1)));
    Eventually.await("both strays wrote", Duration.ofSeconds(30), () -> transactional.sent.size() + idempotent.sent.size() > 1
        && !transactional.sent.isEmpty() && !idempotent.sent.isEmpty(), done -> done);
    long strayId = producerIdOf("stray-cron");
    List<String> heartbeats = new CopyOnWriteArrayList<>();
    SourceFenceWatch watch = new SourceFenceWatch(CLIENTS, Duration.ofMillis(250));

    FenceReport report = watch.watch(new FenceRequest(endpoint, List.of("orders", "billing"), WINDOW), heartbeats::add);

    assertFalse(report.fenced(), report.describe());
    assertEquals(List.of("billing-0", "orders-2"), report.grown().stream().map(g -> g.topic() + "-" + g.partition()).toList());
    assertEquals(List.of("billing-0", "orders-2"), report.writers().stream().map(w -> w.topic() + "-" + w.partition()).toList());
    ActiveProducer billingWriter = report.writers().get(0);
    ActiveProducer ordersWriter = report.writers().get(1);
    assertEquals(strayId, ordersWriter.producerId());
    assertEquals("stray-cron", ordersWriter.transactionalId());
    assertEquals(null, billingWriter.transactionalId());
    assertNotEquals(strayId, billingWriter.producerId());
    assertTrue(billingWriter.producerId() >= 0, billingWriter.toString());
    assertEquals(4, report.partitions());
    assertTrue(report.samples() >= 8, "the window was not watched throughout: " + report.samples() + " samples");
    assertEquals(report.samples() - 1, heartbeats.size());
    assertTrue(report.tookMillis() >= WINDOW.toMillis(), report.tookMillis() + " ms");
    System.out.println("fence check with strays: " + report.describe() + "; took " + report.tookMillis() + " ms");

    transactional.close();
    idempotent.close();
    FenceReport quiet = watch.watch(new FenceRequest(endpoint, List.of("orders", "billing"), WINDOW), heartbeats::add);

    assertTrue(quiet.fenced(), quiet.describe());
    assertEquals(List.of(), quiet.writers());
    System.out.println("fence check once stopped: " + quiet.describe() + "; took " + quiet.tookMillis() + " ms");
  }

  @Test
  void theInventoryListsALiveMemberOfAGroupOutsideThePlanAndTheProducersWritingLately() throws Exception {
    start(new Member("shipping-app", "shipping", "shipments"));   // the plan moves this group
    start(new Member("reports-cron-1", "reports-cron", "shipments"));
    start(new Member("audit-app", "audit-reader", "audit"));      // reads a topic that does not move
    awaitStable("shipping", "reports-cron", "audit-reader");
    writeOnce("shipments", 1);
    SourceClientInventory inventory = new SourceClientInventory(CLIENTS);

    SourceClients clients = inventory.take(new ClientInventoryRequest(endpoint, List.of("shipments"), List.of("shipping"),
        Duration.ofHours(1)));

    assertEquals(1, clients.unplannedMembers().size(), clients.describe());
    LiveMember stray = clients.unplannedMembers().get(0);
    assertEquals("reports-cron", stray.group());
    assertEquals("reports-cron-1", stray.clientId());
    assertEquals(List.of("shipments"), stray.topics());
    assertEquals(hostOf("reports-cron"), stray.host());
    assertEquals(List.of("reports-cron"), clients.unplannedGroups());
    assertEquals(List.of("shipments-1"), clients.activeProducers().stream().map(p -> p.topic() + "-" + p.partition()).toList());
    System.out.println("inventory: " + clients.describe());
  }

  private <T extends AutoCloseable> T start(T client) {
    running.add(client);
    return client;
  }

  private static void writeOnce(String topic, int partition) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        source.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {1})).get();
    }
  }

  private static long producerIdOf(String transactionalId) throws ExecutionException, InterruptedException {
    try (Admin admin = source.admin()) {
      return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().producerId();
    }
  }

  private static String hostOf(String group) throws ExecutionException, InterruptedException {
    try (Admin admin = source.admin()) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().iterator().next().host();
    }
  }

  private static void awaitStable(String... groups) {
    Eventually.await("groups stable with assignments", Duration.ofSeconds(60), () -> {
      try (Admin admin = source.admin()) {
        return admin.describeConsumerGroups(List.of(groups)).all().get().values().stream()
            .allMatch(g -> g.groupState() == GroupState.STABLE && !g.members().isEmpty()
                && g.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty()));
      } catch (ExecutionException | InterruptedException e) {
        return false;
      }
    }, stable -> stable);
  }

  /** A producer app writing one record to one partition every {@code every}, transactionally when given an id. */
  private static final class Writer implements AutoCloseable {
    final List<Long> sent = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Writer(String topic, int partition, String transactionalId, Duration every) {
      Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers(),
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"));
      if (transactionalId != null) {
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      }
      thread = new Thread(() -> {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
          if (transactionalId != null) {
            producer.initTransactions();
          }
          while (running) {
            if (transactionalId != null) {
              producer.beginTransaction();
            }
            long offset = producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {2})).get().offset();
            if (transactionalId != null) {
              producer.commitTransaction();
            }
            sent.add(offset);
            Thread.sleep(every.toMillis());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }, "stray-writer-" + topic + "-" + partition);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }

  /** A consumer app: one member of {@code group} subscribed to {@code topic}, polling until closed. */
  private static final class Member implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    Member(String clientId, String group, String topic) {
      Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.CLIENT_ID_CONFIG, clientId,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      thread = new Thread(() -> {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          consumer.subscribe(List.of(topic));
          while (running) {
            consumer.poll(Duration.ofMillis(100));
          }
        }
      }, "member-" + clientId);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
