package dev.runbook.kafka.schemas;

import dev.runbook.http.RetryPolicy;
import dev.runbook.kafka.KafkaMigrationPlan.SchemaRegistry;
import dev.runbook.kafka.KafkaMigrationPlan.SubjectSelection;
import dev.runbook.kafka.SchemaRegistryActivities;
import dev.runbook.kernel.FailureType;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.SecretResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The Schema Registry activities over {@link SchemaCopy} and {@link SchemaVerification}: connects
 * to the plan's registries with credentials resolved at the moment of use, chooses the subjects
 * ({@link SubjectChoice}), turns a conflict or a broken reference into a permanent failure, and
 * switches the source's global mode (read-only at the last producer's cutover, back on rollback).
 */
public final class SchemaRegistryActivitiesImpl implements SchemaRegistryActivities {

  private final SecretResolver secrets;
  private final OkHttpClient http;

  public SchemaRegistryActivitiesImpl(SecretResolver secrets, OkHttpClient http) {
    this.secrets = secrets;
    this.http = http;
  }

  @Override
  public SchemaCopyResult copySchemas(SchemaRequest request) {
    ConfluentRegistryClient source = source(request.registry());
    RegistryContents all = RegistryDiscovery.readAll(source);
    Set<String> chosen = choose(request, all);
    try {
      SchemaCopyPlan plan = SchemaCopy.plan(all.only(chosen), target(request.registry()));
      SchemaCopy.apply(plan, writer(request.registry()));
      return new SchemaCopyResult(chosen.size(), plan.versions().size(), plan.alreadyPresent());
    } catch (SchemaConflictException | IllegalArgumentException e) {
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure(e.getMessage());
    }
  }

  @Override
  public void removeCopiedSchemas(SchemaRequest request) {
    RegistryContents all = RegistryDiscovery.readAll(source(request.registry()));
    ConfluentRegistryClient target = target(request.registry());
    Map<String, SubjectSchemas> copied = all.bySubject();
    List<SubjectSchemas> copies = RegistryDiscovery.read(target, choose(request, all)).subjects().stream()
        .filter(there -> copied.containsKey(there.subject()) && sameVersions(copied.get(there.subject()), there))
        .toList();
    ReferenceOrder.referrersFirst(copies).forEach(target::deleteSubject);
  }

  @Override
  public SchemaVerificationReport verifySchemas(SchemaRequest request) {
    ConfluentRegistryClient source = source(request.registry());
    Set<String> chosen = choose(request, RegistryDiscovery.readAll(source));
    SchemaVerification.Result result = SchemaVerification.verify(source, target(request.registry()), chosen);
    return new SchemaVerificationReport(result.subjects(), result.versions(), result.ids(), result.differences());
  }

  @Override
  public String readSourceMode(SchemaRegistry registry) {
    return source(registry).mode();
  }

  @Override
  public void setSourceMode(SourceModeRequest request) {
    ConfluentRegistryClient source = source(request.registry());
    if (!source.mode().equals(request.mode())) {
      source.setMode(request.mode());
    }
  }

  private static Set<String> choose(SchemaRequest request, RegistryContents all) {
    SubjectSelection selection = request.registry().subjects();
    return SubjectChoice.select(all, selection == null ? null : selection.include(),
        selection == null ? null : selection.exclude(), request.topics());
  }

  /** A subject is the copy's when the target holds exactly the source's versions: same numbers, IDs and content. */
  private static boolean sameVersions(SubjectSchemas source, SubjectSchemas target) {
    if (source.versions().size() != target.versions().size()) {
      return false;
    }
    for (int i = 0; i < source.versions().size(); i++) {
      SchemaVersion a = source.versions().get(i);
      SchemaVersion b = target.versions().get(i);
      if (a.version() != b.version() || a.id() != b.id() || !a.sameContent(b.schemaType(), b.schema(), b.references())) {
        return false;
      }
    }
    return true;
  }

  private ConfluentRegistryClient source(SchemaRegistry registry) {
    return client(registry.source().url(), registry.source());
  }

  private ConfluentRegistryClient target(SchemaRegistry registry) {
    SchemaRegistryEndpoint target = registry.target();
    return client(target.confluentApiUrl(), target);
  }

  private SchemaTargetWriter writer(SchemaRegistry registry) {
    SchemaRegistryEndpoint target = registry.target();
    return target.kind() == SchemaRegistryEndpoint.Kind.APICURIO
        ? new ApicurioImportWriter(http, target.url(), resolve(target.username()), resolve(target.password()))
        : new ConfluentImportWriter(target(registry));
  }

  private ConfluentRegistryClient client(String url, SchemaRegistryEndpoint endpoint) {
    return ConfluentRegistryClient.connect(url, resolve(endpoint.username()), resolve(endpoint.password()), http,
        RetryPolicy.standard());
  }

  private String resolve(SecretRef ref) {
    return ref == null ? null : secrets.resolve(ref);
  }
}
