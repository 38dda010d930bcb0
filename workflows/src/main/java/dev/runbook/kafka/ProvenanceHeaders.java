package dev.runbook.kafka;

import java.util.List;

/**
 * The record headers by which the runbook's two MirrorMaker 2 flows tell where a record came from,
 * so that neither copies back what the other brought: the forward flow stamps
 * {@link #COPIED_TO_TARGET} on what it writes to the target and drops what carries
 * {@link #COPIED_TO_SOURCE}; the reverse flow does the opposite. Both are added by Kafka Connect's
 * own {@code InsertHeader} and matched by its {@code HasHeaderKey} predicate; their value is null
 * (MirrorMaker 2 converts headers as bytes, and only a null literal passes that converter). Record
 * identity (offset translation, verification) ignores them.
 */
public final class ProvenanceHeaders {

  public static final String COPIED_TO_TARGET = "runbook.copied-to-target";
  public static final String COPIED_TO_SOURCE = "runbook.copied-to-source";
  public static final List<String> ALL = List.of(COPIED_TO_TARGET, COPIED_TO_SOURCE);

  private ProvenanceHeaders() {}

  /** What the plan preview says of the headers: on, or off and what that costs. */
  public static String describe(boolean added) {
    return added
        ? "record headers added: " + COPIED_TO_TARGET + " (null value) on every record MirrorMaker 2 copies to the target, "
            + COPIED_TO_SOURCE + " on every record the reverse flow copies back to the source once producers move;"
            + " set replication.provenanceHeaders: false for clients that cannot tolerate them"
        : "no record headers added (replication.provenanceHeaders: false): no reverse flow either, since without them the two"
            + " flows would copy each record back and forth; a producer rolled back after it moved leaves what it wrote on the"
            + " target there only, and consumers rolled back after it do not see those records";
  }
}
