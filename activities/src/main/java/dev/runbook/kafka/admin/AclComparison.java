package dev.runbook.kafka.admin;

import dev.runbook.kafka.KafkaActivities.AclsRequest;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/** The target's ACLs of the given principals against the bindings they must have, exactly. */
public final class AclComparison {

  private final KafkaClientFactory clients;

  public AclComparison(KafkaClientFactory clients) {
    this.clients = clients;
  }

  /** One line per binding missing on the target or found there unexpectedly; empty when equal. */
  public List<String> compare(AclsRequest request) {
    Set<String> expected = new TreeSet<>();
    request.expected().values().forEach(bindings -> bindings.forEach(binding -> expected.add(binding.describe())));
    Set<String> actual;
    try (ClusterAdmin cluster = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      actual = cluster.call("describe ACLs", a -> a.describeAcls(AclBindingFilter.ANY).values()).stream()
          .filter(binding -> request.expected().containsKey(binding.entry().principal()))
          .map(AclComparison::binding)
          .map(SourceAcl::describe)
          .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> differences = new ArrayList<>();
    expected.stream().filter(binding -> !actual.contains(binding)).forEach(binding -> differences.add("missing on the target: " + binding));
    actual.stream().filter(binding -> !expected.contains(binding)).forEach(binding -> differences.add("unexpected on the target: " + binding));
    return differences;
  }

  /** A broker binding in the runbook's vocabulary. */
  public static SourceAcl binding(AclBinding binding) {
    return new SourceAcl(binding.entry().principal(), binding.entry().host(), binding.pattern().resourceType().name(),
        binding.pattern().name(), binding.pattern().patternType().name(), binding.entry().operation().name(),
        binding.entry().permissionType().name());
  }
}
