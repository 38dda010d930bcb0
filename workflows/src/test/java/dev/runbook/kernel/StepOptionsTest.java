package dev.runbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepOptionsTest {

  @Test
  void aStubMissingAMethodsOptionsIsRefusedBeforeAnyCallCanPickAnotherPolicy() {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StepOptions.stub(DrillActivities.class, Map.of(
        "read", StepOptions.read(Duration.ofSeconds(1)),
        "chnage", StepOptions.change(Duration.ofSeconds(1), 2),
        "undo", StepOptions.change(Duration.ofSeconds(1), 2))));
    assertEquals("DrillActivities: options given for [chnage, read, undo], methods are [change, read, undo, watch]",
        refused.getMessage());
  }

  @Test
  void permanentFailureTypesAreNeverRetried() {
    assertEquals(java.util.List.of("InvalidPlan", "PlanDoesNotMatchReality", "Refused", "DecisionRefused", "ActionRefused",
        "VerificationFailed", "GroupCutoverStopped", "UnplannedClients", "SourceStillWritten", "DagImportFailed", "NotConsuming", "NotProducing",
        "MetadataConflict"),
        java.util.List.of(StepOptions.read(Duration.ofSeconds(1)).getRetryOptions().getDoNotRetry()));
  }
}
