package dev.runbook.kernel;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * Every failure type the runbooks raise themselves, with the name it carries in workflow history
 * ({@link #type()}, as operators read it in a parked step's error) and whether a retry can fix it.
 * Failures of Kafka, Kubernetes or HTTP calls keep the client's own exception type; offset
 * translation has its own {@code OffsetFailureType}.
 */
public enum FailureType {
  /** The plan is wrong in itself: a field is missing, malformed or contradicts another. */
  INVALID_PLAN("InvalidPlan", true),
  /** The plan names something the world does not have (a topic, group, DAG, Deployment, key). */
  PLAN_DOES_NOT_MATCH_REALITY("PlanDoesNotMatchReality", true),
  /** A system refused the request for good (a test world's injected failure uses it too). */
  REFUSED("Refused", true),
  /** A gate decision the Update validator refused; the caller gets the reason. */
  DECISION_REFUSED("DecisionRefused", true),
  /** An operator action the Update validator refused; the caller gets the reason. */
  ACTION_REFUSED("ActionRefused", true),
  /** The target does not hold what the source holds. */
  VERIFICATION_FAILED("VerificationFailed", true),
  /** A consumer group's child runbook ended other than completed; the migration parks. */
  GROUP_CUTOVER_STOPPED("GroupCutoverStopped", true),
  /** The source has clients the plan does not move and the plan says they block the go-live gate. */
  UNPLANNED_CLIENTS("UnplannedClients", true),
  /** The source's migrated partitions still grew after the last producer moved: someone still writes there. */
  SOURCE_STILL_WRITTEN("SourceStillWritten", true),
  /** A DAG file fails to import on the target even after it was parsed again: waiting cannot help. */
  DAG_IMPORT_FAILED("DagImportFailed", true),
  /** A wait did not see what it waited for within its limit; a retry waits again. */
  NOT_DONE_IN_TIME("NotDoneInTime", false),
  /** Repointed consumers were not seen consuming on the target within the wait's whole limit. */
  NOT_CONSUMING("NotConsuming", true),
  /** Repointed producers were not seen writing to the target within the wait's whole limit. */
  NOT_PRODUCING("NotProducing", true),
  /** A Kafka cluster gave no answer within the call timeout. */
  KAFKA_TIMEOUT("KafkaTimeout", false),
  /** Airflow metadata differs on the target and the plan says FAIL; nothing was written. */
  METADATA_CONFLICT("MetadataConflict", true),
  /** The target Airflow refused some of a bulk write of metadata. */
  METADATA_WRITE_FAILED("MetadataWriteFailed", false),
  /** A Kubernetes resource of the same name is still being deleted; it can be created once it is gone. */
  RESOURCE_BEING_DELETED("ResourceBeingDeleted", false),
  /** The worker was interrupted (shutting down); another attempt runs elsewhere. */
  INTERRUPTED("Interrupted", false);

  private final String type;
  private final boolean permanent;

  FailureType(String type, boolean permanent) {
    this.type = type;
    this.permanent = permanent;
  }

  /** The failure's type as recorded in history. */
  public String type() {
    return type;
  }

  /** Whether no retry can fix it: the plan or the world must change first. */
  public boolean permanent() {
    return permanent;
  }

  /** An ApplicationFailure of this type: non-retryable when {@link #permanent()}. */
  public ApplicationFailure failure(String message) {
    return permanent ? ApplicationFailure.newNonRetryableFailure(message, type) : ApplicationFailure.newFailure(message, type);
  }

  /** Whether {@code failure} is of this type. */
  public boolean is(ApplicationFailure failure) {
    return type.equals(failure.getType());
  }

  /** The types no retry policy retries. */
  public static String[] permanentTypes() {
    return Arrays.stream(values()).filter(FailureType::permanent).map(FailureType::type).toArray(String[]::new);
  }
}
