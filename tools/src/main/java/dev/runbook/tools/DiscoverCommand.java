package dev.runbook.tools;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.http.RetryPolicy;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.kafka.discovery.DetailedInventory.CommittedOffset;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.kafka.fence.ActiveProducer;
import dev.runbook.kafka.fence.ProducerStates;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.RegistryContents;
import dev.runbook.kafka.schemas.RegistryDiscovery;
import dev.runbook.kafka.schemas.SchemaVersion;
import dev.runbook.kafka.schemas.SubjectSchemas;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import static dev.runbook.kafka.offsets.TranslationReportWriter.csvField;

/** {@code kafka discover}: the runbook's discovery of a cluster, written as JSON and CSV with a short summary. */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = "Topics, partitions, configs, consumer groups (state, committed offsets, lag), producers that wrote in"
        + " the last hour, ACL bindings and client quotas of a cluster; with --schema-registry, its subjects and versions too.")
final class DiscoverCommand implements Callable<Integer> {

  private static final int BIGGEST_TOPICS_SHOWN = 5;
  /** How a cluster that does not tell who writes refuses describeProducers (KIP-664). */
  private static final Set<String> UNREADABLE_PRODUCERS = Set.of("org.apache.kafka.common.errors.UnsupportedVersionException",
      "org.apache.kafka.common.errors.ClusterAuthorizationException",
      "org.apache.kafka.common.errors.TopicAuthorizationException");

  @Spec CommandSpec spec;

  @Option(names = "--source", required = true, paramLabel = "<client.properties|host:port>",
      converter = ClusterAddress.Converter.class, description = "The cluster to discover.")
  ClusterAddress source;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "kafka-discovery",
      description = "Where discovery.json, topics.csv, groups.csv, producers.csv, acls.csv, quotas.csv (and schemas.csv) go"
          + " (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--schema-registry", paramLabel = "<url>", converter = TwoRegistryOptions.RegistryUrl.class,
      description = "The cluster's Schema Registry (its Confluent API): every subject, version, ID, compatibility and mode.")
  String schemaRegistry;

  @Option(names = "--schema-registry-user-env", paramLabel = "<VAR>",
      description = "Environment variable holding the registry's API key.")
  String registryUserEnv;

  @Option(names = "--schema-registry-password-env", paramLabel = "<VAR>",
      description = "Environment variable holding the registry's API secret.")
  String registryPasswordEnv;

  @Override
  public Integer call() throws IOException {
    ConfluentRegistryClient registry = registryClient();
    KafkaClientFactory clients = KafkaClientFactory.forClientProperties(List.of(source.clientProperties()));
    DetailedInventory discovered = new KafkaDiscovery(clients).discover(new DiscoveryRequest(source.endpoint(), null));
    List<ActiveProducer> producers = null;
    String producersUnreadable = null;
    try {
      producers = recentProducers(clients, discovered);
    } catch (ServiceFailure e) {
      if (!UNREADABLE_PRODUCERS.contains(e.type())) {
        throw e;
      }
      producersUnreadable = e.getMessage();
    }
    RegistryContents schemas = registry == null ? null : RegistryDiscovery.readAll(registry);
    Files.createDirectories(out);
    Path topics = out.resolve("topics.csv");
    Path groups = out.resolve("groups.csv");
    Path writers = out.resolve("producers.csv");
    Path acls = out.resolve("acls.csv");
    Path quotas = out.resolve("quotas.csv");
    Path json = DiscoveryJson.write(out, new KafkaDiscoveryFile(source.endpoint(), discovered, producers, producersUnreadable,
        schemas == null ? null : new KafkaDiscoveryFile.DiscoveredRegistry(schemaRegistry, registryUserEnv != null, schemas)));
    Files.writeString(topics, topicsCsv(discovered));
    Files.writeString(groups, groupsCsv(discovered));
    Files.writeString(writers, producersCsv(producers == null ? List.of() : producers));
    Files.writeString(acls, aclsCsv(discovered.inventory().acls()));
    Files.writeString(quotas, quotasCsv(discovered.inventory().quotas()));
    PrintWriter print = spec.commandLine().getOut();
    printSummary(print, discovered);
    print.println(producers == null ? "producers not read: " + producersUnreadable : producersSummary(producers));
    String written = "wrote " + json + ", " + topics + ", " + groups + ", " + writers + ", " + acls + ", " + quotas;
    if (schemas != null) {
      Path subjects = out.resolve("schemas.csv");
      Files.writeString(subjects, schemasCsv(schemas));
      print.println(registrySummary(schemaRegistry, schemas));
      written += ", " + subjects;
    }
    print.println(written);
    return 0;
  }

  /** The registry's client, {@code null} without {@code --schema-registry}; a credential variable not set fails here, before anything is read. */
  private ConfluentRegistryClient registryClient() {
    if (schemaRegistry == null) {
      return null;
    }
    return ConfluentRegistryClient.connect(schemaRegistry,
        TwoRegistryOptions.fromEnvironment(registryUserEnv, "schema-registry-user-env"),
        TwoRegistryOptions.fromEnvironment(registryPasswordEnv, "schema-registry-password-env"),
        ConfluentRegistryClient.defaultHttpClient(), RetryPolicy.standard());
  }

  /** One line per version: its ID, type, soft-deleted state, references, and the compatibility and mode its subject is in. */
  static String schemasCsv(RegistryContents registry) {
    StringBuilder csv = new StringBuilder("subject,version,id,type,deleted,compatibility,mode,references\n");
    for (SubjectSchemas subject : registry.subjects()) {
      for (SchemaVersion version : subject.versions()) {
        String references = version.references().stream()
            .map(r -> r.name() + "=" + r.subject() + "/" + r.version()).collect(Collectors.joining(";"));
        csv.append(csvField(subject.subject())).append(',').append(version.version()).append(',').append(version.id())
            .append(',').append(version.schemaType()).append(',').append(version.deleted())
            .append(',').append(registry.effectiveCompatibility(subject)).append(',').append(registry.effectiveMode(subject))
            .append(',').append(csvField(references)).append('\n');
      }
    }
    return csv.toString();
  }

  static String registrySummary(String url, RegistryContents registry) {
    long deleted = registry.subjects().stream().flatMap(s -> s.versions().stream()).filter(SchemaVersion::deleted).count();
    long ids = registry.subjects().stream().flatMap(s -> s.versions().stream()).map(SchemaVersion::id).distinct().count();
    return url + ": " + registry.subjects().size() + " subjects, " + registry.versionCount() + " versions (" + deleted
        + " soft-deleted), " + ids + " schema ids; compatibility " + registry.compatibility() + ", mode " + registry.mode();
  }

  static String topicsCsv(DetailedInventory discovered) {
    StringBuilder csv = new StringBuilder("topic,partitions,replication_factor,records,configs\n");
    for (TopicSpec topic : discovered.inventory().topics()) {
      String configs = topic.configs().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
      csv.append(csvField(topic.name())).append(',').append(topic.partitions()).append(',').append(topic.replicas())
          .append(',').append(discovered.topicRecords().get(topic.name())).append(',').append(csvField(configs)).append('\n');
    }
    return csv.toString();
  }

  static String groupsCsv(DetailedInventory discovered) {
    StringBuilder csv = new StringBuilder("group,state,members,topic,partition,committed,end,lag\n");
    for (GroupInfo group : discovered.inventory().groups()) {
      String groupColumns = csvField(group.group()) + "," + group.state() + "," + group.members() + ",";
      List<CommittedOffset> offsets = discovered.committedOffsets().stream().filter(c -> c.group().equals(group.group())).toList();
      if (offsets.isEmpty()) {
        csv.append(groupColumns).append(",,,,\n");
      }
      for (CommittedOffset offset : offsets) {
        csv.append(groupColumns).append(csvField(offset.topic())).append(',').append(offset.partition()).append(',').append(offset.committed())
            .append(',').append(offset.end()).append(',').append(offset.lag()).append('\n');
      }
    }
    return csv.toString();
  }

  /**
   * The producers whose last write to a topic that a migration would move (internal ones left out)
   * is within {@link KafkaPlanDefaults#PRODUCER_ACTIVE_WITHIN}, as the runbook's client inventory reads them.
   */
  private List<ActiveProducer> recentProducers(KafkaClientFactory clients, DetailedInventory discovered) {
    List<String> topics = discovered.inventory().topics().stream().map(TopicSpec::name)
        .filter(name -> !KafkaPlanDraft.NOT_MIGRATED.matcher(name).matches()).toList();
    if (topics.isEmpty()) {
      return List.of();
    }
    try (ClusterAdmin admin = ClusterAdmin.open(clients, source.endpoint(), NamedCluster.of(source.endpoint()))) {
      return ProducerStates.writingSince(admin, admin.partitionsOf(topics),
          System.currentTimeMillis() - KafkaPlanDefaults.PRODUCER_ACTIVE_WITHIN.toMillis());
    }
  }

  /** One line per producer and partition it wrote to: the broker's producer id and epoch, its last write, its transactional id. */
  static String producersCsv(List<ActiveProducer> producers) {
    StringBuilder csv = new StringBuilder("topic,partition,producer_id,epoch,last_write,transactional_id\n");
    for (ActiveProducer producer : producers) {
      csv.append(csvField(producer.topic())).append(',').append(producer.partition()).append(',').append(producer.producerId())
          .append(',').append(producer.epoch()).append(',').append(Instant.ofEpochMilli(producer.lastTimestamp()))
          .append(',').append(producer.transactionalId() == null ? "" : csvField(producer.transactionalId())).append('\n');
    }
    return csv.toString();
  }

  /** {@code producers that wrote in the last hour: 2 (transactional ids: nightly-export) on orders, payments}. */
  static String producersSummary(List<ActiveProducer> producers) {
    if (producers.isEmpty()) {
      return "producers that wrote in the last hour: none";
    }
    Set<String> transactional = new TreeSet<>(producers.stream().map(ActiveProducer::transactionalId).filter(Objects::nonNull).toList());
    return "producers that wrote in the last hour: " + producers.stream().map(ActiveProducer::producerId).distinct().count()
        + (transactional.isEmpty() ? "" : " (transactional ids: " + String.join(", ", transactional) + ")")
        + " on " + String.join(", ", new TreeSet<>(producers.stream().map(ActiveProducer::topic).toList()));
  }

  /** One line per ACL binding, in Kafka's names. */
  static String aclsCsv(List<SourceAcl> acls) {
    StringBuilder csv = new StringBuilder("principal,resource_type,resource_name,pattern_type,operation,permission,host\n");
    for (SourceAcl acl : acls) {
      csv.append(csvField(acl.principal())).append(',').append(acl.resourceType()).append(',').append(csvField(acl.resourceName()))
          .append(',').append(acl.patternType()).append(',').append(acl.operation()).append(',').append(acl.permission())
          .append(',').append(csvField(acl.host())).append('\n');
    }
    return csv.toString();
  }

  /** One line per quota of an entity, in Kafka's names; {@code <default>} names a default entity. */
  static String quotasCsv(List<SourceQuota> quotas) {
    StringBuilder csv = new StringBuilder("entity_type,entity_name,quota,value\n");
    for (SourceQuota quota : quotas) {
      csv.append(quota.entityType()).append(',').append(csvField(quota.entityName())).append(',').append(quota.key())
          .append(',').append(quota.formattedValue()).append('\n');
    }
    return csv.toString();
  }

  private void printSummary(PrintWriter out, DetailedInventory discovered) {
    SourceInventory inventory = discovered.inventory();
    int partitions = inventory.topics().stream().mapToInt(TopicSpec::partitions).sum();
    out.println(source.bootstrapServers() + ": " + inventory.topics().size() + " topics, " + partitions + " partitions, "
        + inventory.groups().size() + " consumer groups, " + inventory.aclBindings() + " ACL bindings, "
        + inventory.quotas().size() + " client quotas");
    if (inventory.quotasUnreadable() != null) {
      out.println("client quotas not read: " + inventory.quotasUnreadable());
    }
    String biggest = discovered.topicRecords().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(BIGGEST_TOPICS_SHOWN)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    out.println("biggest topics by records: " + (biggest.isEmpty() ? "none" : biggest));
    List<GroupInfo> active = inventory.groups().stream().filter(g -> g.members() > 0).toList();
    out.println("active groups (each needs a cutover window): " + (active.isEmpty() ? "none" : active.stream()
        .map(g -> g.group() + " (" + g.members() + " member(s), lag " + g.lag() + ")").collect(Collectors.joining(", "))));
  }
}
