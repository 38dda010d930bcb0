package dev.runbook.kafka.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationReportWriterTest {

  private final GroupTranslationReport report = new GroupTranslationReport("orders-app",
      MigrationDirection.SOURCE_TO_TARGET, TranslationMode.MM2_CHECKPOINT,
      List.of(
          new PartitionTranslation("orders", 0, 120, 133, TranslationMethod.MM2_CHECKPOINT,
              "checkpoint 100 -> 113, exact 133: 20 record(s) would be processed again", 7, 20L, null),
          new PartitionTranslation("orders", 1, 0, 0, TranslationMethod.EMPTY_PARTITION, "say \"empty\"", 1, null, null)),
      true, new VerificationResult(true, 2, List.of()), 420, new GroupTranslationReport.Timings(300, 40, 80));

  private final TranslationReportWriter writer = new TranslationReportWriter();

  @Test
  void csvHasOneRowPerPartitionAndQuotesEvidence() {
    assertEquals("""
        group,topic,partition,source_committed,target_offset,method,records_scanned,uncertainty_records,evidence
        orders-app,orders,0,120,133,MM2_CHECKPOINT,7,20,"checkpoint 100 -> 113, exact 133: 20 record(s) would be processed again"
        orders-app,orders,1,0,0,EMPTY_PARTITION,1,,"say ""empty""\"
        """, writer.csv(report));
  }

  @Test
  void jsonCarriesEveryField() {
    String json = writer.json(report);

    assertTrue(json.contains("\"targetOffset\" : 133"), json);
    assertTrue(json.contains("\"uncertaintyRecords\" : 20"), json);
    assertTrue(json.contains("\"verified\" : true"), json);
  }
}
