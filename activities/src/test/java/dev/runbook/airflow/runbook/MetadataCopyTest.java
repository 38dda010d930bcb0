package dev.runbook.airflow.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.airflow.AirflowMigrationPlan.Metadata.ConflictPolicy;
import dev.runbook.airflow.runbook.MetadataCopy.Action;
import dev.runbook.airflow.runbook.MetadataCopy.Comparison;
import org.junit.jupiter.api.Test;

/** What happens to one pool, variable or connection under each conflict policy. */
class MetadataCopyTest {

  @Test
  void createsWhatIsAbsentAndLeavesWhatIsEqualUnderEveryPolicy() {
    for (ConflictPolicy policy : ConflictPolicy.values()) {
      assertEquals(Action.CREATE, MetadataCopy.decide(Comparison.ABSENT, policy));
      assertEquals(Action.LEAVE_EQUAL, MetadataCopy.decide(Comparison.EQUAL, policy));
    }
  }

  @Test
  void differingObjectsFollowThePolicy() {
    assertEquals(Action.CONFLICT, MetadataCopy.decide(Comparison.DIFFERENT, ConflictPolicy.FAIL));
    assertEquals(Action.KEEP_TARGET, MetadataCopy.decide(Comparison.DIFFERENT, ConflictPolicy.SKIP));
    assertEquals(Action.OVERWRITE, MetadataCopy.decide(Comparison.DIFFERENT, ConflictPolicy.OVERWRITE));
  }

  @Test
  void maskedValuesOnTheTargetAreKeptUnlessThePlanSaysOverwriteSoARerunNeverFails() {
    assertEquals(Action.KEEP_TARGET, MetadataCopy.decide(Comparison.NOT_COMPARABLE, ConflictPolicy.FAIL));
    assertEquals(Action.KEEP_TARGET, MetadataCopy.decide(Comparison.NOT_COMPARABLE, ConflictPolicy.SKIP));
    assertEquals(Action.OVERWRITE, MetadataCopy.decide(Comparison.NOT_COMPARABLE, ConflictPolicy.OVERWRITE));
  }
}
