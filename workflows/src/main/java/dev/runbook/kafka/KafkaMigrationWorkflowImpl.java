package dev.runbook.kafka;

import dev.runbook.kafka.AppActivities.AppSnapshot;
import dev.runbook.kafka.AppActivities.RepointRequest;
import dev.runbook.kafka.AppActivities.StartRequest;
import dev.runbook.kafka.KafkaActivities.CatchUpReport;
import dev.runbook.kafka.KafkaActivities.CatchUpRequest;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.ProducingRequest;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.TargetClusterActivities.TopicsRequest;
import dev.runbook.kafka.TargetClusterActivities.UsersRequest;
import dev.runbook.kafka.acls.AclTranslation;
import dev.runbook.kafka.fence.ClientInventoryRequest;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.SourceClients;
import dev.runbook.kafka.groups.CutoverCoordinatorWorkflow;
import dev.runbook.kafka.groups.CutoverCoordinatorWorkflowImpl;
import dev.runbook.kafka.groups.CutoverScope;
import dev.runbook.kafka.groups.GroupCutoverRequest;
import dev.runbook.kafka.groups.GroupCutoverResult;
import dev.runbook.kafka.groups.GroupCutoverSteps;
import dev.runbook.kafka.groups.GroupCutoverWorkflowImpl;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.quotas.QuotaTranslation;
import dev.runbook.kafka.rollback.CopyBackReport;
import dev.runbook.kafka.rollback.CopyBackRequest;
import dev.runbook.kafka.rollback.PartitionEnds;
import dev.runbook.kernel.FailureType;
import dev.runbook.kernel.Runbook;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.RunbookWorkflow;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Kafka runbook; {@link #migrate} reads like the wiki page it replaces. */
public class KafkaMigrationWorkflowImpl extends RunbookWorkflow implements KafkaMigrationWorkflow {

  /** The change that moved each consumer group into its own child workflow (see {@link CutoverCoordinatorWorkflow}). */
  static final String CONSUMER_GROUPS_AS_CHILDREN = "consumer-groups-as-children";
  /**
   * The change that secured the target for everyone: the runbook connects as its operator identity,
   * each app is repointed with its credentials, the go-live evidence states the listener's security.
   */
  static final String SECURED_TARGET = "secured-target";
  /** The change that checks, after creating the users, that the target's ACLs are exactly the translated source ACLs. */
  static final String VERIFY_TARGET_ACLS = "verify-target-acls";
  /** The change that has preflight refuse a producer whose translated ACLs lack Write on what it writes. */
  static final String PRODUCER_PERMISSIONS = "producer-permissions";
  /** The change that gives each KafkaUser the source's client quotas of its principals, shown at the go-live gate. */
  static final String USER_QUOTAS = "user-quotas";
  /** The change that checks, after creating the users, that the target's user quotas are exactly the translated source quotas. */
  static final String VERIFY_TARGET_QUOTAS = "verify-target-quotas";

  /** The change that added the Schema Registry phase (copy before replication, verification before go-live). */
  static final String SCHEMA_REGISTRY_PHASE = "schema-registry-phase";

  /**
   * The change that keeps the target registry in sync until the last producer moves (copies again
   * before the catch-up gate, before the consumer cutover and before each producer moves) and sets
   * the source read-only when the last producer moves.
   */
  static final String SCHEMA_REGISTRY_SYNC = "schema-registry-sync";

  /**
   * The change that syncs the registry after the catch-up wait instead of before it (still before
   * verification and the go-live gate), so that the wait measures the lag MirrorMaker 2 is working off.
   */
  static final String SCHEMA_SYNC_AFTER_CATCH_UP = "schema-sync-after-catch-up";

  /**
   * The change that repoints apps to the target registry: each app whose plan names its Schema Registry
   * settings gets the target's URL and credentials at its cutover, and its originals back on rollback.
   */
  static final String APPS_SCHEMA_REGISTRY = "apps-schema-registry";

  /**
   * The change that takes an inventory of the source's clients at preflight and again before the
   * go-live gate, whose evidence lists them; the plan's {@code cutover.unplannedClients} may make
   * unplanned ones block the gate.
   */
  static final String CLIENT_INVENTORY = "client-inventory";

  /** The change that checks, once the last producer has moved, that no migrated partition still grows on the source. */
  static final String FENCE_CHECK = "fence-check";
  /** The change that checks, after each producer but the last, that the topics only moved producers write stop growing on the source. */
  static final String PRODUCER_FENCE = "producer-fence";

  /**
   * The change that has both MirrorMaker 2 flows stamp provenance headers and starts the reverse flow
   * (target to source) before the first producer moves; a producer rolled back waits until the reverse
   * flow has copied back everything written on the target, so the rollback loses nothing.
   */
  static final String REVERSE_FLOW = "reverse-flow";

  private static final String READ_ONLY = "READONLY";

  /** This runbook's workflow implementations: a worker serving it registers all of them. */
  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(KafkaMigrationWorkflowImpl.class, CutoverCoordinatorWorkflowImpl.class, GroupCutoverWorkflowImpl.class);

  private final KafkaMigrationPlan plan;
  private final KafkaActivities kafka;
  private final TargetClusterActivities cluster = TargetClusterActivities.stub();
  private final AppActivities apps = AppActivities.stub();
  private final SchemaRegistryActivities schemas = SchemaRegistryActivities.stub();
  /** Whether the flows stamp provenance headers; decided when replication starts. */
  private boolean provenanceHeaders;

  @WorkflowInit
  public KafkaMigrationWorkflowImpl(KafkaMigrationPlan plan) {
    // A null plan (input "null") is refused by migrate()'s validation, not by an NPE that would retry forever.
    super(new Runbook(RUNBOOK, plan == null ? null : plan.migrationId(), plan == null ? null : plan.approvals(), GATES));
    this.plan = plan;
    this.kafka = KafkaActivities.stub(plan == null ? KafkaPlanDefaults.CATCH_UP_TIMEOUT : KafkaPlanDefaults.catchUpTimeout(plan),
        KafkaPlanDefaults.CONSUMING_TIMEOUT);
  }

  @Override
  public RunbookOutcome migrate(KafkaMigrationPlan ignored) {
    List<String> problems = KafkaPlanValidator.validate(plan, securedTarget());
    if (!problems.isEmpty()) {
      throw FailureType.INVALID_PLAN.failure("the plan is invalid: " + String.join("; ", problems));
    }
    return runbook.run(() -> {
      SourceInventory source = preflight();
      AclTranslation acls = securedTarget() ? KafkaPlanDefaults.aclTranslation(plan, source) : null;
      QuotaTranslation quotas = acls != null
          && Workflow.getVersion(USER_QUOTAS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION
          ? KafkaPlanDefaults.quotaTranslation(plan, source) : null;
      KafkaEndpoint target = provisionTarget(source.topics(), acls, quotas);
      copySchemas(source.topics());
      replicate(target, source.topics());
      catchUp(target, source.topics());
      VerificationReport verification = verify(target, source.topics());
      verifySchemas(source.topics());
      String clients = checkClientsBeforeGoLive(source.topics());
      runbook.gate(GO_LIVE, (securedTarget()
          ? verification.summary() + "; " + TargetSecurity.of(plan.target()).describe(KafkaPlanDefaults.operatorUser(plan.target()))
              + (acls == null ? "" : "\n" + acls.describe())
              + (quotas == null ? "" : "\n" + quotas.describe()
                  + (source.quotasUnreadable() == null ? "" : "\n  source quotas not read: " + source.quotasUnreadable()))
          : verification.summary()) + clients);
      if (plan.cutover().order() == KafkaMigrationPlan.Cutover.Order.PRODUCERS_FIRST) {
        cutOverProducers(target, source.topics());
        cutOverConsumers(target, source.topics());
      } else {
        cutOverConsumers(target, source.topics());
        cutOverProducers(target, source.topics());
      }
      runbook.gate(DECOMMISSION, "all consumer groups and producers run on " + target.bootstrapServers()
          + "; decommissioning removes MirrorMaker 2");
      decommission(target, source.topics());
    });
  }

  private SourceInventory preflight() {
    runbook.phase("preflight");
    boolean producerPermissions = plan.authorization() != null
        && Workflow.getVersion(PRODUCER_PERMISSIONS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    SourceInventory inventory = runbook.step("discover source and check the plan", () -> {
      SourceInventory found = kafka.discover(new DiscoveryRequest(plan.source(), plan.topics()));
      List<String> errors = new ArrayList<>(KafkaPlanValidator.againstSource(plan, found, producerPermissions));
      errors.addAll(apps.checkApps(KafkaPlanDefaults.allApps(plan)));
      if (!errors.isEmpty()) {
        throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("the plan does not match the source: " + String.join("; ", errors));
      }
      return found;
    });
    runbook.fact(KafkaFacts.SOURCE_TOPICS, (long) inventory.topics().size());
    runbook.fact(KafkaFacts.SOURCE_PARTITIONS, (long) inventory.topics().stream().mapToInt(TopicSpec::partitions).sum());
    runbook.fact(KafkaFacts.SOURCE_GROUPS, (long) inventory.groups().size());
    if (clientInventory()) {
      SourceClients clients = runbook.step("take inventory of source clients",
          () -> kafka.inventoryClients(clientInventoryRequest(inventory.topics())));
      runbook.fact(KafkaFacts.SOURCE_CLIENTS, clients.describe());
    }
    return inventory;
  }

  /** Runs started before the client inventory existed replay without it. */
  private boolean clientInventory() {
    return Workflow.getVersion(CLIENT_INVENTORY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  private ClientInventoryRequest clientInventoryRequest(List<TopicSpec> topics) {
    return new ClientInventoryRequest(plan.source(), KafkaPlanDefaults.names(topics),
        plan.cutover().consumerGroups().stream().map(ConsumerGroupCutover::group).toList(), KafkaPlanDefaults.PRODUCER_ACTIVE_WITHIN);
  }

  /**
   * Takes the client inventory again right before the go-live gate and returns what its evidence
   * says of it (nothing in runs started before the inventory). With {@code unplannedClients: BLOCK}
   * unplanned clients park the step: retry once they are gone, or skip to accept them knowingly.
   */
  private String checkClientsBeforeGoLive(List<TopicSpec> topics) {
    if (!clientInventory()) {
      return "";
    }
    boolean block = KafkaPlanDefaults.unplannedClients(plan) == KafkaMigrationPlan.Cutover.UnplannedClients.BLOCK;
    boolean movesProducers = !plan.cutover().producers().isEmpty();
    List<SourceClients> seen = new ArrayList<>(1);
    runbook.step("check source clients before go-live", () -> {
      SourceClients found = kafka.inventoryClients(clientInventoryRequest(topics));
      seen.clear();
      seen.add(found);
      runbook.fact(KafkaFacts.SOURCE_CLIENTS, found.describe());
      List<String> unplanned = found.unplanned(movesProducers);
      if (block && !unplanned.isEmpty()) {
        throw FailureType.UNPLANNED_CLIENTS.failure("clients the plan does not move use the source (cutover.unplannedClients: BLOCK): "
            + String.join("; ", unplanned) + "; stop them and retry, or skip to accept them");
      }
    });
    if (seen.isEmpty()) {
      return "\nsource clients: not checked (the check was skipped)";
    }
    SourceClients clients = seen.get(0);
    String verdict = clients.unplanned(movesProducers).isEmpty() ? ""
        : block ? " (unplanned clients accepted by an operator's skip)"
        : " (unplanned clients listed for the approver: cutover.unplannedClients is REPORT)";
    return "\nsource clients: " + clients.describe() + verdict;
  }

  private KafkaEndpoint provisionTarget(List<TopicSpec> topics, AclTranslation acls, QuotaTranslation quotas) {
    runbook.phase("provision");
    runbook.onRollback("create Kafka cluster", () -> cluster.deleteCluster(plan.target()));
    runbook.step("create Kafka cluster", () -> cluster.applyCluster(plan.target()));
    String bootstrap = runbook.waitFor("await Kafka cluster ready", () -> cluster.awaitClusterReady(plan.target()));
    runbook.fact(KafkaFacts.TARGET_BOOTSTRAP, bootstrap);

    TopicsRequest topicsRequest = new TopicsRequest(plan.target(), KafkaPlanDefaults.onTarget(plan, topics));
    runbook.onRollback("create topics", () -> cluster.deleteTopics(topicsRequest));
    runbook.step("create topics", () -> cluster.applyTopics(topicsRequest));

    UsersRequest users = new UsersRequest(plan.target(), KafkaPlanDefaults.users(plan), acls == null ? null : acls.byUser(),
        quotas == null ? null : quotas.byUser());
    runbook.onRollback("create users", () -> cluster.deleteUsers(users));
    runbook.step("create users", () -> cluster.applyUsers(users));
    KafkaEndpoint target = securedTarget() ? KafkaPlanDefaults.targetEndpoint(plan.target(), bootstrap) : KafkaEndpoint.plaintext(bootstrap);
    if (acls != null && Workflow.getVersion(VERIFY_TARGET_ACLS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      TargetSecurity security = TargetSecurity.of(plan.target());
      runbook.step("verify target ACLs", () -> {
        List<String> differences = kafka.compareAcls(new KafkaActivities.AclsRequest(target, acls.kafkaBindings(security::principal)));
        if (!differences.isEmpty()) {
          throw FailureType.VERIFICATION_FAILED.failure("the target's ACLs are not the translated source ACLs: "
              + String.join("; ", differences));
        }
      });
    }
    if (quotas != null && Workflow.getVersion(VERIFY_TARGET_QUOTAS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      KafkaActivities.QuotasRequest expected = new KafkaActivities.QuotasRequest(target, KafkaPlanDefaults.expectedQuotas(plan, quotas));
      runbook.step("verify target quotas", () -> {
        List<String> differences = kafka.compareQuotas(expected);
        if (!differences.isEmpty()) {
          throw FailureType.VERIFICATION_FAILED.failure("the target's quotas are not the translated source quotas: "
              + String.join("; ", differences));
        }
      });
    }
    return target;
  }

  /** Whether this run connects to the target as the plan secures it (runs started before, plaintext as they did). */
  private boolean securedTarget() {
    return Workflow.getVersion(SECURED_TARGET, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  /** What repointed apps get to reach the target; null for runs started before the secured target. */
  private TargetSecurity appSecurity() {
    return securedTarget() ? TargetSecurity.of(plan.target()) : null;
  }

  /** Runs with a plan's {@code schemaRegistry} only; runs started before the phase existed replay without it. */
  private boolean schemaPhase() {
    return plan.schemaRegistry() != null
        && Workflow.getVersion(SCHEMA_REGISTRY_PHASE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  /** Runs where the schema phase does, in runs started since the sync existed. */
  private boolean schemaSync() {
    return schemaPhase()
        && Workflow.getVersion(SCHEMA_REGISTRY_SYNC, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  /**
   * The target registry's URL that repointed apps get (the apps whose plan names their registry settings);
   * null without a schema phase, and in runs started before apps were repointed to it.
   */
  private String appsSchemaRegistryUrl() {
    return schemaPhase() && Workflow.getVersion(APPS_SCHEMA_REGISTRY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION
        ? plan.schemaRegistry().target().confluentApiUrl() : null;
  }

  private SchemaRegistryActivities.SchemaRequest schemaRequest(List<TopicSpec> topics) {
    return new SchemaRegistryActivities.SchemaRequest(plan.schemaRegistry(), KafkaPlanDefaults.names(topics));
  }

  private void copySchemas(List<TopicSpec> topics) {
    if (!schemaPhase()) {
      return;
    }
    runbook.phase("schemas");
    SchemaRegistryActivities.SchemaRequest request = schemaRequest(topics);
    runbook.onRollback("copy schemas", () -> schemas.removeCopiedSchemas(request));
    SchemaRegistryActivities.SchemaCopyResult copied = runbook.step("copy schemas", () -> schemas.copySchemas(request));
    runbook.fact(KafkaFacts.SCHEMA_VERSIONS_COPIED, (long) (copied.versionsWritten() + copied.alreadyPresent()));
  }

  /** Copies what the source registered since the last copy (the copy writes only what the target lacks, IDs kept). */
  private void syncSchemas(List<TopicSpec> topics, String stepName) {
    if (!schemaSync()) {
      return;
    }
    SchemaRegistryActivities.SchemaCopyResult synced = runbook.step(stepName, () -> schemas.copySchemas(schemaRequest(topics)));
    runbook.fact(KafkaFacts.SCHEMA_VERSIONS_COPIED, (long) (synced.versionsWritten() + synced.alreadyPresent()));
  }

  /** Sets the source registry read-only where the plan allows; its undo puts back the mode it was in. */
  private void lockSourceRegistry() {
    if (!schemaSync() || !plan.schemaRegistry().locksSourceAtCutover()) {
      return;
    }
    KafkaMigrationPlan.SchemaRegistry registry = plan.schemaRegistry();
    String before = runbook.step("read source registry mode", () -> schemas.readSourceMode(registry));
    runbook.fact(KafkaFacts.SCHEMA_SOURCE_MODE, before);
    runbook.onRollback("lock source registry",
        () -> schemas.setSourceMode(new SchemaRegistryActivities.SourceModeRequest(registry, before)));
    runbook.step("lock source registry",
        () -> schemas.setSourceMode(new SchemaRegistryActivities.SourceModeRequest(registry, READ_ONLY)));
  }

  private void verifySchemas(List<TopicSpec> topics) {
    if (!schemaPhase()) {
      return;
    }
    SchemaRegistryActivities.SchemaRequest request = schemaRequest(topics);
    SchemaRegistryActivities.SchemaVerificationReport verified = runbook.step("verify schemas", () -> {
      SchemaRegistryActivities.SchemaVerificationReport found = schemas.verifySchemas(request);
      if (!found.matches()) {
        throw FailureType.VERIFICATION_FAILED.failure(found.summary());
      }
      return found;
    });
    runbook.fact(KafkaFacts.SCHEMA_VERIFICATION, verified.summary());
  }

  private void replicate(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("replicate");
    provenanceHeaders = Workflow.getVersion(REVERSE_FLOW, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION
        && KafkaPlanDefaults.provenanceHeaders(plan);
    MirrorMakerSpec mirror = KafkaPlanDefaults.mirrorMaker(plan, target, topics, provenanceHeaders);
    runbook.onRollback("start MirrorMaker 2", () -> cluster.deleteMirrorMaker(mirror));
    runbook.step("start MirrorMaker 2", () -> cluster.applyMirrorMaker(mirror));
  }

  private void catchUp(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("catch-up");
    // The sync once ran before the wait; with a large registry the backlog was copied before the first lag sample.
    boolean syncAfterWait = plan.schemaRegistry() != null
        && Workflow.getVersion(SCHEMA_SYNC_AFTER_CATCH_UP, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    if (!syncAfterWait) {
      syncSchemas(topics, "sync schemas before catch-up");
    }
    CatchUpReport lag = runbook.waitFor("await replication catch-up", () -> kafka.awaitCatchUp(
        CatchUpRequest.withinLag(plan.source(), target, KafkaPlanDefaults.names(topics), KafkaPlanDefaults.maxLag(plan),
            runbook.meterTags())));
    runbook.fact(KafkaFacts.MAX_LAG, lag.maxLag());
    runbook.fact(KafkaFacts.TOTAL_LAG, lag.totalLag());
    runbook.fact(KafkaFacts.LAG_SAMPLES, lag.samples());
    if (syncAfterWait) {
      syncSchemas(topics, "sync schemas after catch-up");
    }
  }

  private VerificationReport verify(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("verify");
    VerificationReport report = runbook.step("verify target against source", () -> {
      VerificationReport found = kafka.verify(new VerifyRequest(
          plan.migrationId(), plan.source(), target, topics, KafkaPlanDefaults.digestWindow(plan), runbook.meterTags()));
      if (!found.matches()) {
        throw FailureType.VERIFICATION_FAILED.failure(found.summary());
      }
      return found;
    });
    runbook.fact(KafkaFacts.VERIFICATION, report.summary());
    runbook.fact(KafkaFacts.VERIFIED_PARTITION_COUNT, (long) report.records().size());
    runbook.fact(KafkaFacts.VERIFIED_PARTITIONS, report.records());
    return report;
  }

  private void cutOverConsumers(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase(CONSUMERS_PHASE);
    syncSchemas(topics, "sync schemas before the consumer cutover");
    CutoverScope scope = new CutoverScope(plan.migrationId(), plan.approvals(), MigrationDirection.SOURCE_TO_TARGET,
        plan.source(), target, KafkaPlanDefaults.CONSUMING_TIMEOUT, appSecurity(), appsSchemaRegistryUrl());
    if (Workflow.getVersion(CONSUMER_GROUPS_AS_CHILDREN, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      // Runs started before groups became child workflows replay their groups inline.
      for (ConsumerGroupCutover group : plan.cutover().consumerGroups()) {
        new GroupCutoverSteps(runbook, scope, group, List.of()).cutOver();
      }
      return;
    }
    List<ConsumerGroupCutover> groups = plan.cutover().consumerGroups();
    Map<String, GroupCutoverResult> results = new LinkedHashMap<>();
    runbook.onRollback("cut over consumer groups", () -> cutBack(scope, results));
    runbook.fact(KafkaFacts.GROUPS_WORKFLOW, CutoverCoordinatorWorkflow.workflowId(
        plan.workflowId(), MigrationDirection.SOURCE_TO_TARGET));
    runbook.step("cut over " + groups.size() + " consumer groups", () -> {
      List<ConsumerGroupCutover> left = groups.stream()
          .filter(group -> !results.containsKey(group.group()) || !results.get(group.group()).completed())
          .toList();
      CutoverCoordinatorWorkflow.Outcome outcome = coordinate(scope, left, List.of());
      for (GroupCutoverResult group : outcome.results()) {
        results.put(group.group(), group);
        if (group.completed()) {
          runbook.fact(KafkaFacts.GROUP_PARTITIONS, group.group(), (long) group.partitions());
          runbook.fact(KafkaFacts.GROUP_PAUSE, group.group(), group.pauseMillis());
        }
      }
      long cutOver = results.values().stream().filter(GroupCutoverResult::completed).count();
      runbook.fact(KafkaFacts.GROUPS_CUT_OVER, cutOver + " of " + groups.size());
      GroupCutoverResult stopped = outcome.stoppedAt();
      if (stopped != null) {
        throw FailureType.GROUP_CUTOVER_STOPPED.failure("consumer group '" + stopped.group() + "' ended "
            + stopped.status() + " in " + stopped.workflowId() + " (" + stopped.message() + "); " + cutOver + " of "
            + groups.size() + " groups are on the target, " + outcome.notStarted().size() + " not started: retry cuts over "
            + "the rest, rollback moves every group back");
      }
    });
  }

  /**
   * Undo of the consumer cutover: cuts back over to the source, newest first, every group that
   * reached the target or stopped halfway (a group its own operator rolled back is already home).
   * Groups cut back leave {@code results}, so retrying a parked undo cuts back only the rest.
   */
  private void cutBack(CutoverScope forward, Map<String, GroupCutoverResult> results) {
    Map<String, ConsumerGroupCutover> byName = new LinkedHashMap<>();
    plan.cutover().consumerGroups().forEach(group -> byName.put(group.group(), group));
    List<ConsumerGroupCutover> groups = new ArrayList<>();
    List<AppSnapshot> before = new ArrayList<>();
    results.values().stream().filter(group -> group.status() != RunbookStatus.ROLLED_BACK).forEach(group -> {
      groups.add(0, byName.get(group.group()));
      before.addAll(group.before());
    });
    if (groups.isEmpty()) {
      return;
    }
    CutoverCoordinatorWorkflow.Outcome outcome = coordinate(forward.reversed(), groups, before);
    outcome.results().stream().filter(GroupCutoverResult::completed).forEach(group -> results.remove(group.group()));
    GroupCutoverResult stopped = outcome.stoppedAt();
    if (stopped != null) {
      throw FailureType.GROUP_CUTOVER_STOPPED.failure("consumer group '" + stopped.group() + "' was not cut back over: it ended "
          + stopped.status() + " in " + stopped.workflowId() + " (" + stopped.message() + "); still to cut back over: "
          + String.join(", ", results.keySet()));
    }
  }

  /** Runs the groups as child workflows through one coordinator child, with the plan's parallelism. */
  private CutoverCoordinatorWorkflow.Outcome coordinate(CutoverScope scope, List<ConsumerGroupCutover> groups,
      List<AppSnapshot> appsBefore) {
    CutoverCoordinatorWorkflow coordinator = Workflow.newChildWorkflowStub(CutoverCoordinatorWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(CutoverCoordinatorWorkflow.workflowId(plan.workflowId(), scope.direction())).build());
    return coordinator.cutOver(new GroupCutoverRequest(
        plan.workflowId(), scope, KafkaPlanDefaults.parallelism(plan), groups, appsBefore, List.of()));
  }

  private void cutOverProducers(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("cutover producers");
    List<AppRef> producers = plan.cutover().producers();
    CopyBackRequest copyBack = startReverseFlow(target, topics);
    String schemaRegistryUrl = appsSchemaRegistryUrl();
    for (AppRef app : producers) {
      Map<String, AppSnapshot> before = new LinkedHashMap<>();
      runbook.onRollback("cut over producer " + app.id(), () -> cutProducerBack(app, before, copyBack));
      before.put(app.id(), runbook.step("stop " + app.id(), () -> apps.stopApp(app)));
      // Repoint only once MirrorMaker 2 has copied everything: the app's new records then follow its old ones.
      runbook.waitFor("await replication of " + app.id() + "'s last records", () -> kafka.awaitCatchUp(
          CatchUpRequest.toCurrentEnd(plan.source(), target, KafkaPlanDefaults.names(topics))));
      if (app == producers.get(producers.size() - 1)) {
        lockSourceRegistry();
      }
      syncSchemas(topics, "sync schemas before " + app.id() + " moves");
      runbook.step("repoint " + app.id(), () -> apps.repointApp(
          new RepointRequest(app, target.bootstrapServers(), appSecurity(), schemaRegistryUrl)));
      runbook.step("start " + app.id(), () -> apps.startApp(new StartRequest(app, before.get(app.id()).replicas())));
      runbook.waitFor("see " + app.id() + " produce on the target", () -> kafka.awaitProducing(
          new ProducingRequest(target, KafkaPlanDefaults.names(topics), KafkaPlanDefaults.PRODUCING_TIMEOUT)));
      int moved = producers.indexOf(app);
      List<String> fenced = new ArrayList<>(KafkaPlanDefaults.writtenOnlyByMovedProducers(producers, moved));
      if (moved > 0) {
        fenced.removeAll(KafkaPlanDefaults.writtenOnlyByMovedProducers(producers, moved - 1));
      }
      if (app != producers.get(producers.size() - 1) && !fenced.isEmpty()
          && Workflow.getVersion(PRODUCER_FENCE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
        watchFence("check " + app.id() + "'s topics stop growing on the source", fenced);
      }
    }
    checkFence(topics);
  }

  /**
   * Starts the reverse flow before the first producer moves (with provenance headers only: without
   * them the two flows would copy each record back and forth), having noted where both clusters end:
   * what producers write on the target from then on is what a rollback must find on the source.
   * Returns what a producer's rollback waits for; null when no reverse flow runs.
   */
  private CopyBackRequest startReverseFlow(KafkaEndpoint target, List<TopicSpec> topics) {
    if (!provenanceHeaders || plan.cutover().producers().isEmpty()) {
      return null;
    }
    List<String> names = KafkaPlanDefaults.names(topics);
    List<PartitionEnds> from = runbook.step("mark where the copy-back starts",
        () -> kafka.markCopyBackStart(new CopyBackRequest(plan.source(), target, names, List.of())));
    MirrorMakerSpec reverse = KafkaPlanDefaults.reverseMirrorMaker(plan, target, topics);
    runbook.onRollback("start the reverse flow", () -> removeReverseFlow(reverse));
    runbook.step("start the reverse flow", () -> cluster.applyMirrorMaker(reverse));
    return new CopyBackRequest(plan.source(), target, names, from);
  }

  /**
   * The strict fence check, once every planned producer writes to the target: no partition of the
   * migrated topics may grow on the source during the plan's {@code fenceWindow}, watched whole (so a
   * producer that writes once in a while is caught, not only one that writes at the moment of a
   * sample). Growth parks the step naming the partitions and the producer ids the broker saw writing:
   * retry once the stray writer is stopped (a new window is watched), or skip knowingly. Before it,
   * each producer that moved is checked on its own where the plan tells its topics and no producer
   * still on the source may write them ({@link KafkaPlanDefaults#writtenOnlyByMovedProducers}): a stale
   * pod of that producer is caught at once, not after every other producer moved. MirrorMaker 2
   * writes to the target only, so no write to the source is expected from it.
   */
  private void checkFence(List<TopicSpec> topics) {
    if (Workflow.getVersion(FENCE_CHECK, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    watchFence("check nobody writes to the source", KafkaPlanDefaults.names(topics));
  }

  /**
   * Watches the source partitions of {@code topics} for the plan's fence window; growth parks the
   * step. Records the reverse flow copies back carry its provenance header and are not growth.
   */
  private void watchFence(String step, List<String> topics) {
    FenceRequest request = new FenceRequest(plan.source(), topics, KafkaPlanDefaults.fenceWindow(plan),
        provenanceHeaders ? ProvenanceHeaders.COPIED_TO_SOURCE : null);
    runbook.waitFor(step, () -> {
      FenceReport report = kafka.watchSourceFence(request);
      runbook.fact(KafkaFacts.FENCE_CHECK, report.describe());
      runbook.fact(KafkaFacts.FENCE_CHECK_TOOK, report.tookMillis());
      if (!report.fenced()) {
        throw FailureType.SOURCE_STILL_WRITTEN.failure(report.describe()
            + "; stop the writer and retry (a new window is watched), or skip to go on knowingly");
      }
    });
  }

  /** Deletes the reverse flow's resource, then its Connect topics on the source. */
  private void removeReverseFlow(MirrorMakerSpec reverse) {
    cluster.deleteMirrorMaker(reverse);
    kafka.deleteSourceTopics(new KafkaActivities.SourceTopicsRequest(plan.source(), reverse.connectTopics()));
  }

  /**
   * Stops the producer, and, where the reverse flow runs, waits until everything written on the
   * target since it started is on the source (the producer's records and those of producers that
   * moved with it) before repointing it: its new records on the source then follow its old ones.
   */
  private void cutProducerBack(AppRef app, Map<String, AppSnapshot> before, CopyBackRequest copyBack) {
    AppSnapshot stopped = apps.stopApp(app);
    if (copyBack != null) {
      CopyBackReport copied = kafka.awaitCopiedBack(copyBack);
      runbook.fact(KafkaFacts.COPIED_BACK, copied.describe());
      runbook.fact(KafkaFacts.RECORDS_COPIED_BACK, copied.copied());
      runbook.fact(KafkaFacts.COPY_BACK_DUPLICATES, copied.duplicates());
      runbook.fact(KafkaFacts.COPY_BACK_WAIT, copied.waitedMillis());
    }
    AppSnapshot original = before.getOrDefault(app.id(), stopped);
    apps.repointApp(new RepointRequest(app, original.bootstrapServers()));
    apps.startApp(new StartRequest(app, original.replicas()));
  }

  private void decommission(KafkaEndpoint target, List<TopicSpec> topics) {
    runbook.phase("decommission");
    MirrorMakerSpec mirror = KafkaPlanDefaults.mirrorMaker(plan, target, topics, provenanceHeaders);
    runbook.step("remove MirrorMaker 2", () -> cluster.deleteMirrorMaker(mirror));
    if (provenanceHeaders && !plan.cutover().producers().isEmpty()) {
      MirrorMakerSpec reverse = KafkaPlanDefaults.reverseMirrorMaker(plan, target, topics);
      runbook.step("remove the reverse flow", () -> removeReverseFlow(reverse));
    }
  }
}
