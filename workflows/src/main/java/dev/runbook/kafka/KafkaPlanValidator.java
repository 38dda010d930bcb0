package dev.runbook.kafka;

import static dev.runbook.plan.PlanChecks.atLeastOne;
import static dev.runbook.plan.PlanChecks.blank;
import static dev.runbook.plan.PlanChecks.isKubernetesName;
import static dev.runbook.plan.PlanChecks.kubernetesName;
import static dev.runbook.plan.PlanChecks.placeholder;
import static dev.runbook.plan.PlanChecks.regex;
import static dev.runbook.plan.PlanChecks.require;
import static dev.runbook.plan.PlanChecks.secret;

import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.acls.AclTranslation;
import dev.runbook.kafka.acls.TargetAcl;
import dev.runbook.kernel.ApprovalChecks;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.PlanChecks;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a Kafka plan before anything changes: {@link #validate} needs nothing but the plan (the
 * CLI's {@code --dry-run} and the workflow's first line), {@link #againstSource} compares it with
 * what discovery found. Each error names the field it concerns.
 */
public final class KafkaPlanValidator {

  private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  private KafkaPlanValidator() {}

  public static List<String> validate(KafkaMigrationPlan plan) {
    return validate(plan, true);
  }

  /**
   * As {@link #validate(KafkaMigrationPlan)}; without {@code securedTarget}, the rules of runs started
   * before the target was secured by default (their plans name no target security and no app credentials).
   */
  public static List<String> validate(KafkaMigrationPlan plan, boolean securedTarget) {
    List<String> errors = new ArrayList<>();
    if (plan == null) {
      return List.of("the plan is empty");
    }
    if (require(errors, plan.migrationId(), "migrationId") && !isKubernetesName(plan.migrationId())) {
      errors.add("migrationId: '" + plan.migrationId() + "' must be lower-case letters, digits and '-' (it names resources)");
    }
    endpoint(errors, plan.source(), "source");
    if (plan.target() == null) {
      errors.add("target: missing");
    } else {
      kubernetesName(errors, plan.target().namespace(), "target.namespace");
      kubernetesName(errors, plan.target().cluster(), "target.cluster");
      placeholder(errors, plan.target().storageSize(), "target.storageSize");
      placeholder(errors, plan.target().listener(), "target.listener");
      atLeastOne(errors, plan.target().replicas(), "target.replicas");
      atLeastOne(errors, plan.target().topicReplicas(), "target.topicReplicas");
      if (securedTarget) {
        targetSecurity(errors, plan.target());
      }
      if (plan.source() != null && plan.source().bootstrapServers() != null && plan.target().cluster() != null
          && plan.source().bootstrapServers().contains(plan.target().cluster() + "-kafka-bootstrap." + plan.target().namespace())) {
        errors.add("target: the source's bootstrap servers are the target cluster itself");
      }
    }
    if (plan.topics() != null) {
      regex(errors, plan.topics().include(), "topics.include");
      regex(errors, plan.topics().exclude(), "topics.exclude");
    }
    if (plan.replication() != null) {
      if (plan.replication().maxLagRecords() != null && plan.replication().maxLagRecords() < 0) {
        errors.add("replication.maxLagRecords: must be 0 or more, got " + plan.replication().maxLagRecords());
      }
      atLeastOne(errors, plan.replication().offsetLagMax(), "replication.offsetLagMax");
      atLeastOne(errors, plan.replication().syncIntervalSeconds(), "replication.syncIntervalSeconds");
      atLeastOne(errors, plan.replication().tasksMax(), "replication.tasksMax");
      if (plan.replication().catchUpTimeout() != null && plan.replication().catchUpTimeout().isNegative()) {
        errors.add("replication.catchUpTimeout: must be positive");
      }
    }
    if (plan.verification() != null) {
      atLeastOne(errors, plan.verification().digestWindow(), "verification.digestWindow");
    }
    if (plan.decommission() != null && Boolean.TRUE.equals(plan.decommission().lockDownSource())) {
      errors.add("decommission.lockDownSource: not supported yet; deny writes on the source by hand after the final gate");
    }
    cutover(errors, plan, securedTarget);
    authorization(errors, plan);
    schemaRegistry(errors, plan.schemaRegistry());
    errors.addAll(ApprovalChecks.check(plan.approvals(), KafkaMigrationWorkflow.GATES));
    return errors.stream().distinct().map(PlanChecks::printable).toList();
  }

  /** What the plan assumes about the source that discovery contradicts. */
  public static List<String> againstSource(KafkaMigrationPlan plan, SourceInventory inventory) {
    return againstSource(plan, inventory, true);
  }

  /**
   * As {@link #againstSource(KafkaMigrationPlan, SourceInventory)}; without {@code producerPermissions},
   * the rules of runs started before preflight checked the producers' translated ACLs.
   */
  public static List<String> againstSource(KafkaMigrationPlan plan, SourceInventory inventory, boolean producerPermissions) {
    List<String> errors = new ArrayList<>();
    if (inventory.topics().isEmpty()) {
      errors.add("topics: the selection (include '" + (plan.topics() == null ? null : plan.topics().include())
          + "') matches no topic on the source");
    }
    Set<String> selected = new HashSet<>(KafkaPlanDefaults.names(inventory.topics()));
    AclTranslation acls = KafkaPlanDefaults.aclTranslation(plan, inventory);
    List<ConsumerGroupCutover> groups = plan.cutover().consumerGroups();
    for (int i = 0; i < groups.size(); i++) {
      String group = groups.get(i).group();
      GroupInfo found = inventory.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElse(null);
      if (found == null) {
        errors.add("cutover.consumerGroups[" + i + "].group: '" + group + "' does not exist on the source");
        continue;
      }
      Set<String> unselected = new TreeSet<>(found.topics());
      unselected.removeAll(selected);
      if (!unselected.isEmpty()) {
        errors.add("cutover.consumerGroups[" + i + "].group: '" + group + "' consumes topics not selected for migration: "
            + String.join(", ", unselected));
      }
      if (acls != null) {
        for (int j = 0; j < groups.get(i).apps().size(); j++) {
          missingReads(errors, "cutover.consumerGroups[" + i + "].apps[" + j + "]", groups.get(i).apps().get(j), found, acls);
        }
      }
    }
    List<AppRef> producers = plan.cutover().producers();
    for (int i = 0; i < producers.size(); i++) {
      String path = "cutover.producers[" + i + "]";
      List<String> unselected = producers.get(i).topics() == null ? List.of()
          : producers.get(i).topics().stream().filter(topic -> !selected.contains(topic)).toList();
      if (!unselected.isEmpty()) {
        errors.add(path + ".topics: not selected for migration on the source: " + String.join(", ", unselected));
      } else if (acls != null && producerPermissions && !selected.isEmpty()) {
        missingWrites(errors, path, producers.get(i), selected, acls);
      }
    }
    return errors;
  }

  /**
   * A producer needs Write on the topics it names (without them, on at least one migrated topic) and
   * on its transactional id. Write implies IdempotentWrite since Kafka 3.0, so that needs no grant of its own.
   */
  private static void missingWrites(List<String> errors, String path, AppRef producer, Set<String> selected,
      AclTranslation acls) {
    String user = KafkaPlanDefaults.userName(producer);
    List<TargetAcl> granted = acls.byUser().getOrDefault(user, List.of());
    List<String> missing = new ArrayList<>();
    if (producer.topics() == null) {
      if (selected.stream().noneMatch(topic -> AclTranslation.allows(granted, "topic", topic, "Write"))) {
        missing.add("any migrated topic");
      }
    } else {
      producer.topics().stream()
          .filter(topic -> !AclTranslation.allows(granted, "topic", topic, "Write"))
          .forEach(topic -> missing.add("topic '" + topic + "'"));
    }
    if (producer.transactionalId() != null
        && !AclTranslation.allows(granted, "transactionalId", producer.transactionalId(), "Write")) {
      missing.add("transactionalId '" + producer.transactionalId() + "'");
    }
    if (!missing.isEmpty()) {
      errors.add(path + ": KafkaUser '" + user + "' would lack Write on " + String.join(", ", missing)
          + " on the target: no source ACL of a principal mapped to it grants that (authorization.principals)");
    }
  }

  /** A consumer needs Read on its group and on each of its topics; the translated ACLs must grant both. */
  private static void missingReads(List<String> errors, String path, AppRef app, GroupInfo group, AclTranslation acls) {
    String user = KafkaPlanDefaults.userName(app);
    List<TargetAcl> granted = acls.byUser().getOrDefault(user, List.of());
    List<String> missing = new ArrayList<>();
    if (!AclTranslation.allows(granted, "group", group.group(), "Read")) {
      missing.add("group '" + group.group() + "'");
    }
    new TreeSet<>(group.topics()).stream()
        .filter(topic -> !AclTranslation.allows(granted, "topic", topic, "Read"))
        .forEach(topic -> missing.add("topic '" + topic + "'"));
    if (!missing.isEmpty()) {
      errors.add(path + ": KafkaUser '" + user + "' would lack Read on " + String.join(", ", missing)
          + " on the target: no source ACL of a principal mapped to it grants that (authorization.principals)");
    }
  }

  /** Each mapped source principal must name a principal and one of the plan's KafkaUsers. */
  private static void authorization(List<String> errors, KafkaMigrationPlan plan) {
    if (plan.authorization() == null || plan.authorization().principals() == null || plan.cutover() == null
        || plan.cutover().consumerGroups() == null || plan.cutover().producers() == null) {
      return;
    }
    Set<String> users = new TreeSet<>(KafkaPlanDefaults.users(plan));
    new java.util.TreeMap<>(plan.authorization().principals()).forEach((principal, user) -> {
      String path = "authorization.principals." + principal;
      if (!principal.startsWith("User:") || principal.length() == "User:".length()) {
        errors.add(path + ": a source principal looks like User:NAME");
      } else if (!placeholder(errors, user, path) && !users.contains(user)) {
        errors.add(path + ": '" + user + "' is not a KafkaUser of the plan (one per app, named after its Deployment: "
            + String.join(", ", users) + ")");
      }
    });
  }

  private static void targetSecurity(List<String> errors, KafkaMigrationPlan.TargetCluster target) {
    TargetSecurity.Authentication authentication = TargetSecurity.Authentication.fromPlan(target.authentication());
    boolean tls = target.tls() == null || target.tls();
    if (authentication == null) {
      errors.add("target.authentication: '" + target.authentication() + "' is not one of scram-sha-512, tls, none");
    } else if (authentication != TargetSecurity.Authentication.NONE && !tls) {
      errors.add("target.tls: false would send " + authentication.planName() + " credentials in clear; keep tls: true,"
          + " or set authentication: none for a plaintext lab listener");
    }
  }

  private static void cutover(List<String> errors, KafkaMigrationPlan plan, boolean securedTarget) {
    if (plan.cutover() == null) {
      errors.add("cutover: missing");
      return;
    }
    if (plan.cutover().order() == null) {
      errors.add("cutover.order: missing (CONSUMERS_FIRST or PRODUCERS_FIRST)");
    }
    Integer parallelism = plan.cutover().parallelism();
    if (parallelism != null && (parallelism < 1 || parallelism > KafkaPlanDefaults.MAX_PARALLELISM)) {
      errors.add("cutover.parallelism: must be 1 to " + KafkaPlanDefaults.MAX_PARALLELISM
          + " (consumer groups cut over at once), got " + parallelism);
    }
    Duration fenceWindow = plan.cutover().fenceWindow();
    if (fenceWindow != null && (fenceWindow.compareTo(KafkaPlanDefaults.MIN_FENCE_WINDOW) < 0
        || fenceWindow.compareTo(KafkaPlanDefaults.MAX_FENCE_WINDOW) > 0)) {
      errors.add("cutover.fenceWindow: must be " + KafkaPlanDefaults.MIN_FENCE_WINDOW + " to " + KafkaPlanDefaults.MAX_FENCE_WINDOW
          + " (how long the source must not grow once the last producer moved), got " + fenceWindow);
    }
    if (plan.cutover().consumerGroups() == null) {
      errors.add("cutover.consumerGroups: missing (may be empty)");
    }
    if (plan.cutover().producers() == null) {
      errors.add("cutover.producers: missing (may be empty)");
    }
    if (plan.cutover().consumerGroups() == null || plan.cutover().producers() == null) {
      return;
    }
    Set<String> groups = new HashSet<>();
    Set<String> apps = new HashSet<>();
    List<ConsumerGroupCutover> consumerGroups = plan.cutover().consumerGroups();
    for (int i = 0; i < consumerGroups.size(); i++) {
      String path = "cutover.consumerGroups[" + i + "]";
      ConsumerGroupCutover group = consumerGroups.get(i);
      if (group == null) {
        errors.add(path + ": empty (a group and its apps)");
        continue;
      }
      if (require(errors, group.group(), path + ".group") && !groups.add(group.group())) {
        errors.add(path + ".group: '" + group.group() + "' is listed twice");
      }
      if (group.apps() == null || group.apps().isEmpty()) {
        errors.add(path + ".apps: a group needs at least one app to stop and restart");
        continue;
      }
      for (int j = 0; j < group.apps().size(); j++) {
        AppRef app = group.apps().get(j);
        app(errors, plan, securedTarget, app, path + ".apps[" + j + "]", apps);
        if (app != null && (app.topics() != null || app.transactionalId() != null)) {
          errors.add(path + ".apps[" + j + "]: only producers name topics and a transactionalId (a consumer's topics are"
              + " its group's)");
        }
      }
    }
    for (int i = 0; i < plan.cutover().producers().size(); i++) {
      AppRef producer = plan.cutover().producers().get(i);
      app(errors, plan, securedTarget, producer, "cutover.producers[" + i + "]", apps);
      if (producer != null) {
        writes(errors, producer, "cutover.producers[" + i + "]");
      }
    }
  }

  /** What a producer says it writes: topic names, each once, and a transactional id. */
  private static void writes(List<String> errors, AppRef producer, String path) {
    if (producer.topics() != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < producer.topics().size(); i++) {
        String topic = producer.topics().get(i);
        if (require(errors, topic, path + ".topics[" + i + "]") && !seen.add(topic)) {
          errors.add(path + ".topics[" + i + "]: '" + topic + "' is listed twice");
        }
      }
      if (producer.topics().isEmpty()) {
        errors.add(path + ".topics: empty; name the topics the producer writes, or leave topics out");
      }
    }
    if (producer.transactionalId() != null) {
      require(errors, producer.transactionalId(), path + ".transactionalId");
    }
  }

  /** {@code securedTarget} false: the app's credentials are not checked. */
  private static void app(List<String> errors, KafkaMigrationPlan plan, boolean securedTarget, AppRef app, String path,
      Set<String> seen) {
    if (app == null) {
      errors.add(path + ": empty");
      return;
    }
    kubernetesName(errors, app.namespace(), path + ".namespace");
    kubernetesName(errors, app.deployment(), path + ".deployment");
    placeholder(errors, app.container(), path + ".container");
    if (isKubernetesName(app.namespace()) && isKubernetesName(app.deployment()) && !seen.add(app.id())) {
      errors.add(path + ": app '" + app.id() + "' is listed twice");
    }
    if (securedTarget) {
      credentials(errors, plan, app, path);
    }
    location(errors, app.bootstrap(), path + ".bootstrap", "its bootstrap servers");
    if (app.schemaRegistry() != null) {
      appSchemaRegistry(errors, plan.schemaRegistry(), app, path + ".schemaRegistry");
    }
  }

  /** Where an app keeps a setting: exactly one of an env var, a ConfigMap key or a Secret key. */
  private static void location(List<String> errors, ConfigLocation where, String path, String what) {
    if (where == null) {
      errors.add(path + ": missing (where the app keeps " + what + ")");
      return;
    }
    if (placeholder(errors, where.env(), path + ".env") | placeholder(errors, where.configMap(), path + ".configMap")
        | placeholder(errors, where.secret(), path + ".secret") | placeholder(errors, where.key(), path + ".key")) {
      return;
    }
    int kinds = (blank(where.env()) ? 0 : 1) + (blank(where.configMap()) ? 0 : 1) + (blank(where.secret()) ? 0 : 1);
    if (kinds != 1) {
      errors.add(path + ": give exactly one of env, configMap or secret");
    } else if (blank(where.env()) && blank(where.key())) {
      errors.add(path + ".key: missing (the ConfigMap or Secret key)");
    }
  }

  /**
   * An app's registry settings need the plan's target registry; its credentials reach the app only as a
   * {@code secretKeyRef}, so they must be a Secret of the app's own namespace, and a target registry that
   * asks for credentials needs them.
   */
  private static void appSchemaRegistry(List<String> errors, KafkaMigrationPlan.SchemaRegistry registry, AppRef app,
      String path) {
    KafkaMigrationPlan.AppSchemaRegistry settings = app.schemaRegistry();
    if (registry == null) {
      errors.add(path + ": the plan has no schemaRegistry section (the registry the app is pointed at)");
      return;
    }
    location(errors, settings.url(), path + ".url", "its Schema Registry URL");
    SecretRef userInfo = settings.targetUserInfo();
    if (settings.userInfoEnv() != null) {
      placeholder(errors, settings.userInfoEnv(), path + ".userInfoEnv");
    }
    if (userInfo == null) {
      if (registry.target() != null && registry.target().authenticated()) {
        errors.add(path + ".targetUserInfo: missing (the target registry asks for credentials: a Secret key of namespace '"
            + app.namespace() + "' holding user:password, given to the app through userInfoEnv)");
      }
      return;
    }
    if (blank(settings.userInfoEnv())) {
      errors.add(path + ".userInfoEnv: missing (the env var that gets targetUserInfo)");
    }
    if (userInfo.fromEnvironment()) {
      errors.add(path + ".targetUserInfo: must be {secret: NAME, key: KEY} of namespace '" + app.namespace()
          + "' (the app reads it through a secretKeyRef, never the worker's env)");
    } else if (userInfo.namespace() != null && !userInfo.namespace().equals(app.namespace())) {
      errors.add(path + ".targetUserInfo.namespace: '" + userInfo.namespace() + "' is not the app's namespace '"
          + app.namespace() + "' (a secretKeyRef reads its own namespace only)");
    } else {
      PlanChecks.secret(errors, userInfo, path + ".targetUserInfo", true);
    }
  }

  private static void schemaRegistry(List<String> errors, KafkaMigrationPlan.SchemaRegistry registry) {
    if (registry == null) {
      return;
    }
    registryEndpoint(errors, registry.source(), "schemaRegistry.source");
    registryEndpoint(errors, registry.target(), "schemaRegistry.target");
    if (registry.source() != null && registry.source().kind() == SchemaRegistryEndpoint.Kind.APICURIO) {
      errors.add("schemaRegistry.source.kind: a source is read through Confluent's API; leave kind out"
          + " (an Apicurio source: url <root>/apis/ccompat/v7)");
    }
    if (registry.target() != null && registry.target().kind() == null) {
      errors.add("schemaRegistry.target.kind: missing (confluent or apicurio)");
    }
    if (registry.source() != null && registry.target() != null && registry.source().url() != null
        && registry.target().url() != null && rootOf(registry.source().url()).equals(rootOf(registry.target().url()))) {
      errors.add("schemaRegistry.target.url: the same registry as the source");
    }
    if (registry.subjects() != null) {
      regex(errors, registry.subjects().include(), "schemaRegistry.subjects.include");
      regex(errors, registry.subjects().exclude(), "schemaRegistry.subjects.exclude");
    }
  }

  private static void registryEndpoint(List<String> errors, SchemaRegistryEndpoint endpoint, String path) {
    if (endpoint == null) {
      errors.add(path + ": missing");
      return;
    }
    if (require(errors, endpoint.url(), path + ".url")) {
      URI url = httpUrl(endpoint.url());
      if (url == null) {
        errors.add(path + ".url: '" + endpoint.url() + "' is not an http(s) URL");
      } else if (endpoint.username() != null && url.getScheme().equals("http") && !loopback(url.getHost())) {
        errors.add(path + ".url: credentials only go over https (or to a loopback address), not to " + endpoint.url());
      }
    }
    secret(errors, endpoint.username(), path + ".username", endpoint.authenticated());
    secret(errors, endpoint.password(), path + ".password", endpoint.authenticated());
  }

  private static URI httpUrl(String value) {
    try {
      URI url = new URI(value.trim());
      boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
      return http && url.getHost() != null ? url : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static String rootOf(String url) {
    return url.trim().replaceAll("/+$", "").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * An app of an authenticated target needs env vars for what it is given, and must run in the
   * target's namespace: a {@code secretKeyRef} reads only Secrets of its pod's namespace, and the
   * User Operator and Cluster Operator write theirs into the cluster's.
   */
  private static void credentials(List<String> errors, KafkaMigrationPlan plan, AppRef app, String path) {
    if (plan.target() == null || TargetSecurity.Authentication.fromPlan(plan.target().authentication()) == null) {
      return;
    }
    TargetSecurity security = TargetSecurity.of(plan.target());
    KafkaMigrationPlan.AppCredentials credentials = app.credentials();
    if (!security.authenticated() && credentials == null) {
      return;
    }
    if (credentials == null) {
      errors.add(path + ".credentials: missing (the env vars that receive the app's target credentials: securityProtocol, "
          + (security.authentication() == TargetSecurity.Authentication.TLS
              ? "keystoreCertificate, keystoreKey" : "saslMechanism, saslJaasConfig") + ", truststore)");
      return;
    }
    String user = KafkaPlanDefaults.userName(app);
    required(errors, credentials.securityProtocol(), path + ".credentials.securityProtocol", "gets " + security.securityProtocol());
    if (security.tls()) {
      required(errors, credentials.truststore(), path + ".credentials.truststore",
          "gets ca.crt of Secret " + security.clusterCaSecret());
    }
    if (security.authentication() == TargetSecurity.Authentication.SCRAM_SHA_512) {
      required(errors, credentials.saslMechanism(), path + ".credentials.saslMechanism", "gets SCRAM-SHA-512");
      required(errors, credentials.saslJaasConfig(), path + ".credentials.saslJaasConfig",
          "gets sasl.jaas.config of Secret " + user);
    }
    if (security.authentication() == TargetSecurity.Authentication.TLS) {
      required(errors, credentials.keystoreCertificate(), path + ".credentials.keystoreCertificate",
          "gets user.crt of Secret " + user);
      required(errors, credentials.keystoreKey(), path + ".credentials.keystoreKey", "gets user.key of Secret " + user);
    }
    if (security.authenticated() && isKubernetesName(app.namespace()) && isKubernetesName(plan.target().namespace())
        && !app.namespace().equals(plan.target().namespace())) {
      errors.add(path + ".namespace: '" + app.namespace() + "' cannot read the credentials Secrets of target namespace '"
          + plan.target().namespace() + "' (a secretKeyRef reads its own namespace only); run the target in the apps'"
          + " namespace");
    }
  }

  private static void required(List<String> errors, String envVar, String path, String what) {
    if (blank(envVar)) {
      errors.add(path + ": missing (the env var that " + what + ")");
    } else {
      placeholder(errors, envVar, path);
    }
  }

  private static void endpoint(List<String> errors, KafkaEndpoint endpoint, String path) {
    if (endpoint == null) {
      errors.add(path + ": missing");
      return;
    }
    require(errors, endpoint.bootstrapServers(), path + ".bootstrapServers");
    if (!PROTOCOLS.contains(endpoint.protocol())) {
      errors.add(path + ".securityProtocol: '" + endpoint.securityProtocol() + "' is not one of " + new TreeSet<>(PROTOCOLS));
    }
    if (endpoint.protocol().startsWith("SASL")) {
      if (!MECHANISMS.contains(String.valueOf(endpoint.saslMechanism()))) {
        errors.add(path + ".saslMechanism: '" + endpoint.saslMechanism() + "' is not one of " + new TreeSet<>(MECHANISMS));
      }
      secret(errors, endpoint.username(), path + ".username", true);
      secret(errors, endpoint.password(), path + ".password", true);
    }
    secret(errors, endpoint.caCertificate(), path + ".caCertificate", false);
    boolean tls = endpoint.protocol().endsWith("SSL");
    if (endpoint.caCertificate() != null && !tls) {
      errors.add(path + ".caCertificate: only used with TLS; securityProtocol is " + endpoint.protocol());
    }
    if (endpoint.clientCertificate() != null || endpoint.clientKey() != null) {
      if (!endpoint.protocol().equals("SSL")) {
        errors.add(path + ".clientCertificate: mutual TLS needs securityProtocol SSL (MirrorMaker 2 authenticates with "
            + "SASL or with a certificate, not both), not " + endpoint.protocol());
      }
      secret(errors, endpoint.clientCertificate(), path + ".clientCertificate", true);
      secret(errors, endpoint.clientKey(), path + ".clientKey", true);
    }
  }

}
