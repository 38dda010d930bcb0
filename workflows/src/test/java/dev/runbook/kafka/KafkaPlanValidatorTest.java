package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.plan.PlanFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Bad plans, one mistake each, and the exact error an operator reads for it (structure errors: {@link #structureMistakes}). */
class KafkaPlanValidatorTest {

  @Test
  void theExamplePlanReadsAGroupsIsolation() throws Exception {
    String file = "../deploy/examples/kafka-plan.yaml";
    KafkaMigrationPlan plan = PlanFiles.parse(file, Files.readString(Path.of(file)), KafkaMigrationPlan.class);

    assertEquals(Arrays.asList(null, GroupIsolation.READ_UNCOMMITTED),
        plan.cutover().consumerGroups().stream().map(KafkaMigrationPlan.ConsumerGroupCutover::isolation).toList());
  }

  static final String VALID = """
      migrationId: payments-kafka
      source:
        bootstrapServers: pkc-1.confluent.cloud:9092
        securityProtocol: SASL_SSL
        saslMechanism: PLAIN
        username: {secret: confluent, key: key}
        password: {env: CC_SECRET}
      target: {namespace: shop, cluster: payments, replicas: 3, storageSize: 100Gi, listener: tls, topicReplicas: 3, tls: true, authentication: scram-sha-512}
      topics: {include: "orders.*"}
      replication: {offsetLagMax: 100, syncIntervalSeconds: 10, tasksMax: 2, maxLagRecords: 500, catchUpTimeout: PT1H}
      verification: {digestWindow: 100}
      cutover:
        order: CONSUMERS_FIRST
        consumerGroups:
          - group: orders-processor
            apps: [{namespace: shop, deployment: orders-processor, container: app, bootstrap: {env: KAFKA_BOOTSTRAP}, credentials: {securityProtocol: KAFKA_SECURITY_PROTOCOL, saslMechanism: KAFKA_SASL_MECHANISM, saslJaasConfig: KAFKA_SASL_JAAS_CONFIG, truststore: KAFKA_TRUSTSTORE}}]
        producers:
          - {namespace: shop, deployment: checkout, container: app, bootstrap: {configMap: checkout, key: bootstrap}, credentials: {securityProtocol: KAFKA_SECURITY_PROTOCOL, saslMechanism: KAFKA_SASL_MECHANISM, saslJaasConfig: KAFKA_SASL_JAAS_CONFIG, truststore: KAFKA_TRUSTSTORE}}
      decommission: {lockDownSource: false}
      approvals:
        defaults: {approvers: [alice, bob], minApprovers: 1}
      """;

  static Stream<Arguments> badPlans() {
    return Stream.of(
        bad("migration id with capitals", p -> p.replace("migrationId: payments-kafka", "migrationId: Payments"),
            "migrationId: 'Payments' must be lower-case letters, digits and '-' (it names resources)"),
        bad("no source bootstrap", p -> p.replace("bootstrapServers: pkc-1.confluent.cloud:9092", "bootstrapServers: ''"),
            "source.bootstrapServers: missing"),
        bad("unknown security protocol", p -> p.replace("securityProtocol: SASL_SSL", "securityProtocol: TLS"),
            "source.securityProtocol: 'TLS' is not one of [PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, SSL]"),
        bad("unknown SASL mechanism", p -> p.replace("saslMechanism: PLAIN", "saslMechanism: GSSAPI"),
            "source.saslMechanism: 'GSSAPI' is not one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]"),
        bad("SASL without a password reference", p -> p.replace("  password: {env: CC_SECRET}\n", ""),
            "source.password: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})"),
        bad("secret reference without key", p -> p.replace("username: {secret: confluent, key: key}", "username: {secret: confluent}"),
            "source.username: a Secret reference needs both secret and key"),
        bad("reference naming env and secret", p -> p.replace("password: {env: CC_SECRET}", "password: {env: X, secret: s, key: k}"),
            "source.password: give either env, or secret and key"),
        bad("unfilled secret placeholder", p -> p.replace("username: {secret: confluent, key: key}", "username: {secret: FILL-ME, key: key}"),
            "source.username.secret: placeholder not filled"),
        bad("unfilled storage placeholder", p -> p.replace("storageSize: 100Gi", "storageSize: FILL-ME"),
            "target.storageSize: placeholder not filled"),
        bad("unfilled app placeholders, listed once each", p -> p.replace("{namespace: shop, deployment: orders-processor, container: app, bootstrap: {env: KAFKA_BOOTSTRAP}",
                "{namespace: FILL-ME, deployment: FILL-ME, bootstrap: {env: FILL-ME}"),
            "cutover.consumerGroups[0].apps[0].namespace: placeholder not filled",
            "cutover.consumerGroups[0].apps[0].deployment: placeholder not filled",
            "cutover.consumerGroups[0].apps[0].bootstrap.env: placeholder not filled"),
        bad("unfilled approver placeholder", p -> p.replace("approvers: [alice, bob]", "approvers: [FILL-ME]"),
            "approvals.defaults.approvers: placeholder not filled"),
        bad("invalid target namespace", p -> p.replace("namespace: shop, cluster", "namespace: Kafka_NS, cluster"),
            "target.namespace: 'Kafka_NS' is not a valid Kubernetes name"),
        bad("zero replicas", p -> p.replace("replicas: 3, storageSize", "replicas: 0, storageSize"),
            "target.replicas: must be at least 1, got 0"),
        bad("source is the target cluster", p -> p.replace("pkc-1.confluent.cloud:9092", "payments-kafka-bootstrap.shop.svc:9092"),
            "target: the source's bootstrap servers are the target cluster itself"),
        bad("topic regex that does not compile", p -> p.replace("include: \"orders.*\"", "include: \"orders[\""),
            "topics.include: 'orders[' is not a valid regular expression (Unclosed character class)"),
        bad("negative lag threshold", p -> p.replace("maxLagRecords: 500", "maxLagRecords: -1"),
            "replication.maxLagRecords: must be 0 or more, got -1"),
        bad("zero digest window", p -> p.replace("digestWindow: 100", "digestWindow: 0"),
            "verification.digestWindow: must be at least 1, got 0"),
        bad("no cutover order", p -> p.replace("  order: CONSUMERS_FIRST\n", ""),
            "cutover.order: missing (CONSUMERS_FIRST or PRODUCERS_FIRST)"),
        bad("parallelism of zero", p -> p.replace("  order: CONSUMERS_FIRST\n", "  order: CONSUMERS_FIRST\n  parallelism: 0\n"),
            "cutover.parallelism: must be 1 to 50 (consumer groups cut over at once), got 0"),
        bad("parallelism above the bound", p -> p.replace("  order: CONSUMERS_FIRST\n", "  order: CONSUMERS_FIRST\n  parallelism: 51\n"),
            "cutover.parallelism: must be 1 to 50 (consumer groups cut over at once), got 51"),
        bad("fence window below a second", p -> p.replace("  order: CONSUMERS_FIRST\n", "  order: CONSUMERS_FIRST\n  fenceWindow: PT0.5S\n"),
            "cutover.fenceWindow: must be PT1S to PT10M (how long the source must not grow once the last producer moved), got PT0.5S"),
        bad("fence window above ten minutes", p -> p.replace("  order: CONSUMERS_FIRST\n", "  order: CONSUMERS_FIRST\n  fenceWindow: PT1H\n"),
            "cutover.fenceWindow: must be PT1S to PT10M (how long the source must not grow once the last producer moved), got PT1H"),
        bad("group listed twice", p -> p.replace("  producers:\n", """
                - group: orders-processor
                  apps: [{namespace: shop, deployment: other, container: app, bootstrap: {env: K}, credentials: {securityProtocol: P, saslMechanism: M, saslJaasConfig: J, truststore: T}}]
              producers:
            """.replaceFirst("^\n", "")),
            "cutover.consumerGroups[1].group: 'orders-processor' is listed twice"),
        bad("group without apps", p -> p.replaceFirst(
                "apps: \\[\\{namespace: shop, deployment: orders-processor, .*]", "apps: []"),
            "cutover.consumerGroups[0].apps: a group needs at least one app to stop and restart"),
        bad("app listed twice", p -> p.replace("deployment: checkout", "deployment: orders-processor"),
            "cutover.producers[0]: app 'shop/orders-processor' is listed twice"),
        bad("bootstrap location with two kinds", p -> p.replace("bootstrap: {configMap: checkout, key: bootstrap}",
                "bootstrap: {configMap: checkout, secret: checkout, key: bootstrap}"),
            "cutover.producers[0].bootstrap: give exactly one of env, configMap or secret"),
        bad("ConfigMap location without key", p -> p.replace("bootstrap: {configMap: checkout, key: bootstrap}", "bootstrap: {configMap: checkout}"),
            "cutover.producers[0].bootstrap.key: missing (the ConfigMap or Secret key)"),
        bad("gate nobody may decide", p -> p.replace("approvers: [alice, bob], minApprovers: 1", "approvers: []"),
            "approvals.defaults.approvers: lists nobody; a gate needs at least one approver"),
        bad("more approvals than approvers", p -> p.replace("minApprovers: 1", "minApprovers: 3"),
            "approvals.defaults.minApprovers: 3 approvals required but only 2 approver(s) listed"),
        bad("source lock-down, which is not built yet", p -> p.replace("lockDownSource: false", "lockDownSource: true"),
            "decommission.lockDownSource: not supported yet; deny writes on the source by hand after the final gate"),
        bad("no target", p -> p.replace("target: {namespace: shop, cluster: payments, replicas: 3, storageSize: 100Gi, listener: tls, topicReplicas: 3, tls: true, authentication: scram-sha-512}\n", ""),
            "target: missing"),
        bad("invalid cluster name", p -> p.replace("cluster: payments,", "cluster: payments.prod,"),
            "target.cluster: 'payments.prod' is not a valid Kubernetes name"),
        bad("zero topic replicas", p -> p.replace("topicReplicas: 3", "topicReplicas: 0"),
            "target.topicReplicas: must be at least 1, got 0"),
        bad("exclude regex that does not compile", p -> p.replace("topics: {include: \"orders.*\"}", "topics: {include: \"orders.*\", exclude: \"*dlq\"}"),
            "topics.exclude: '*dlq' is not a valid regular expression (Dangling meta character '*')"),
        bad("zero offset.lag.max", p -> p.replace("offsetLagMax: 100", "offsetLagMax: 0"),
            "replication.offsetLagMax: must be at least 1, got 0"),
        bad("zero sync interval", p -> p.replace("syncIntervalSeconds: 10", "syncIntervalSeconds: 0"),
            "replication.syncIntervalSeconds: must be at least 1, got 0"),
        bad("zero tasks", p -> p.replace("tasksMax: 2", "tasksMax: 0"),
            "replication.tasksMax: must be at least 1, got 0"),
        bad("negative catch-up timeout", p -> p.replace("catchUpTimeout: PT1H", "catchUpTimeout: -PT1H"),
            "replication.catchUpTimeout: must be positive"),
        bad("no producers list", p -> p.replaceFirst("  producers:\n    - \\{namespace: shop, deployment: checkout, .*\n", ""),
            "cutover.producers: missing (may be empty)"),
        bad("app without deployment", p -> p.replace("deployment: checkout, ", ""),
            "cutover.producers[0].deployment: missing"),
        bad("app with an invalid namespace", p -> p.replace("{namespace: shop, deployment: checkout", "{namespace: Shop, deployment: checkout"),
            "cutover.producers[0].namespace: 'Shop' is not a valid Kubernetes name"),
        bad("app without bootstrap location", p -> p.replace(", bootstrap: {configMap: checkout, key: bootstrap}", ""),
            "cutover.producers[0].bootstrap: missing (where the app keeps its bootstrap servers)"),
        bad("group without a name", p -> p.replace("- group: orders-processor", "- group: ''"),
            "cutover.consumerGroups[0].group: missing"),
        bad("SCRAM mechanism misspelt", p -> p.replace("saslMechanism: PLAIN", "saslMechanism: SCRAM-SHA512"),
            "source.saslMechanism: 'SCRAM-SHA512' is not one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]"),
        bad("CA certificate reference without key", p -> p.replace("  password: {env: CC_SECRET}\n", "  password: {env: CC_SECRET}\n  caCertificate: {secret: confluent-ca}\n"),
            "source.caCertificate: a Secret reference needs both secret and key"),
        bad("client certificate without its key", p -> p.replace("securityProtocol: SASL_SSL", "securityProtocol: SSL")
                .replace("  password: {env: CC_SECRET}\n", "  password: {env: CC_SECRET}\n  clientCertificate: {secret: confluent-mtls, key: tls.crt}\n"),
            "source.clientKey: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})"),
        bad("client certificate together with SASL", p -> p.replace("  password: {env: CC_SECRET}\n",
                "  password: {env: CC_SECRET}\n  clientCertificate: {env: TLS_CRT}\n  clientKey: {env: TLS_KEY}\n"),
            "source.clientCertificate: mutual TLS needs securityProtocol SSL (MirrorMaker 2 authenticates with SASL or with a "
                + "certificate, not both), not SASL_SSL"),
        bad("client certificate over plaintext", p -> p.replace("securityProtocol: SASL_SSL", "securityProtocol: SASL_PLAINTEXT")
                .replace("  password: {env: CC_SECRET}\n", "  password: {env: CC_SECRET}\n  clientCertificate: {env: TLS_CRT}\n  clientKey: {env: TLS_KEY}\n"),
            "source.clientCertificate: mutual TLS needs securityProtocol SSL (MirrorMaker 2 authenticates with SASL or with a "
                + "certificate, not both), not SASL_PLAINTEXT"),
        bad("CA certificate over plaintext", p -> p.replace("securityProtocol: SASL_SSL", "securityProtocol: PLAINTEXT")
                .replace("  password: {env: CC_SECRET}\n", "  password: {env: CC_SECRET}\n  caCertificate: {env: CA_PEM}\n"),
            "source.caCertificate: only used with TLS; securityProtocol is PLAINTEXT"),
        bad("zero gate timeout", p -> p.replace("minApprovers: 1}", "minApprovers: 1, timeout: PT0S}"),
            "approvals.defaults.timeout: must be positive"),
        bad("no approvals", p -> p.substring(0, p.indexOf("approvals:")),
            "approvals: missing (who may decide the gates)"),
        bad("policy for an unknown gate", p -> p + "  gates:\n    go-lve: {approvers: [alice]}\n",
            "approvals.gates.go-lve: unknown gate; this plan's gates are: go-live, decommission"),
        bad("approver naming an undefined group", p -> p.replace("approvers: [alice, bob]", "approvers: [alice, \"group:sre\"]"),
            "approvals.defaults.approvers[1]: unknown group 'sre'; approvals.groups defines none"),
        bad("approver naming a misspelt group", p -> p.replace("approvers: [alice, bob]", "approvers: [\"group:sre-lead\"]")
                + "  groups: {sre-leads: [alice, bob]}\n",
            "approvals.defaults.approvers[0]: unknown group 'sre-lead'; approvals.groups defines: sre-leads"),
        bad("empty group", p -> p + "  groups: {sre-leads: []}\n",
            "approvals.groups.sre-leads: lists nobody"),
        bad("group inside a group", p -> p + "  groups: {sre-leads: [alice, \"group:dba\"], dba: [bob]}\n",
            "approvals.groups.sre-leads[1]: 'group:dba': a group lists people, not other groups"),
        bad("group of only unknown people makes the gate undecidable", p -> p.replace("approvers: [alice, bob], minApprovers: 1",
                "approvers: [\"group:nobody\"]") + "  groups: {nobody: [\"\"]}\n",
            "approvals.groups.nobody[0]: missing",
            "approvals.defaults.approvers: lists nobody; a gate needs at least one approver"),
        bad("operator naming an undefined group", p -> p + "  operators: [\"group:oncall\"]\n",
            "approvals.operators[0]: unknown group 'oncall'; approvals.groups defines none"),
        bad("two-person gate without the starter", p -> p + "  gates:\n    go-live: {approvers: [alice, bob, carol], twoPerson: true}\n",
            "approvals.gates.go-live.twoPerson: needs approvals.startedBy, the person who started the run "
                + "(runbook start records it; add it to a plan started another way)"),
        bad("two-person gate with only one approver besides the starter", p -> p
                + "  startedBy: alice\n  gates:\n    go-live: {approvers: [alice, bob], twoPerson: true}\n",
            "approvals.gates.go-live.twoPerson: 2 approvers other than 'alice', who started the run, are required but only 1 listed"),
        bad("two-person gate asking for more approvals than its people", p -> p
                + "  startedBy: alice\n  groups: {sre: [bob, carol]}\n  gates:\n    decommission: {approvers: [alice, \"group:sre\"], minApprovers: 3, twoPerson: true}\n",
            "approvals.gates.decommission.twoPerson: 3 approvers other than 'alice', who started the run, are required but only 2 listed"));
  }

  static Stream<Arguments> insecureTargets() {
    String jaas = "saslJaasConfig: KAFKA_SASL_JAAS_CONFIG, ";
    return Stream.of(
        bad("unknown target authentication", p -> p.replace("authentication: scram-sha-512", "authentication: oauth"),
            "target.authentication: 'oauth' is not one of scram-sha-512, tls, none"),
        bad("credentials in clear", p -> p.replace("tls: true,", "tls: false,"),
            "target.tls: false would send scram-sha-512 credentials in clear; keep tls: true, or set authentication: none"
                + " for a plaintext lab listener"),
        bad("an app without credentials", p -> p.replaceFirst(", credentials: \\{[^}]*}", ""),
            "cutover.consumerGroups[0].apps[0].credentials: missing (the env vars that receive the app's target credentials: "
                + "securityProtocol, saslMechanism, saslJaasConfig, truststore)"),
        bad("an app without its JAAS env var", p -> p.replaceFirst(jaas, ""),
            "cutover.consumerGroups[0].apps[0].credentials.saslJaasConfig: missing (the env var that gets sasl.jaas.config"
                + " of Secret orders-processor)"),
        bad("mutual TLS without a keystore", p -> p.replace("authentication: scram-sha-512", "authentication: tls"),
            "cutover.consumerGroups[0].apps[0].credentials.keystoreCertificate: missing (the env var that gets user.crt of"
                + " Secret orders-processor)",
            "cutover.consumerGroups[0].apps[0].credentials.keystoreKey: missing (the env var that gets user.key of Secret"
                + " orders-processor)",
            "cutover.producers[0].credentials.keystoreCertificate: missing (the env var that gets user.crt of Secret checkout)",
            "cutover.producers[0].credentials.keystoreKey: missing (the env var that gets user.key of Secret checkout)"),
        bad("an app outside the target namespace", p -> p.replace("{namespace: shop, deployment: checkout", "{namespace: web, deployment: checkout"),
            "cutover.producers[0].namespace: 'web' cannot read the credentials Secrets of target namespace 'shop' (a"
                + " secretKeyRef reads its own namespace only); run the target in the apps' namespace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("insecureTargets")
  void refusesATargetThatIsNotClosedOrAnAppThatCannotGetItsCredentials(
      String name, UnaryOperator<String> mistake, List<String> expected) {
    namesTheMistake(name, mistake, expected);
  }

  @Test
  void acceptsAnExplicitlyPlaintextTargetWithAppsWithoutCredentials() {
    String plaintext = VALID.replace("tls: true, authentication: scram-sha-512", "tls: false, authentication: none")
        .replaceAll(", credentials: \\{[^}]*}", "");
    assertEquals(List.of(), KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", plaintext, KafkaMigrationPlan.class)));
  }

  static Arguments bad(String name, UnaryOperator<String> mistake, String... errors) {
    return Arguments.of(name, mistake, List.of(errors));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void namesTheMistake(String name, UnaryOperator<String> mistake, List<String> expected) {
    String text = mistake.apply(VALID);
    assertEquals(expected, KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", text, KafkaMigrationPlan.class)), text);
  }

  static Stream<Arguments> structureMistakes() {
    return Stream.of(
        Arguments.of("unknown field", (UnaryOperator<String>) p -> p.replace("migrationId:", "migrationID:"),
            "plan.yaml: migrationID: unknown field (known: approvals, authorization, cutover, decommission, migrationId, replication, "
                + "schemaRegistry, source, target, topics, verification)"),
        Arguments.of("wrong type", (UnaryOperator<String>) p -> p.replace("replicas: 3,", "replicas: three,"),
            "plan.yaml: target.replicas: 'three' is not a whole number"),
        Arguments.of("unknown enum value", (UnaryOperator<String>) p -> p.replace("order: CONSUMERS_FIRST", "order: SIDEWAYS"),
            "plan.yaml: cutover.order: 'SIDEWAYS' is not one of CONSUMERS_FIRST, PRODUCERS_FIRST"),
        Arguments.of("bad duration", (UnaryOperator<String>) p -> p.replace("catchUpTimeout: PT1H", "catchUpTimeout: 1 hour"),
            "plan.yaml: replication.catchUpTimeout: '1 hour' is not an ISO-8601 duration (e.g. PT30M, PT6H)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structureMistakes")
  void namesTheStructureMistakeWithItsPath(String name, UnaryOperator<String> mistake, String error) {
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PlanFiles.parse("plan.yaml", mistake.apply(VALID), KafkaMigrationPlan.class));
    assertEquals(error, refused.getMessage());
  }

  @Test
  void theExamplePlansAreValidAndTheSecuredOneNamesEveryTargetIdentity() throws Exception {
    for (String example : List.of("kafka-plan.yaml", "kafka-lab-plan.yaml", "kafka-lab-plaintext-plan.yaml", "kafka-secured-plan.yaml")) {
      java.nio.file.Path file = java.nio.file.Path.of("../deploy/examples", example);
      KafkaMigrationPlan plan = PlanFiles.parse(example, java.nio.file.Files.readString(file), KafkaMigrationPlan.class);
      assertEquals(List.of(), KafkaPlanValidator.validate(plan), example);
    }
    KafkaMigrationPlan secured = PlanFiles.parse("kafka-secured-plan.yaml",
        java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/examples/kafka-secured-plan.yaml")), KafkaMigrationPlan.class);
    assertEquals(Map.of("runbook (super user)", "User:payments-runbook", "MirrorMaker 2", "User:payments-mirror",
        "shop/orders-processor", "User:orders-processor", "shop/checkout", "User:checkout"), KafkaPlanDefaults.principals(secured));
    assertEquals(Map.of(), KafkaPlanDefaults.principals(PlanFiles.parse("kafka-plan.yaml",
        java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/examples/kafka-plan.yaml")), KafkaMigrationPlan.class)));
  }

  @Test
  void acceptsTheValidPlan() {
    assertEquals(List.of(), KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", VALID, KafkaMigrationPlan.class)));
  }

  @Test
  void comparesThePlanWithWhatDiscoveryFound() {
    KafkaMigrationPlan plan = PlanFiles.parse("plan.yaml", VALID, KafkaMigrationPlan.class);
    SourceInventory inventory = new SourceInventory(
        List.of(new TopicSpec("orders", 3, 3, Map.of())),
        List.of(new GroupInfo("orders-processor", "Stable", 1, List.of("orders", "orders-dlq-archive"), 0)),
        0);
    assertEquals(List.of("cutover.consumerGroups[0].group: 'orders-processor' consumes topics not selected for migration: "
        + "orders-dlq-archive"), KafkaPlanValidator.againstSource(plan, inventory));
    assertEquals(List.of("topics: the selection (include 'orders.*') matches no topic on the source",
            "cutover.consumerGroups[0].group: 'orders-processor' does not exist on the source"),
        KafkaPlanValidator.againstSource(plan, new SourceInventory(List.of(), List.of(), 0)));
  }

  static final String WITH_ACLS = VALID + """
      authorization:
        principals: {"User:sa-orders": orders-processor, "User:12345": checkout}
      """;

  @Test
  void refusesAPrincipalMappingThatNamesNoUserOfThePlan() {
    String plan = WITH_ACLS.replace("\"User:12345\": checkout", "\"User:12345\": billing, \"sa-x\": checkout");
    assertEquals(List.of(
        "authorization.principals.User:12345: 'billing' is not a KafkaUser of the plan (one per app, named after its Deployment: "
            + "checkout, orders-processor)",
        "authorization.principals.sa-x: a source principal looks like User:NAME"),
        KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", plan, KafkaMigrationPlan.class)));
    assertEquals(List.of(), KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", WITH_ACLS, KafkaMigrationPlan.class)));
  }

  @Test
  void refusesAConsumerWhoseTranslatedAclsLackReadOnItsTopicOrGroup() {
    KafkaMigrationPlan plan = PlanFiles.parse("plan.yaml", WITH_ACLS, KafkaMigrationPlan.class);
    List<TopicSpec> topics = List.of(new TopicSpec("orders", 3, 3, Map.of()), new TopicSpec("orders.eu", 3, 3, Map.of()));
    List<GroupInfo> groups = List.of(new GroupInfo("orders-processor", "Stable", 1, List.of("orders", "orders.eu"), 0));
    List<SourceAcl> onlyOneTopic = List.of(
        new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"),
        new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"), CHECKOUT_WRITES);

    assertEquals(List.of("cutover.consumerGroups[0].apps[0]: KafkaUser 'orders-processor' would lack Read on topic 'orders.eu'"
        + " on the target: no source ACL of a principal mapped to it grants that (authorization.principals)"),
        KafkaPlanValidator.againstSource(plan, new SourceInventory(topics, groups, 2, onlyOneTopic)));

    List<SourceAcl> prefixedButDenied = List.of(
        new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "PREFIXED", "READ", "ALLOW"),
        new SourceAcl("User:sa-orders", "*", "TOPIC", "orders.eu", "LITERAL", "READ", "DENY"),
        new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"), CHECKOUT_WRITES);
    assertEquals(List.of("cutover.consumerGroups[0].apps[0]: KafkaUser 'orders-processor' would lack Read on topic 'orders.eu'"
        + " on the target: no source ACL of a principal mapped to it grants that (authorization.principals)"),
        KafkaPlanValidator.againstSource(plan, new SourceInventory(topics, groups, 3, prefixedButDenied)));

    List<SourceAcl> prefixed = List.of(prefixedButDenied.get(0), prefixedButDenied.get(2), CHECKOUT_WRITES);
    assertEquals(List.of(), KafkaPlanValidator.againstSource(plan, new SourceInventory(topics, groups, 2, prefixed)));
  }

  static final SourceAcl CHECKOUT_WRITES = new SourceAcl("User:12345", "*", "TOPIC", "orders", "LITERAL", "WRITE", "ALLOW");
  static final List<SourceAcl> ORDERS_PROCESSOR_READS = List.of(
      new SourceAcl("User:sa-orders", "*", "TOPIC", "orders", "PREFIXED", "READ", "ALLOW"),
      new SourceAcl("User:sa-orders", "*", "GROUP", "orders-processor", "LITERAL", "READ", "ALLOW"));
  static final List<TopicSpec> ORDERS_TOPICS =
      List.of(new TopicSpec("orders", 3, 3, Map.of()), new TopicSpec("orders.eu", 3, 3, Map.of()));
  static final List<GroupInfo> ORDERS_GROUP = List.of(new GroupInfo("orders-processor", "Stable", 1, List.of("orders"), 0));

  static List<String> againstSource(String plan, List<SourceAcl> checkoutAcls) {
    List<SourceAcl> acls = new java.util.ArrayList<>(ORDERS_PROCESSOR_READS);
    acls.addAll(checkoutAcls);
    return KafkaPlanValidator.againstSource(PlanFiles.parse("plan.yaml", plan, KafkaMigrationPlan.class),
        new SourceInventory(ORDERS_TOPICS, ORDERS_GROUP, acls.size(), acls));
  }

  @Test
  void refusesAProducerWhoseTranslatedAclsLackWriteOnTheTopicsAndTransactionalIdItNames() {
    String plan = WITH_ACLS.replace("bootstrap: {configMap: checkout, key: bootstrap}, credentials:",
        "bootstrap: {configMap: checkout, key: bootstrap}, topics: [orders, orders.eu], transactionalId: checkout-tx-1, credentials:");
    SourceAcl writesPrefixed = new SourceAcl("User:12345", "*", "TOPIC", "orders", "PREFIXED", "WRITE", "ALLOW");
    SourceAcl deniedEu = new SourceAcl("User:12345", "*", "TOPIC", "orders.eu", "LITERAL", "WRITE", "DENY");
    SourceAcl transactions = new SourceAcl("User:12345", "*", "TRANSACTIONAL_ID", "checkout-tx-", "PREFIXED", "WRITE", "ALLOW");

    assertEquals(List.of("cutover.producers[0]: KafkaUser 'checkout' would lack Write on topic 'orders.eu', transactionalId"
        + " 'checkout-tx-1' on the target: no source ACL of a principal mapped to it grants that (authorization.principals)"),
        againstSource(plan, List.of(writesPrefixed, deniedEu)));
    assertEquals(List.of("cutover.producers[0]: KafkaUser 'checkout' would lack Write on topic 'orders', topic 'orders.eu'"
        + " on the target: no source ACL of a principal mapped to it grants that (authorization.principals)"),
        againstSource(plan, List.of(new SourceAcl("User:12345", "*", "TOPIC", "orders", "PREFIXED", "READ", "ALLOW"),
            transactions)));
    assertEquals(List.of(), againstSource(plan, List.of(writesPrefixed, transactions)));
    assertEquals(List.of("cutover.producers[0].topics: not selected for migration on the source: payments"),
        againstSource(plan.replace("topics: [orders, orders.eu]", "topics: [orders, payments]"), List.of()));
  }

  @Test
  void refusesAProducerThatNamesNoTopicsWhenItsAclsGrantWriteOnNoMigratedTopic() {
    assertEquals(List.of("cutover.producers[0]: KafkaUser 'checkout' would lack Write on any migrated topic on the target:"
        + " no source ACL of a principal mapped to it grants that (authorization.principals)"),
        againstSource(WITH_ACLS, List.of(new SourceAcl("User:12345", "*", "TOPIC", "payments", "LITERAL", "WRITE", "ALLOW"),
            new SourceAcl("User:sa-orders", "*", "TOPIC", "orders.eu", "LITERAL", "WRITE", "ALLOW"))));
    assertEquals(List.of(), againstSource(WITH_ACLS, List.of(
        new SourceAcl("User:12345", "*", "TOPIC", "orders.eu", "LITERAL", "ALL", "ALLOW"))));
    assertEquals(List.of(), againstSource(VALID, List.of()));
  }

  @Test
  void runsStartedBeforeTheProducerCheckKeepTheirPreflight() {
    KafkaMigrationPlan plan = PlanFiles.parse("plan.yaml", WITH_ACLS, KafkaMigrationPlan.class);
    assertEquals(List.of(), KafkaPlanValidator.againstSource(plan,
        new SourceInventory(ORDERS_TOPICS, ORDERS_GROUP, 2, ORDERS_PROCESSOR_READS), false));
  }

  @Test
  void onlyProducersNameTheTopicsTheyWriteEachOnce() {
    String plan = VALID.replace("bootstrap: {env: KAFKA_BOOTSTRAP}, credentials:", "bootstrap: {env: KAFKA_BOOTSTRAP}, topics: [orders], credentials:")
        .replace("bootstrap: {configMap: checkout, key: bootstrap}, credentials:",
            "bootstrap: {configMap: checkout, key: bootstrap}, topics: [orders, FILL-ME, orders], transactionalId: '', credentials:");
    assertEquals(List.of(
        "cutover.consumerGroups[0].apps[0]: only producers name topics and a transactionalId (a consumer's topics are its group's)",
        "cutover.producers[0].topics[1]: placeholder not filled",
        "cutover.producers[0].topics[2]: 'orders' is listed twice",
        "cutover.producers[0].transactionalId: missing"),
        KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", plan, KafkaMigrationPlan.class)));
    assertEquals(List.of("cutover.producers[0].topics: empty; name the topics the producer writes, or leave topics out"),
        KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml",
            VALID.replace("bootstrap: {configMap: checkout, key: bootstrap}, credentials:",
                "bootstrap: {configMap: checkout, key: bootstrap}, topics: [], credentials:"), KafkaMigrationPlan.class)));
  }
}
