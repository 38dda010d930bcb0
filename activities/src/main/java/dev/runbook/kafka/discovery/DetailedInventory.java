package dev.runbook.kafka.discovery;

import dev.runbook.kafka.KafkaActivities.SourceInventory;
import java.util.List;
import java.util.Map;

/**
 * Discovery as an operator reads it: the runbook's {@link SourceInventory} plus the per-topic and
 * per-partition figures the runbook does not carry in its workflow history.
 *
 * @param topicRecords per selected topic, the sum over its partitions of end minus start offset
 *     (transaction markers count; on compacted topics it is an upper bound)
 * @param committedOffsets every group's committed offset per partition, ordered by group, topic, partition
 */
public record DetailedInventory(SourceInventory inventory, Map<String, Long> topicRecords,
    List<CommittedOffset> committedOffsets) {

  /** A group's committed offset on one partition and the partition's end (read-committed). */
  public record CommittedOffset(String group, String topic, int partition, long committed, long end) {

    /** Records the group has not consumed yet. */
    public long lag() {
      return Math.max(0, end - committed);
    }
  }
}
