package dev.runbook.airflow;

import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.HeldDag;
import dev.runbook.airflow.AirflowActivities.ProviderInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.TargetReadiness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the target lacks of the source's platform, read from both REST APIs: an older Airflow, a
 * provider package missing or older, a plugin missing; and which DAGs need a missing provider, from
 * their tasks' operator classes and from their import errors. A provider package
 * {@code apache-airflow-providers-cncf-kubernetes} holds the modules under
 * {@code airflow.providers.cncf.kubernetes}. Pure and deterministic.
 *
 * @param gaps one line per finding, for the metadata gate
 * @param missingProviders the source's providers the target does not have at all
 */
public record PlatformParity(List<String> gaps, List<ProviderInfo> missingProviders) {

  private static final String PROVIDER_PACKAGE = "apache-airflow-providers-";

  /** Nothing to compare: runs from before the target's providers were read. */
  public static PlatformParity compare(SourceInventory source, TargetReadiness target) {
    if (source.providers() == null || target.providers() == null) {
      return new PlatformParity(List.of(), List.of());
    }
    List<String> gaps = new ArrayList<>();
    if (source.airflowVersion() != null && target.airflowVersion() != null
        && compareVersions(target.airflowVersion(), source.airflowVersion()) < 0) {
      gaps.add("Airflow " + target.airflowVersion() + " on the target is older than the source's " + source.airflowVersion()
          + ": DAGs written for the source may not parse or run there; upgrade the target's image first");
    }
    Map<String, String> onTarget = target.providers().stream()
        .collect(Collectors.toMap(ProviderInfo::packageName, ProviderInfo::version, (first, second) -> first));
    List<ProviderInfo> missing = new ArrayList<>();
    for (ProviderInfo provider : source.providers()) {
      String there = onTarget.get(provider.packageName());
      if (there == null) {
        missing.add(provider);
        List<String> users = source.dags().stream().filter(dag -> uses(dag, provider)).map(DagInfo::dagId).toList();
        gaps.add("provider " + provider + ": missing on the target"
            + (users.isEmpty() ? "" : " (DAGs whose tasks use it: " + String.join(", ", users) + ")"));
      } else if (compareVersions(there, provider.version()) < 0) {
        gaps.add("provider " + provider.packageName() + ": " + there + " on the target, older than the source's " + provider.version());
      }
    }
    Set<String> targetPlugins = new TreeSet<>(target.plugins() == null ? List.of() : target.plugins());
    source.plugins().stream().filter(plugin -> !targetPlugins.contains(plugin))
        .forEach(plugin -> gaps.add("plugin " + plugin + ": missing on the target (DAGs importing it fail there)"));
    return new PlatformParity(gaps, missing);
  }

  /** The DAGs among {@code dagIds} whose tasks use a provider the target lacks, with the reason. */
  public List<HeldDag> needingMissingProviders(SourceInventory source, List<String> dagIds) {
    Map<String, DagInfo> byId = source.dags().stream().collect(Collectors.toMap(DagInfo::dagId, Function.identity()));
    List<HeldDag> held = new ArrayList<>();
    for (String dagId : dagIds) {
      DagInfo dag = byId.get(dagId);
      List<String> needed = missingProviders.stream().filter(provider -> uses(dag, provider)).map(ProviderInfo::toString).toList();
      if (!needed.isEmpty()) {
        held.add(new HeldDag(dagId, "its tasks use provider " + String.join(", ", needed) + ", missing on the target"));
      }
    }
    return held;
  }

  /** A DAG that failed on the target, its reason naming the missing provider whose module its import error names. */
  public HeldDag explain(HeldDag failed) {
    Map<String, ProviderInfo> byModule = new LinkedHashMap<>();
    missingProviders.forEach(provider -> byModule.put(module(provider), provider));
    return byModule.entrySet().stream().filter(entry -> failed.reason().contains("'" + entry.getKey() + "'")
            || failed.reason().contains("'" + entry.getKey() + "."))
        .findFirst()
        .map(entry -> new HeldDag(failed.dagId(), "needs provider " + entry.getValue() + ", missing on the target: " + failed.reason()))
        .orElse(failed);
  }

  private static boolean uses(DagInfo dag, ProviderInfo provider) {
    String prefix = module(provider) + ".";
    return dag.operatorClasses() != null && dag.operatorClasses().stream().anyMatch(operator -> operator.startsWith(prefix));
  }

  /** {@code apache-airflow-providers-cncf-kubernetes} -> {@code airflow.providers.cncf.kubernetes}. */
  static String module(ProviderInfo provider) {
    String name = provider.packageName();
    String rest = name.startsWith(PROVIDER_PACKAGE) ? name.substring(PROVIDER_PACKAGE.length()) : name;
    return "airflow.providers." + rest.replace('-', '.');
  }

  /** Compares the leading numbers of two versions ({@code 3.3.2}, {@code 2.10.5+astro.1}): negative when {@code a} is older. */
  static int compareVersions(String a, String b) {
    List<Integer> left = numbers(a);
    List<Integer> right = numbers(b);
    for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
      int difference = Integer.compare(i < left.size() ? left.get(i) : 0, i < right.size() ? right.get(i) : 0);
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  private static List<Integer> numbers(String version) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : version.split("\\.")) {
      String digits = part.replaceFirst("^(\\d+).*", "$1");
      if (digits.isEmpty() || !Character.isDigit(digits.charAt(0)) || digits.length() > 9) {
        break;
      }
      numbers.add(Integer.parseInt(digits));
      if (digits.length() != part.length()) {
        break;
      }
    }
    return numbers;
  }
}
