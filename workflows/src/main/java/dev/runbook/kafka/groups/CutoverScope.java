package dev.runbook.kafka.groups;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.Approvals;
import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;

/**
 * What every consumer group of one migration shares when it is cut over: who may act, which way,
 * between which clusters, how long to wait to see a group consume after its cutover, and what
 * apps get to reach the target ({@code targetSecurity}; null for runs before the secured target) and
 * its Schema Registry ({@code schemaRegistryUrl}; null without one, and for runs before apps were repointed to it).
 */
@JsonIgnoreProperties("consumingWaitLimit")  // recorded by runs before the wait had one limit
public record CutoverScope(
    String migrationId,
    Approvals approvals,
    MigrationDirection direction,
    KafkaEndpoint source,
    KafkaEndpoint target,
    Duration consumingTimeout,
    TargetSecurity targetSecurity,
    String schemaRegistryUrl) {

  public CutoverScope {
    consumingTimeout = consumingTimeout == null ? KafkaPlanDefaults.CONSUMING_TIMEOUT : consumingTimeout;
  }

  /** The same scope the other way round (a rollback cuts the groups back over to the source). */
  public CutoverScope reversed() {
    MigrationDirection back = direction == MigrationDirection.SOURCE_TO_TARGET
        ? MigrationDirection.TARGET_TO_SOURCE : MigrationDirection.SOURCE_TO_TARGET;
    return new CutoverScope(migrationId, approvals, back, source, target, consumingTimeout, targetSecurity, schemaRegistryUrl);
  }
}
