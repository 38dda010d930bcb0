package dev.runbook.kafka.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.offsets.LogRecord;
import dev.runbook.kafka.offsets.PartitionLog;
import dev.runbook.kernel.FailureType;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class NamedPartitionLogTest {

  private static final TopicPartition ORDERS_2 = new TopicPartition("orders", 2);

  @Test
  void aFailedReadNamesTheClusterItsPartAndThePartitionButNoCredential() {
    PartitionLog target = new NamedPartitionLog(new FailingLog(new TimeoutException("Timeout of 60000ms expired")),
        new NamedCluster("target", "payments-kafka-bootstrap.shop:9093"), ORDERS_2);

    ServiceFailure failure = assertThrows(ServiceFailure.class, () -> target.read(120, 500));

    assertEquals("Kafka target cluster payments-kafka-bootstrap.shop:9093: read records from offset 120 of orders-2 failed: "
        + "Timeout of 60000ms expired", failure.getMessage());
    assertEquals(FailureType.KAFKA_TIMEOUT.type(), failure.type());
  }

  @Test
  void theUncommittedViewNamesItsClusterToo() {
    PartitionLog source = new NamedPartitionLog(new FailingLog(new KafkaException("broker gone")),
        new NamedCluster("source", "pkc-1.confluent.cloud:9092"), ORDERS_2);

    ServiceFailure failure = assertThrows(ServiceFailure.class, () -> source.uncommittedView().endOffset());

    assertEquals("Kafka source cluster pkc-1.confluent.cloud:9092: read the end offset of orders-2 failed: broker gone",
        failure.getMessage());
    assertFalse(failure.getMessage().contains("sasl"));
  }

  @Test
  void aLogThatIsItsOwnUncommittedViewStaysOneObject() {
    PartitionLog named = new NamedPartitionLog(new FailingLog(null), new NamedCluster("source", "a:9092"), ORDERS_2);

    assertSame(named, named.uncommittedView());
  }

  /** Fails every read with {@code error}; its uncommitted view is another failing log, or itself without an error. */
  private record FailingLog(KafkaException error) implements PartitionLog {
    @Override
    public long logStartOffset() {
      throw error;
    }

    @Override
    public long endOffset() {
      throw error;
    }

    @Override
    public List<LogRecord> read(long fromOffset, int maxRecords) {
      throw error;
    }

    @Override
    public OptionalLong offsetForTimestamp(long timestamp) {
      throw error;
    }

    @Override
    public boolean compacted() {
      return false;
    }

    @Override
    public PartitionLog uncommittedView() {
      return error == null ? this : new FailingLog(error);
    }
  }
}
