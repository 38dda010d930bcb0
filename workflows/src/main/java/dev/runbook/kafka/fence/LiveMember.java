package dev.runbook.kafka.fence;

import java.util.List;

/** A live member of a consumer group on the source: the client id and host it connects from, the migrated topics it reads. */
public record LiveMember(String group, String clientId, String host, List<String> topics) {

  public LiveMember {
    topics = List.copyOf(topics);
  }

  /** {@code group 'reports' member 'cron-1' from /10.0.0.7 on [orders]}. */
  public String describe() {
    return "group '" + group + "' member '" + clientId + "' from " + host + " on " + topics;
  }
}
