package dev.runbook.kafka.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetRecordsSerializationTest {

  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  private <T> T roundTrip(T value, Class<T> type) {
    return converter.fromPayload(converter.toPayload(value).orElseThrow(), type, type);
  }

  @Test
  void requestWithSecretReferencesSurvivesTemporalsDefaultConverter() {
    KafkaEndpoint confluent = new KafkaEndpoint("pkc.example:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("CC_KEY"), SecretRef.kubernetes("runbooks", "cc", "secret"), null);
    GroupTranslationRequest request = new GroupTranslationRequest("orders-app", confluent,
        KafkaEndpoint.plaintext("target:9092"), List.of("orders"), TranslationMode.MM2_CHECKPOINT,
        Duration.ofSeconds(90), 5_000, false, MigrationDirection.TARGET_TO_SOURCE, "confluent",
        GroupIsolation.READ_UNCOMMITTED);

    assertEquals(request, roundTrip(request, GroupTranslationRequest.class));
  }

  @Test
  void reportSurvivesTemporalsDefaultConverter() {
    GroupTranslationReport report = new GroupTranslationReport("orders-app", MigrationDirection.SOURCE_TO_TARGET,
        TranslationMode.EXACT,
        List.of(new PartitionTranslation("orders", 3, 120, 133, TranslationMethod.EXACT_MATCH, "matched", 4, 0L,
            GroupIsolation.READ_UNCOMMITTED)),
        true, new VerificationResult(true, 1, List.of()), 812, new GroupTranslationReport.Timings(640, 52, 120));

    assertEquals(report, roundTrip(report, GroupTranslationReport.class));
  }

  @Test
  void reportRecordedBeforeTimingsExistedStillReads() {
    String recorded = """
        {"group":"orders-app","direction":"SOURCE_TO_TARGET","mode":"EXACT","partitions":[],"committed":true,
         "verification":{"verified":true,"partitionsChecked":0,"mismatches":[]},"durationMillis":812}""";
    GroupTranslationReport report = converter.fromPayload(Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(recorded)).build(),
        GroupTranslationReport.class, GroupTranslationReport.class);

    assertEquals(812, report.durationMillis());
    assertNull(report.timings());
  }

  @Test
  void missingOptionalFieldsGetSafeDefaults() {
    GroupTranslationRequest request = new GroupTranslationRequest(
        "g", KafkaEndpoint.plaintext("a:9092"), KafkaEndpoint.plaintext("b:9092"), null, null, null, 0, true, null, null, null);

    assertEquals(TranslationMode.EXACT, request.mode());
    assertEquals(MigrationDirection.SOURCE_TO_TARGET, request.direction());
    assertEquals(GroupTranslationRequest.DEFAULT_MAX_RECORDS_SCANNED, request.maxRecordsScanned());
    assertEquals(List.of(), request.topics());
  }

  @Test
  void requestAndResultRecordedBeforeIsolationExistedStillRead() {
    String request = """
        {"group":"orders-app","source":{"bootstrapServers":"a:9092"},"target":{"bootstrapServers":"b:9092"},
         "topics":[],"mode":"EXACT","maxReplicationWait":120.0,"maxRecordsScanned":100000,"commit":true,
         "direction":"SOURCE_TO_TARGET","mm2SourceAlias":null}""";
    String partition = """
        {"topic":"orders","partition":3,"sourceCommitted":120,"targetOffset":133,"method":"EXACT_MATCH",
         "evidence":"matched","recordsScanned":4,"uncertaintyRecords":0}""";

    assertNull(read(request, GroupTranslationRequest.class).isolation());
    PartitionTranslation old = read(partition, PartitionTranslation.class);
    assertNull(old.sourceView());
    assertEquals(GroupIsolation.READ_COMMITTED, old.sourceViewOrDefault());
  }

  private <T> T read(String json, Class<T> type) {
    return converter.fromPayload(Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build(), type, type);
  }
}
