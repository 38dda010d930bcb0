package dev.runbook.testkit.world;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testkit.kafka.AvroSequenceRecords;
import dev.runbook.testkit.registry.ApicurioRegistry;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import dev.runbook.testkit.registry.SerdeRegistryClient.Reference;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Schema Registries of a rehearsal: two real Apicurio registries, the source (read through its
 * Confluent API, playing Confluent Cloud's) filled like a production estate, the target empty. The
 * source holds each topic's key and value subjects (the sample apps write with the value's latest
 * version), two shared types other subjects reference, and catalog subjects of four versions each:
 * references, a soft-deleted version, per-subject compatibility. {@link #registerLateVersion} adds a
 * version mid-run, as a team deploying a new producer would.
 */
public final class RehearsalRegistries implements AutoCloseable {

  /** Catalog subjects besides the topics' own: 14, so that even a one-topic estate has 20 subjects and 60 versions. */
  static final int CATALOG_SUBJECTS = 14;
  private static final String SEQUENCE = "{\"type\":\"record\",\"name\":\"Sequence\",\"namespace\":\"shop\",\"fields\":["
      + "{\"name\":\"producer\",\"type\":\"string\"},{\"name\":\"sequence\",\"type\":\"long\"}";
  private static final String OPTIONAL = "\",\"type\":[\"null\",\"string\"],\"default\":null}";
  private static final Reference MONEY = new Reference("shop.Money", "shop-money", 1);
  private static final Reference ADDRESS = new Reference("shop.Address", "shop-address", 1);

  private final ApicurioRegistry source;
  private final ApicurioRegistry target;
  private final SerdeRegistryClient sourceApi;
  private final String lateSubject;
  private final int subjects;
  private final int versions;
  private final AtomicInteger lateVersionId = new AtomicInteger(-1);

  private RehearsalRegistries(ApicurioRegistry source, ApicurioRegistry target, String lateSubject, int subjects, int versions) {
    this.source = source;
    this.target = target;
    this.sourceApi = new SerdeRegistryClient(source.confluentApi());
    this.lateSubject = lateSubject;
    this.subjects = subjects;
    this.versions = versions;
  }

  /**
   * Starts both registries side by side and fills the source for {@code topics}; the first topic's value
   * subject gets the late version.
   *
   * @throws IllegalStateException in one line when Apicurio Registry cannot run here (no Java 21+, not fetched)
   */
  public static RehearsalRegistries start(List<String> topics) {
    CompletableFuture<ApicurioRegistry> target = CompletableFuture.supplyAsync(() -> ApicurioRegistry.start("rehearsal-target"));
    ApicurioRegistry source;
    try {
      source = ApicurioRegistry.start("rehearsal-source");
    } catch (RuntimeException e) {
      target.thenAccept(ApicurioRegistry::close);
      throw e;
    }
    RehearsalRegistries registries = new RehearsalRegistries(source, target.join(),
        AvroSequenceRecords.valueSubject(topics.get(0)), 2 + 2 * topics.size() + CATALOG_SUBJECTS,
        4 + 4 * topics.size() + 4 * CATALOG_SUBJECTS);
    registries.fill(topics);
    return registries;
  }

  private void fill(List<String> topics) {
    sourceApi.register("shop-money", "AVRO", "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"shop\",\"fields\":["
        + "{\"name\":\"cents\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"string\"}]}");
    sourceApi.register("shop-money", "AVRO", "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"shop\",\"fields\":["
        + "{\"name\":\"cents\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"string\"},{\"name\":\"rounding" + OPTIONAL + "]}");
    sourceApi.register("shop-address", "AVRO", "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":["
        + "{\"name\":\"city\",\"type\":\"string\"}]}");
    sourceApi.register("shop-address", "AVRO", "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":["
        + "{\"name\":\"city\",\"type\":\"string\"},{\"name\":\"zip" + OPTIONAL + "]}");
    for (String topic : topics) {
      sourceApi.register(topic + "-key", "AVRO", "\"string\"");
      String value = AvroSequenceRecords.valueSubject(topic);
      sourceApi.register(value, "AVRO", SEQUENCE + "]}");
      sourceApi.register(value, "AVRO", SEQUENCE + ",{\"name\":\"region" + OPTIONAL + "]}");
      sourceApi.register(value, "AVRO", SEQUENCE + ",{\"name\":\"region" + OPTIONAL + ",{\"name\":\"channel" + OPTIONAL + "]}");
    }
    for (int i = 1; i <= CATALOG_SUBJECTS; i++) {
      String subject = "catalog-" + i + "-value";
      String item = "{\"type\":\"record\",\"name\":\"Item" + i + "\",\"namespace\":\"shop.catalog\",\"fields\":["
          + "{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"price\",\"type\":\"shop.Money\"}";
      String shipping = ",{\"name\":\"shipsFrom\",\"type\":[\"null\",\"shop.Address\"],\"default\":null}";
      sourceApi.register(subject, "AVRO", item + "]}", MONEY);
      sourceApi.register(subject, "AVRO", item + ",{\"name\":\"title" + OPTIONAL + "]}", MONEY);
      sourceApi.register(subject, "AVRO", item + ",{\"name\":\"title" + OPTIONAL + shipping + "]}", MONEY, ADDRESS);
      sourceApi.register(subject, "AVRO", item + ",{\"name\":\"title" + OPTIONAL + shipping + ",{\"name\":\"brand" + OPTIONAL
          + "]}", MONEY, ADDRESS);
    }
    sourceApi.softDelete("catalog-" + CATALOG_SUBJECTS + "-value", 4);
    sourceApi.compatibility("catalog-1-value", "FULL");
    sourceApi.compatibility("catalog-2-value", "NONE");
    sourceApi.compatibility("shop-money", "FULL_TRANSITIVE");
  }

  /** Registers a new version of the first topic's value subject on the source (once) and returns its ID. */
  public synchronized int registerLateVersion() {
    if (lateVersionId.get() < 0) {
      lateVersionId.set(sourceApi.register(lateSubject, "AVRO", SEQUENCE + ",{\"name\":\"region" + OPTIONAL + ",{\"name\":\"channel"
          + OPTIONAL + ",{\"name\":\"note" + OPTIONAL + "]}"));
    }
    return lateVersionId.get();
  }

  /** The ID of the version registered mid-run, or -1 before. */
  public int lateVersionId() {
    return lateVersionId.get();
  }

  /** Subjects and versions the source was filled with (soft-deleted ones counted; the late version not). */
  public int subjects() {
    return subjects;
  }

  public int versions() {
    return versions;
  }

  /** The source's Confluent API, what the sample apps start with. */
  public URI sourceApi() {
    return source.confluentApi();
  }

  /** The target's Confluent API, where repointed apps read. */
  public URI targetApi() {
    return target.confluentApi();
  }

  /** The plan's {@code schemaRegistry} section for these registries: every subject moves to the Apicurio target. */
  public KafkaMigrationPlan.SchemaRegistry planSection() {
    return new KafkaMigrationPlan.SchemaRegistry(
        new SchemaRegistryEndpoint(source.confluentApi().toString(), null, null, null),
        new SchemaRegistryEndpoint(target.baseUrl().toString(), SchemaRegistryEndpoint.Kind.APICURIO, null, null),
        new KafkaMigrationPlan.SubjectSelection(".*", null), null);
  }

  @Override
  public void close() {
    source.close();
    target.close();
  }
}
