package dev.runbook.tools;

import dev.runbook.kafka.clients.KafkaClientFactory;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --source} and {@code --target} options of the commands that read both clusters. */
final class TwoClusterOptions {

  @Option(names = "--source", required = true, paramLabel = "<client.properties|host:port>",
      converter = ClusterAddress.Converter.class, description = "The cluster migrated from.")
  ClusterAddress source;

  @Option(names = "--target", required = true, paramLabel = "<client.properties|host:port>",
      converter = ClusterAddress.Converter.class, description = "The cluster migrated to.")
  ClusterAddress target;

  KafkaClientFactory clients() {
    return KafkaClientFactory.forClientProperties(List.of(source.clientProperties(), target.clientProperties()));
  }
}
